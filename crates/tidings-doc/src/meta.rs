use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The kind of input a document was read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    #[default]
    Text,
    Html,
    Warc,
    Jsonl,
    Timeml,
}

impl InputFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Html => "html",
            InputFormat::Warc => "warc",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Timeml => "timeml",
        }
    }
}

/// Where a metadata field's value came from, e.g. `"sidecar"`, `"flag"`, `"html:og:title"`,
/// `"json-ld"`, `"dateline"`, `"warc:WARC-Date"`, `"timeml:DCT"`, `"first-line"`.
///
/// A short string rather than an enum: readers keep adding precise origins (which meta tag,
/// which header) and users read them; nothing downstream branches on them.
pub type FieldOrigin = String;

/// Article metadata. Every field that is set has its origin in [`Meta::origins`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Path of the input file (`-` for stdin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Position of the record inside a container (JSON line number, WARC record number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// The record's own id, when the input gives one (JSON lines `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
    pub format: InputFormat,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date or date-time, ISO 8601 (`2021-12-27` or `2021-12-27T10:00:00Z`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The publisher or feed, as given by the user or the page (`Reuters`, `Financial Express`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The site the article is from: the host of its URL, or the page's site name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The dateline place ("MOSCOW, Dec 27 (Reuters) -" gives `MOSCOW`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Field name → where its value came from.
    #[serde(default)]
    pub origins: BTreeMap<String, FieldOrigin>,
}

impl Meta {
    /// Sets a field (by its JSON name) unless it is already set, recording the origin.
    /// Returns whether the value was taken. Earlier sources win, so readers apply the most
    /// trusted source first.
    pub fn offer(&mut self, field: &str, value: &str, origin: &str) -> bool {
        let value = value.trim();
        if value.is_empty() {
            return false;
        }
        let slot = match field {
            "title" => &mut self.title,
            "published" => &mut self.published,
            "author" => &mut self.author,
            "url" => &mut self.url,
            "source" => &mut self.source,
            "site" => &mut self.site,
            "language" => &mut self.language,
            "place" => &mut self.place,
            _ => return false,
        };
        if slot.is_some() {
            return false;
        }
        *slot = Some(value.to_string());
        self.origins.insert(field.to_string(), origin.to_string());
        true
    }

    /// The text fields by their JSON names, in display order.
    pub fn fields(&self) -> [(&'static str, Option<&str>); 8] {
        [
            ("title", self.title.as_deref()),
            ("published", self.published.as_deref()),
            ("author", self.author.as_deref()),
            ("url", self.url.as_deref()),
            ("source", self.source.as_deref()),
            ("site", self.site.as_deref()),
            ("language", self.language.as_deref()),
            ("place", self.place.as_deref()),
        ]
    }

    /// Where a field's value came from, if it is set.
    pub fn origin(&self, field: &str) -> Option<&str> {
        self.origins.get(field).map(String::as_str)
    }

    /// A human-readable name for the item: `path`, `path#record` or `path#id`.
    pub fn item_name(&self) -> String {
        let path = self.path.as_deref().unwrap_or("-");
        match (&self.record_id, self.record) {
            (Some(id), _) => format!("{path}#{id}"),
            (None, Some(n)) => format!("{path}#{n}"),
            (None, None) => path.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_offer_wins_and_records_origin() {
        let mut meta = Meta::default();
        assert!(meta.offer("published", "2021-12-27", "flag"));
        assert!(!meta.offer("published", "2020-01-01", "dateline"));
        assert_eq!(meta.published.as_deref(), Some("2021-12-27"));
        assert_eq!(meta.origin("published"), Some("flag"));
    }

    #[test]
    fn blank_values_are_not_taken() {
        let mut meta = Meta::default();
        assert!(!meta.offer("title", "   ", "first-line"));
        assert!(meta.title.is_none());
        assert!(meta.origin("title").is_none());
    }
}
