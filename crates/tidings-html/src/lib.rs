//! Main-content and metadata extraction from HTML news pages.
//!
//! (Interface settled; the extractor itself is being built — see ARCHITECTURE.md.)

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
    /// Field name (`title`, `author`, `published`, `url`, `site`, `language`) → origin
    /// (`html:og:title`, `json-ld`, `html:<title>`, …).
    pub origins: BTreeMap<String, String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum HtmlError {
    #[error("no main content found in the page")]
    NoContent,
}

/// Extracts the main content and metadata of a decoded HTML page.
pub fn extract(html: &str, page_url: Option<&str>) -> Result<Article, HtmlError> {
    let _ = (html, page_url);
    Err(HtmlError::NoContent)
}
