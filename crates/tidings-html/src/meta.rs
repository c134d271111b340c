//! Page metadata: title, author, publication date, canonical URL, site name, language.
//!
//! Sources, strongest first for each field: JSON-LD (`<script type="application/ld+json">`,
//! article-like objects, `@graph` included), OpenGraph / article / Dublin Core / Twitter meta
//! tags, `<link rel=canonical>`, microdata (`itemprop`), then visible markup (`<h1>`,
//! `<time datetime>`, a byline element) and finally the URL itself (a `/2024/03/05/` path).
//! Each chosen value records its origin.

use crate::dom::{Data, Dom};
use serde_json::Value;

#[derive(Debug, Default, Clone)]
pub struct Meta {
    pub title: Option<(String, String)>,
    pub author: Option<(String, String)>,
    pub published: Option<(String, String)>,
    pub url: Option<(String, String)>,
    pub site_name: Option<(String, String)>,
    pub language: Option<(String, String)>,
    /// JSON-LD `articleBody`, when given: a signal for locating the main content.
    pub article_body: Option<String>,
}

#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    author: Option<String>,
    published: Option<String>,
    url: Option<String>,
    publisher: Option<String>,
    site_name: Option<String>,
    language: Option<String>,
    body: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "techarticle",
    "scholarlyarticle",
    "liveblogposting",
    "socialmediaposting",
    "posting",
    "report",
    "medicalwebpage",
    "howto",
    "recipe",
];

fn type_names(v: &Value) -> Vec<String> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|t| t.as_str().map(str::to_ascii_lowercase))
            .collect(),
        _ => vec![],
    }
}

fn str_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => clean(s),
        Value::Array(a) => a.iter().find_map(|x| str_of(Some(x))),
        Value::Object(o) => str_of(o.get("name")).or_else(|| str_of(o.get("@value"))),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Author names from a JSON-LD `author` value (a name, a Person, or a list of those).
fn names_of(v: Option<&Value>) -> Option<String> {
    let names: Vec<String> = match v? {
        Value::Array(a) => a.iter().filter_map(|x| names_of(Some(x))).collect(),
        other => str_of(Some(other)).into_iter().collect(),
    };
    let names: Vec<String> = names
        .into_iter()
        .filter(|n| !n.starts_with("http") && n.chars().count() < 120)
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

fn walk_json_ld(v: &Value, out: &mut JsonLd, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| walk_json_ld(x, out, depth + 1)),
        Value::Object(o) => {
            let types = type_names(v);
            let is_article = types.iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()));
            if is_article {
                if out.headline.is_none() {
                    out.headline = str_of(o.get("headline")).or_else(|| str_of(o.get("name")));
                }
                if out.author.is_none() {
                    out.author = names_of(o.get("author")).or_else(|| names_of(o.get("creator")));
                }
                if out.published.is_none() {
                    out.published =
                        str_of(o.get("datePublished")).or_else(|| str_of(o.get("dateCreated")));
                }
                if out.url.is_none() {
                    out.url = str_of(o.get("url")).filter(|u| u.starts_with("http"));
                }
                if out.publisher.is_none() {
                    out.publisher = o.get("publisher").and_then(|p| str_of(p.get("name")));
                }
                if out.language.is_none() {
                    out.language = str_of(o.get("inLanguage"));
                }
                if out.body.is_none() {
                    out.body = o
                        .get("articleBody")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                }
            } else if types.iter().any(|t| t == "website") && out.site_name.is_none() {
                out.site_name = str_of(o.get("name"));
            } else if types.iter().any(|t| t == "webpage") && out.published.is_none() {
                out.published = str_of(o.get("datePublished"));
            }
            for key in [
                "@graph",
                "mainEntity",
                "mainEntityOfPage",
                "itemListElement",
            ] {
                if let Some(x) = o.get(key) {
                    if x.is_array() || x.is_object() {
                        walk_json_ld(x, out, depth + 1);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Trims, collapses whitespace; `None` when empty.
pub fn clean(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    crate::dom::push_collapsed(&mut out, s.trim());
    let out = out.trim().to_owned();
    (!out.is_empty()).then_some(out)
}

/// Removes a "By " prefix and trailing separators from a byline.
fn clean_author(s: &str) -> Option<String> {
    let s = clean(s)?;
    let mut t = s.as_str();
    for prefix in [
        "By ",
        "by ",
        "BY ",
        "Von ",
        "Par ",
        "Por ",
        "Author: ",
        "Written by ",
    ] {
        if let Some(r) = t.strip_prefix(prefix) {
            t = r;
        }
    }
    let t = t.trim_matches(|c: char| c == '|' || c == ',' || c == '-' || c.is_whitespace());
    if t.is_empty() || t.starts_with("http") || t.chars().count() > 100 {
        return None;
    }
    Some(t.to_owned())
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn ymd(y: u32, m: u32, d: u32) -> Option<String> {
    ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Normalises a date string to ISO 8601: keeps an ISO date-time as given (with `T`), turns
/// `2024/03/05`, `March 5, 2024`, `5 March 2024` into `2024-03-05`. Ambiguous numeric forms
/// (`03/05/2024`) are read month-first only when the day is unambiguous (> 12), otherwise
/// dropped.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    // ISO: YYYY-MM-DD[Thh:mm[:ss][zone]]
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && (b[4] == b'-' || b[4] == b'/' || b[4] == b'.')
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b[4]
        && b[8..10].iter().all(u8::is_ascii_digit)
    {
        let date = ymd(digits(&s[..4])?, digits(&s[5..7])?, digits(&s[8..10])?)?;
        if b.len() >= 16 && (b[10] == b'T' || b[10] == b' ') && b[13] == b':' {
            let rest: String = s[10..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || ":+-.TZ ".contains(*c))
                .collect();
            let rest = rest.trim_end().replacen(' ', "T", 1);
            return Some(format!("{date}{rest}"));
        }
        return Some(date);
    }
    // Textual: tokens of letters / digits
    let toks: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let month_of = |t: &str| {
        (t.len() >= 3 && t.is_ascii())
            .then(|| MONTHS.iter().position(|m| t.starts_with(m)))
            .flatten()
            .map(|m| m as u32 + 1)
    };
    let day_of = |t: &str| {
        let d = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        digits(d).filter(|d| (1..=31).contains(d) && t.len() <= 4)
    };
    for (i, t) in toks.iter().enumerate() {
        if let Some(m) = month_of(t) {
            let year = toks
                .iter()
                .skip(i + 1)
                .take(3)
                .find_map(|x| digits(x).filter(|y| *y >= 1990 && x.len() == 4));
            let Some(y) = year else { continue };
            // Month Day, Year
            if let Some(d) = toks.get(i + 1).and_then(|x| day_of(x)) {
                if let Some(r) = ymd(y, m, d) {
                    return Some(r);
                }
            }
            // Day Month Year
            if let Some(d) = i.checked_sub(1).and_then(|j| day_of(&toks[j])) {
                if let Some(r) = ymd(y, m, d) {
                    return Some(r);
                }
            }
        }
    }
    // Numeric D/M/Y or M/D/Y
    let nums: Vec<u32> = toks.iter().take(3).filter_map(|t| digits(t)).collect();
    if toks.len() >= 3 && nums.len() == 3 && toks[2].len() == 4 {
        let (a, bb, y) = (nums[0], nums[1], nums[2]);
        if a > 12 {
            return ymd(y, bb, a);
        }
        if bb > 12 {
            return ymd(y, a, bb);
        }
    }
    None
}

/// A date in the URL path: `/2024/03/05/`, `/2024-03-05/`.
fn date_from_url(url: &str) -> Option<String> {
    let path = url.split("://").nth(1).unwrap_or(url);
    let parts: Vec<&str> = path.split(['/', '-', '_']).collect();
    for w in parts.windows(3) {
        if w[0].len() == 4 && w[1].len() == 2 && w[2].len() == 2 {
            if let (Some(y), Some(m), Some(d)) = (digits(w[0]), digits(w[1]), digits(w[2])) {
                if let Some(r) = ymd(y, m, d) {
                    return Some(r);
                }
            }
        }
    }
    None
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Keeps the headline part of a `<title>`/`og:title`: drops a trailing " | Site", " - Site" when
/// the suffix is the site name or short compared with the rest.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " – ", " — ", " - ", " :: ", " · ", " • "] {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let tail_words = tail.split_whitespace().count();
            let is_site = site.is_some_and(|s| {
                let (s, t) = (s.to_lowercase(), tail.to_lowercase());
                t.contains(&s) || s.contains(&t)
            });
            if !head.trim().is_empty() && (is_site || (tail_words <= 4 && head.len() > tail.len()))
            {
                return strip_site_suffix(head.trim(), site);
            }
        }
    }
    title.to_owned()
}

fn norm_words(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn set(slot: &mut Option<(String, String)>, value: Option<String>, origin: &str) {
    if slot.is_none() {
        if let Some(v) = value {
            *slot = Some((v, origin.to_owned()));
        }
    }
}

/// Reads the metadata of a parsed page.
pub fn extract(dom: &Dom, page_url: Option<&str>) -> Meta {
    let mut metas: Vec<(String, &str)> = Vec::new(); // (key lowercased, content)
    let mut canonical = None;
    let mut title_tag = None;
    let mut json = JsonLd::default();
    let mut html_lang = None;
    let mut first_h1 = None;
    let mut time_datetime = None;
    let mut itemprop_author = None;
    let mut itemprop_date = None;
    let mut rel_author = None;
    let mut byline = None;
    for (i, n) in dom.nodes.iter().enumerate() {
        let Data::Element(e) = n.data else { continue };
        match e.name() {
            "html" if html_lang.is_none() => html_lang = e.attr("lang").and_then(clean),
            "meta" => {
                let content = e.attr("content").unwrap_or("");
                for key in ["property", "name", "itemprop", "http-equiv"] {
                    if let Some(k) = e.attr(key) {
                        metas.push((k.trim().to_ascii_lowercase(), content));
                    }
                }
            }
            "link" => {
                let rel = e.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && canonical.is_none() {
                    canonical = e
                        .attr("href")
                        .and_then(clean)
                        .filter(|h| h.starts_with("http"));
                }
            }
            "title" if title_tag.is_none() => title_tag = clean(&dom.text_of(i)),
            "script"
                if e.attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                let raw = dom.text_of(i);
                if let Ok(v) = serde_json::from_str::<Value>(&raw) {
                    walk_json_ld(&v, &mut json, 0);
                }
            }
            "h1" if first_h1.is_none() => first_h1 = clean(&dom.text_of(i)),
            "time" if time_datetime.is_none() => {
                time_datetime = e.attr("datetime").and_then(normalize_date)
            }
            "a" if rel_author.is_none() && e.attr("rel").is_some_and(|r| r.contains("author")) => {
                rel_author = clean_author(&dom.text_of(i));
            }
            _ => {}
        }
        if let Some(prop) = e.attr("itemprop") {
            if prop == "author" && itemprop_author.is_none() && e.name() != "meta" {
                // a Person with a name inside, or the element's own text
                let name = dom.nodes[i..n.end as usize]
                    .iter()
                    .position(|d| d.attr("itemprop") == Some("name"))
                    .map(|off| i + off);
                itemprop_author = match name {
                    Some(j) => dom.nodes[j]
                        .attr("content")
                        .and_then(clean_author)
                        .or_else(|| clean_author(&dom.text_of(j))),
                    None => clean_author(&dom.text_of(i)),
                };
            } else if prop == "datePublished" && itemprop_date.is_none() && e.name() != "meta" {
                itemprop_date = e
                    .attr("datetime")
                    .or(e.attr("content"))
                    .and_then(normalize_date)
                    .or_else(|| normalize_date(&dom.text_of(i)));
            }
        }
        if byline.is_none() && e.name() != "meta" && e.name() != "body" && e.name() != "html" {
            let cls = e.attr("class").unwrap_or("");
            if (cls.contains("byline") || cls.contains("author-name") || cls == "author")
                && (n.end - i as u32) < 40
            {
                byline = clean_author(&dom.text_of(i));
            }
        }
    }
    let meta_get = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            metas
                .iter()
                .find(|(mk, c)| mk == k && !c.trim().is_empty())
                .map(|(_, c)| *c)
        })
    };

    let mut m = Meta {
        article_body: json.body.clone(),
        ..Meta::default()
    };

    // URL
    set(&mut m.url, canonical, "html:link[rel=canonical]");
    set(
        &mut m.url,
        meta_get(&["og:url"]).and_then(clean),
        "html:og:url",
    );
    set(&mut m.url, json.url.clone(), "json-ld");
    set(&mut m.url, page_url.and_then(clean), "page-url");

    // Site name
    set(
        &mut m.site_name,
        meta_get(&["og:site_name"]).and_then(clean),
        "html:og:site_name",
    );
    set(&mut m.site_name, json.publisher.clone(), "json-ld");
    set(&mut m.site_name, json.site_name.clone(), "json-ld");
    set(
        &mut m.site_name,
        meta_get(&["application-name", "twitter:site"])
            .and_then(clean)
            .map(|s| s.trim_start_matches('@').to_owned()),
        "html:meta[name=application-name]",
    );
    set(
        &mut m.site_name,
        m.url.as_ref().and_then(|(u, _)| host_of(u)),
        "url-host",
    );
    let site = m.site_name.as_ref().map(|(s, _)| s.clone());

    // Title: the visible headline when a meta title confirms it, else the meta titles.
    let og = meta_get(&["og:title"]).and_then(clean);
    let tw = meta_get(&["twitter:title"]).and_then(clean);
    let h1 = first_h1.filter(|h| {
        let nh = norm_words(h);
        !nh.is_empty()
            && [&og, &json.headline, &title_tag, &tw]
                .iter()
                .filter_map(|t| t.as_deref())
                .any(|t| norm_words(t).contains(&nh))
    });
    set(&mut m.title, h1, "html:<h1>");
    set(&mut m.title, json.headline.clone(), "json-ld");
    set(
        &mut m.title,
        og.map(|t| strip_site_suffix(&t, site.as_deref())),
        "html:og:title",
    );
    set(
        &mut m.title,
        tw.map(|t| strip_site_suffix(&t, site.as_deref())),
        "html:twitter:title",
    );
    set(
        &mut m.title,
        title_tag.map(|t| strip_site_suffix(&t, site.as_deref())),
        "html:<title>",
    );

    // Author
    set(
        &mut m.author,
        json.author.as_deref().and_then(clean_author),
        "json-ld",
    );
    set(
        &mut m.author,
        meta_get(&["author"]).and_then(clean_author),
        "html:meta[name=author]",
    );
    set(
        &mut m.author,
        meta_get(&[
            "article:author",
            "dc.creator",
            "dcterms.creator",
            "parsely-author",
            "sailthru.author",
            "citation_author",
        ])
        .and_then(clean_author),
        "html:meta[article:author]",
    );
    set(&mut m.author, itemprop_author, "html:[itemprop=author]");
    set(&mut m.author, rel_author, "html:a[rel=author]");
    set(&mut m.author, byline, "html:.byline");

    // Published
    set(
        &mut m.published,
        json.published.as_deref().and_then(normalize_date),
        "json-ld",
    );
    set(
        &mut m.published,
        meta_get(&[
            "article:published_time",
            "og:published_time",
            "og:article:published_time",
        ])
        .and_then(normalize_date),
        "html:meta[article:published_time]",
    );
    set(
        &mut m.published,
        meta_get(&[
            "datepublished",
            "date",
            "pubdate",
            "publishdate",
            "publish-date",
            "publish_date",
            "dc.date",
            "dc.date.issued",
            "dcterms.date",
            "dcterms.created",
            "sailthru.date",
            "parsely-pub-date",
            "citation_publication_date",
            "citation_date",
            "article.published",
            "published_time",
        ])
        .and_then(normalize_date),
        "html:meta[name=date]",
    );
    set(
        &mut m.published,
        itemprop_date,
        "html:[itemprop=datePublished]",
    );
    set(&mut m.published, time_datetime, "html:<time datetime>");
    set(
        &mut m.published,
        m.url.as_ref().and_then(|(u, _)| date_from_url(u)),
        "url-path",
    );

    // Language
    set(&mut m.language, html_lang, "html:<html lang>");
    set(
        &mut m.language,
        meta_get(&["content-language", "language", "dc.language"]).and_then(clean),
        "html:meta[http-equiv=content-language]",
    );
    set(&mut m.language, json.language.clone(), "json-ld");
    set(
        &mut m.language,
        meta_get(&["og:locale"]).and_then(clean),
        "html:og:locale",
    );
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_dates() {
        assert_eq!(normalize_date("2024-03-05").as_deref(), Some("2024-03-05"));
        assert_eq!(
            normalize_date("2024-03-05T10:20:00+01:00").as_deref(),
            Some("2024-03-05T10:20:00+01:00")
        );
        assert_eq!(normalize_date("2024/03/05").as_deref(), Some("2024-03-05"));
        assert_eq!(
            normalize_date("March 5, 2024").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            normalize_date("5th Mar 2024").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            normalize_date("Published: Sep 14 2023, 10:00").as_deref(),
            Some("2023-09-14")
        );
        assert_eq!(normalize_date("25/12/2023").as_deref(), Some("2023-12-25"));
        assert_eq!(normalize_date("03/05/2024"), None);
        assert_eq!(normalize_date("2024-13-45"), None);
        assert_eq!(normalize_date("yesterday"), None);
    }

    #[test]
    fn url_dates_and_hosts() {
        assert_eq!(
            date_from_url("https://x.com/2025/09/04/some-story/").as_deref(),
            Some("2025-09-04")
        );
        assert_eq!(date_from_url("https://x.com/a/b"), None);
        assert_eq!(
            host_of("https://www.Example.com/x").as_deref(),
            Some("example.com")
        );
    }

    #[test]
    fn strips_site_suffixes() {
        assert_eq!(
            strip_site_suffix("Big news today | The Daily", None),
            "Big news today"
        );
        assert_eq!(
            strip_site_suffix("Talks - what comes next - Wire", Some("Wire")),
            "Talks - what comes next"
        );
        assert_eq!(strip_site_suffix("A - B", None), "A - B");
    }

    #[test]
    fn cleans_bylines() {
        assert_eq!(clean_author("  By Jane  Doe ").as_deref(), Some("Jane Doe"));
        assert_eq!(clean_author("https://x.com/jane"), None);
    }
}
