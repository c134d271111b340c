//! Shared metadata plumbing: the precedence of sources, JSON metadata fields, flags,
//! datelines, the site from the URL, and the content id.
//!
//! Every reader offers values to [`Meta::offer`] from the most to the least trusted source
//! (the first offer wins):
//!
//! 1. the document's own metadata: a sidecar `NAME.json`, a JSON line's fields, the page's
//!    metadata (via `tidings_html`), a TimeML `DCT`/`TITLE`, a WARC record's `WARC-Target-URI`;
//! 2. the run's flags (`--published`, `--source`, `--url`: defaults for every document);
//! 3. what is inferred from the text or the container: the dateline, the first line as title,
//!    a WARC record's `WARC-Date` (a crawl time: only an upper bound on publication), the URL
//!    host as site.

use crate::dateline;
use crate::dates;
use crate::error::{Notice, NoticeKind};
use crate::IngestOptions;
use serde_json::{Map, Value};
use tidings_doc::{Doc, Meta, Span};

/// First 16 hex digits of BLAKE3 over `title`, a 0x00 byte and the reader's text.
pub fn content_id(title: Option<&str>, text: &str) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(title.unwrap_or("").as_bytes());
    hasher.update(&[0]);
    hasher.update(text.as_bytes());
    hasher.finalize().to_hex()[..16].to_string()
}

/// Builds the finished document: id from the title and text.
pub(crate) fn finish(meta: Meta, text: String, headline: Option<Span>) -> Doc {
    let id = content_id(meta.title.as_deref(), &text);
    let mut doc = Doc::new(id, meta, text);
    doc.headline = headline;
    doc
}

/// The span of the text's first non-blank line when it repeats the title (JSON records often
/// start their text with the headline): it is the headline, and the body starts after it.
pub(crate) fn leading_title(text: &str, title: Option<&str>) -> Option<Span> {
    let title = title?.trim();
    let start = text.len() - text.trim_start().len();
    let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    let line = text[start..end].trim_end();
    (!title.is_empty() && line == title).then(|| Span::new(start, start + line.len()))
}

/// Offers a date after normalising it; an unrecognised value is left out and noted.
pub(crate) fn offer_date(
    meta: &mut Meta,
    notices: &mut Vec<Notice>,
    value: &str,
    origin: &str,
) -> bool {
    if value.trim().is_empty() {
        return false;
    }
    match dates::normalize(value) {
        Some(iso) => meta.offer("published", &iso, origin),
        None => {
            notices.push(Notice {
                item: meta.item_name(),
                kind: NoticeKind::UnparsedDate {
                    origin: origin.to_string(),
                    value: value.chars().take(80).collect(),
                },
            });
            false
        }
    }
}

/// The run's flags, as defaults under the document's own metadata.
pub(crate) fn offer_flags(meta: &mut Meta, opts: &IngestOptions, notices: &mut Vec<Notice>) {
    if let Some(published) = &opts.published {
        offer_date(meta, notices, published, "flag");
    }
    if let Some(source) = &opts.source {
        meta.offer("source", source, "flag");
    }
    if let Some(url) = &opts.url {
        meta.offer("url", url, "flag");
    }
}

/// A reference date an article cannot be later than (a crawl date), and where it came from.
pub(crate) type Reference<'a> = Option<(&'a str, &'a str)>;

/// Reads a dateline at the start of `body` (its first non-blank line): `place`, and the date
/// when no more trusted source gave one. A dateline without a year takes it from `reference`
/// (see [`dateline::Dateline::date`]); without a reference the date stays unset.
pub(crate) fn offer_dateline(meta: &mut Meta, body: &str, reference: Reference) {
    let start = body.len() - body.trim_start().len();
    let Some(line) = dateline::parse(&body[start..]) else {
        return;
    };
    meta.offer("place", &line.place, "dateline");
    let reference_ymd = reference.and_then(|(iso, _)| dates::ymd(iso));
    if let Some((date, inferred)) = line.date(reference_ymd) {
        let origin = match (inferred, reference) {
            (true, Some((_, from))) => format!("dateline (year from {from})"),
            _ => "dateline".to_string(),
        };
        meta.offer("published", &date, &origin);
    }
}

/// The site from the URL host when the page named none (`www.` dropped).
pub(crate) fn offer_site_from_url(meta: &mut Meta) {
    if meta.site.is_some() {
        return;
    }
    if let Some(host) = meta.url.as_deref().and_then(url_host) {
        let site = host.strip_prefix("www.").unwrap_or(&host).to_string();
        meta.offer("site", &site, "url-host");
    }
}

/// The lower-cased host of an absolute URL (`https://user@Www.Example.com:8080/x` gives
/// `www.example.com`), or `None` for anything else.
pub(crate) fn url_host(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+')
    {
        return None;
    }
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = authority.rsplit('@').next()?;
    let host = if let Some(v6) = host.strip_prefix('[') {
        &v6[..v6.find(']')?]
    } else {
        host.split(':').next()?
    };
    let host = host.trim_end_matches('.');
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Offers the metadata fields of a JSON object (a sidecar or a JSON line) with `origin`.
///
/// Keys: `title`, `published` (alias `date`, `date_publish`), `url`, `source`, `author`
/// (alias `authors`, a list), `site` (alias `site_name`, `source_domain`), `language`, `place`.
/// Numbers are taken as their text (`"published": 20211227`); `null` is absent; any other type
/// is an error naming the key.
pub(crate) fn offer_json_fields(
    meta: &mut Meta,
    notices: &mut Vec<Notice>,
    obj: &Map<String, Value>,
    origin: &str,
) -> Result<(), String> {
    for (field, keys) in [
        ("title", &["title"][..]),
        ("url", &["url"]),
        ("source", &["source"]),
        ("author", &["author", "authors"]),
        ("site", &["site", "site_name", "source_domain"]),
        ("language", &["language"]),
        ("place", &["place"]),
        ("published", &["published", "date", "date_publish"]),
    ] {
        for key in keys {
            let Some(value) = json_text(obj, key)? else {
                continue;
            };
            let taken = if field == "published" {
                offer_date(meta, notices, &value, origin)
            } else {
                meta.offer(field, &value, origin)
            };
            if taken {
                break;
            }
        }
    }
    Ok(())
}

/// A JSON value as text: strings as they are, numbers and booleans written out, lists of
/// strings joined with ", ", `null` as absent.
pub(crate) fn json_text(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Ok(Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        )),
        Some(other) => Err(format!(
            "\"{key}\" must be a string, found {}",
            json_type(other)
        )),
    }
}

pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `\r\n` and lone `\r` to `\n` (readers hand cleaning one line-ending convention).
pub(crate) fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_id_is_stable_and_separates_title_from_text() {
        let id = content_id(Some("Title"), "Body");
        assert_eq!(id.len(), 16);
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(id, content_id(Some("Title"), "Body"));
        assert_ne!(id, content_id(Some("TitleB"), "ody"));
        assert_eq!(content_id(None, "x"), content_id(Some(""), "x"));
        let want = blake3::hash(b"Title\0Body").to_hex()[..16].to_string();
        assert_eq!(id, want);
    }

    #[test]
    fn hosts() {
        assert_eq!(
            url_host("https://user@Www.Example.com:8080/x?y").as_deref(),
            Some("www.example.com")
        );
        assert_eq!(url_host("http://[::1]:80/").as_deref(), Some("::1"));
        assert_eq!(url_host("example.com/x"), None);
        assert_eq!(url_host("https:///x"), None);
    }

    #[test]
    fn site_drops_www() {
        let mut meta = Meta::default();
        meta.offer("url", "https://www.reuters.com/world/x", "flag");
        offer_site_from_url(&mut meta);
        assert_eq!(meta.site.as_deref(), Some("reuters.com"));
        assert_eq!(meta.origin("site"), Some("url-host"));
    }

    #[test]
    fn a_first_line_repeating_the_title_is_the_headline() {
        let text = "\nTalks resume\n\nDOHA, June 2 (AFP) - Talks resumed.";
        let span = leading_title(text, Some("Talks resume")).unwrap();
        assert_eq!(&text[span.range()], "Talks resume");
        assert!(leading_title(text, Some("Other title")).is_none());
        assert!(leading_title(text, None).is_none());
    }

    #[test]
    fn dateline_fills_place_and_dates_only_with_a_year() {
        let mut meta = Meta::default();
        offer_dateline(&mut meta, "\n  MOSCOW, Dec 27 (Reuters) - Talks", None);
        assert_eq!(meta.place.as_deref(), Some("MOSCOW"));
        assert_eq!(meta.published, None);

        let mut meta = Meta::default();
        offer_dateline(
            &mut meta,
            "MOSCOW, Dec 27 (Reuters) - Talks",
            Some(("2022-01-02T08:00:00Z", "warc:WARC-Date")),
        );
        assert_eq!(meta.published.as_deref(), Some("2021-12-27"));
        assert_eq!(
            meta.origin("published"),
            Some("dateline (year from warc:WARC-Date)")
        );
    }

    #[test]
    fn json_fields_with_aliases_and_types() {
        let obj: Map<String, Value> = serde_json::from_str(
            r#"{"title":"T","date_publish":"2021-12-27 10:00:00","authors":["A","B"],"published":null}"#,
        )
        .unwrap();
        let mut meta = Meta::default();
        let mut notes = vec![];
        offer_json_fields(&mut meta, &mut notes, &obj, "json").unwrap();
        assert_eq!(meta.published.as_deref(), Some("2021-12-27T10:00:00"));
        assert_eq!(meta.author.as_deref(), Some("A, B"));
        let obj: Map<String, Value> = serde_json::from_str(r#"{"title":{"a":1}}"#).unwrap();
        let err = offer_json_fields(&mut meta, &mut notes, &obj, "json").unwrap_err();
        assert_eq!(err, "\"title\" must be a string, found an object");
    }

    #[test]
    fn unparsed_dates_are_noted() {
        let mut meta = Meta {
            path: Some("a.txt".into()),
            ..Meta::default()
        };
        let mut notes = vec![];
        assert!(!offer_date(&mut meta, &mut notes, "yesterday", "sidecar"));
        assert_eq!(notes.len(), 1);
        assert_eq!(
            notes[0].to_string(),
            "a.txt: ignored unrecognised date \"yesterday\" from sidecar"
        );
    }
}
