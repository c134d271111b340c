//! Main-content and metadata extraction from HTML news pages.
//!
//! [`extract`] parses the page once, reads its metadata ([`meta`]), locates the article body
//! with a Readability-style scorer over a flat pre-order copy of the tree ([`content`]) and
//! renders it to paragraphs ([`text`]).
//!
//! **Parser.** `html5ever` (through `scraper`): the WHATWG algorithm, so unclosed `<p>`/`<li>`,
//! misnested inline tags, stray end tags and entities are handled exactly as a browser does —
//! the text the scorer sees is the text a reader saw. It parses the WCXB dev pages (188 kB mean)
//! at about 140 MB/s (≈ 750 pages/s on one core), leaving most of the 5 ms per page that
//! 200 pages/s allows for scoring. Faster non-conforming parsers (`tl`, ≈ 800 MB/s) mis-nest
//! real-world markup without implied end tags; streaming rewriters (`lol_html`) give no tree to
//! score. `scraper` keeps the tree in one vector, which we copy into a pre-order array ([`dom`])
//! so that every pass is a loop (no recursion on hostile nesting depth).
//!
//! **Depth guard.** The tree builder's cost grows with the square of the nesting depth, so
//! before parsing a byte scan ([`depth`]) estimates how deep the page nests and a page past
//! [`MAX_DEPTH`] is refused with [`HtmlError::TooDeep`] rather than parsed.

mod content;
mod depth;
mod dom;
mod meta;
mod text;

pub use meta::normalize_date;

use std::collections::BTreeMap;

/// What a page yields: its main text and metadata, each field with its origin.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    pub title: Option<String>,
    pub author: Option<String>,
    /// ISO 8601 date or date-time.
    pub published: Option<String>,
    /// Canonical URL (`<link rel=canonical>`, `og:url`), else the page URL given.
    pub url: Option<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    /// Main text: paragraphs separated by a blank line ("\n\n"), headings and list items as
    /// their own paragraphs; no markup; whitespace inside a paragraph collapsed.
    pub text: String,
    /// Field name (`title`, `author`, `published`, `url`, `site`, `language`, `text`) → origin
    /// (`html:og:title`, `json-ld`, `html:<title>`, …).
    pub origins: BTreeMap<String, String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum HtmlError {
    #[error("no main content found in the page")]
    NoContent,
    /// Elements nested deeper than [`MAX_DEPTH`] (an estimate from a scan before parsing):
    /// the page is refused unparsed.
    #[error("HTML nested more than {MAX_DEPTH} levels deep (hostile or broken page)")]
    TooDeep { depth: usize },
}

/// Deepest element nesting parsed (as estimated by a byte scan before parsing). The parser's
/// cost grows with the square of the depth (about 1.2 s at 20,000 levels), so a small hostile
/// page could stall a batch. Real pages stay far below: the deepest of the 711 WCXB dev pages
/// is 56 levels, by this estimate and in the parsed tree alike, so the limit leaves a wide
/// margin for machine-generated markup and still refuses a hostile page in milliseconds.
pub const MAX_DEPTH: usize = 2000;

/// Below this many non-space characters a strict pass's result is retried relaxed.
const MIN_CHARS: usize = 250;

fn word_key(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn content_chars(paras: &[String]) -> usize {
    paras
        .iter()
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).count())
        .sum()
}

/// Extracts the main content and metadata of a decoded HTML page.
pub fn extract(html: &str, page_url: Option<&str>) -> Result<Article, HtmlError> {
    if html.trim().is_empty() {
        return Err(HtmlError::NoContent);
    }
    let depth = depth::estimate(html);
    if depth > MAX_DEPTH {
        return Err(HtmlError::TooDeep { depth });
    }
    let parsed = scraper::Html::parse_document(html);
    let dom = dom::Dom::new(&parsed);
    let meta = meta::extract(&dom, page_url);

    let title_key = meta.title.as_ref().map(|(t, _)| word_key(t));
    let skip_heading = |h: &str| {
        let k = word_key(h);
        !k.is_empty()
            && title_key
                .as_deref()
                .is_some_and(|t| t == k || (k.len() > 20 && t.contains(&k)))
    };

    let mut best: Vec<String> = Vec::new();
    let mut origin = "html:scored";
    for strict in [true, false] {
        let analysis = content::analyse(&dom, strict);
        let roots = content::select(&dom, &analysis);
        let paras = text::render(&dom, &analysis, &roots, &skip_heading);
        if content_chars(&paras) > content_chars(&best) {
            best = paras;
            origin = if strict {
                "html:scored"
            } else {
                "html:scored-relaxed"
            };
        }
        if content_chars(&best) >= MIN_CHARS {
            break;
        }
    }
    if content_chars(&best) < MIN_CHARS {
        if let Some(body) = meta.article_body.as_deref() {
            let paras: Vec<String> = body.split("\n").filter_map(meta::clean).collect();
            if content_chars(&paras) > content_chars(&best) {
                best = paras;
                origin = "json-ld:articleBody";
            }
        }
    }
    if best.is_empty() {
        return Err(HtmlError::NoContent);
    }

    let mut article = Article {
        text: best.join("\n\n"),
        ..Article::default()
    };
    article.origins.insert("text".into(), origin.into());
    let mut put = |field: &str, v: Option<(String, String)>| -> Option<String> {
        let (value, origin) = v?;
        article.origins.insert(field.into(), origin);
        Some(value)
    };
    let title = put("title", meta.title);
    let author = put("author", meta.author);
    let published = put("published", meta.published);
    let url = put("url", meta.url);
    let site = put("site", meta.site_name);
    let language = put("language", meta.language);
    article.title = title;
    article.author = author;
    article.published = published;
    article.url = url;
    article.site_name = site;
    article.language = language;
    Ok(article)
}

/// The estimated element nesting depth of a page, as [`extract`] checks it against
/// [`MAX_DEPTH`] before parsing.
#[doc(hidden)]
pub fn nesting_depth(html: &str) -> usize {
    depth::estimate(html)
}

/// Describes the strict and relaxed passes' chosen nodes (tag, class, id, characters): for
/// inspecting extraction failures.
#[doc(hidden)]
pub fn explain(html: &str, needle: &str) -> String {
    let parsed = scraper::Html::parse_document(html);
    let dom = dom::Dom::new(&parsed);
    let mut out = String::new();
    if !needle.is_empty() {
        let a = content::analyse(&dom, true);
        if let Some(t) = dom
            .nodes
            .iter()
            .position(|n| matches!(n.data, dom::Data::Text(s) if s.contains(needle)))
        {
            for anc in dom.ancestors(t) {
                let n = &dom.nodes[anc];
                out.push_str(&format!(
                    "  ^ #{anc} <{} class={:?} id={:?} role={:?}> excluded={} chars={}\n",
                    n.tag(),
                    n.attr("class").unwrap_or(""),
                    n.attr("id").unwrap_or(""),
                    n.attr("role").unwrap_or(""),
                    a.excluded[anc],
                    a.chars[anc]
                ));
            }
        }
    }
    for strict in [true, false] {
        let a = content::analyse(&dom, strict);
        let roots = content::select(&dom, &a);
        out.push_str(&format!("strict={strict}\n"));
        for r in roots {
            let n = &dom.nodes[r];
            out.push_str(&format!(
                "  #{r} <{} class={:?} id={:?}> chars={} link={:.2} depth={}\n",
                n.tag(),
                n.attr("class").unwrap_or(""),
                n.attr("id").unwrap_or(""),
                a.chars[r],
                a.link_density(r),
                n.depth
            ));
        }
    }
    out
}
