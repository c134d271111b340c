//! HTML pages: decode the bytes (see [`crate::decode::decode_html`]), extract the main text
//! and metadata with `tidings_html::extract`, and map them into [`Meta`]. The title is
//! metadata only; the text is the extracted main text.

use crate::decode::{check_binary_page, decode_html};
use crate::error::{ErrorKind, Notice};
use crate::meta::{finish, offer_date, offer_dateline, offer_flags, offer_site_from_url};
use crate::{sidecar, IngestOptions};
use std::path::Path;
use tidings_doc::{Doc, InputFormat, Meta};
use tidings_html::{Article, HtmlError};

/// An HTML file (`.html`, `.htm`, maybe gzipped), with its sidecar if it has one.
pub(crate) fn read_file(
    name: &str,
    path: Option<&Path>,
    bytes: &[u8],
    opts: &IngestOptions,
    notices: &mut Vec<Notice>,
) -> Result<Doc, ErrorKind> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ErrorKind::Empty(if path.is_some() {
            "file"
        } else {
            "input"
        }));
    }
    check_binary_page(bytes)?;
    let mut meta = Meta {
        path: Some(name.to_string()),
        format: InputFormat::Html,
        ..Meta::default()
    };
    if let Some(path) = path {
        sidecar::apply(path, &mut meta, notices)?;
    }
    let page_url = meta.url.clone().or_else(|| opts.url.clone());
    let html = decode_html(bytes, None, page_url.as_deref());
    let article = extract(&html, page_url.as_deref())?;
    offer_article(&mut meta, &article, notices);
    offer_flags(&mut meta, opts, notices);
    offer_dateline(&mut meta, &article.text, None);
    offer_site_from_url(&mut meta);
    Ok(finish(meta, article.text, None))
}

/// Runs the extractor, mapping its errors.
pub(crate) fn extract(html: &str, page_url: Option<&str>) -> Result<Article, ErrorKind> {
    let article = tidings_html::extract(html, page_url).map_err(|err| match err {
        HtmlError::NoContent => ErrorKind::NoContent,
        HtmlError::TooDeep { depth } => ErrorKind::TooDeep { depth },
    })?;
    if article.text.trim().is_empty() {
        return Err(ErrorKind::NoContent);
    }
    Ok(article)
}

/// Offers the page's metadata with the extractor's origins (`html:og:title`, `json-ld`, …;
/// `html` when it gave none). The site is the page's site name; the URL host comes later,
/// as a fallback.
pub(crate) fn offer_article(meta: &mut Meta, article: &Article, notices: &mut Vec<Notice>) {
    let origin = |field: &str| {
        article
            .origins
            .get(field)
            .or_else(|| {
                (field == "site")
                    .then(|| article.origins.get("site_name"))
                    .flatten()
            })
            .cloned()
            .unwrap_or_else(|| "html".to_string())
    };
    for (field, value) in [
        ("title", &article.title),
        ("author", &article.author),
        ("url", &article.url),
        ("site", &article.site_name),
        ("language", &article.language),
    ] {
        if let Some(value) = value {
            meta.offer(field, value, &origin(field));
        }
    }
    if let Some(published) = &article.published {
        offer_date(meta, notices, published, &origin("published"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn maps_article_fields_with_origins() {
        let article = Article {
            title: Some("Talks".into()),
            author: None,
            published: Some("2021-12-27T13:00:00+03:00".into()),
            url: Some("https://www.example.com/a".into()),
            site_name: Some("Example News".into()),
            language: Some("en".into()),
            text: "Body".into(),
            origins: BTreeMap::from([
                ("title".to_string(), "html:og:title".to_string()),
                ("published".to_string(), "json-ld".to_string()),
            ]),
        };
        let mut meta = Meta::default();
        let mut notes = vec![];
        offer_article(&mut meta, &article, &mut notes);
        assert_eq!(meta.title.as_deref(), Some("Talks"));
        assert_eq!(meta.origin("title"), Some("html:og:title"));
        assert_eq!(meta.published.as_deref(), Some("2021-12-27T10:00:00Z"));
        assert_eq!(meta.origin("published"), Some("json-ld"));
        assert_eq!(meta.site.as_deref(), Some("Example News"));
        assert_eq!(meta.origin("site"), Some("html"));
        offer_site_from_url(&mut meta);
        assert_eq!(meta.site.as_deref(), Some("Example News"));
    }
}
