//! Site taglines learned across a batch: lines that recur in many documents of one site
//! ("Financial Express is now available on Telegram…", "Reporting by …; editing by …" is
//! *not* one: it varies). No site is named anywhere in code or data.

use crate::lines::{lines, normal_hash};
use std::collections::{HashMap, HashSet};
use tidings_doc::Doc;

/// Lines longer than this are story text, never taglines.
const MAX_TAGLINE_CHARS: usize = 300;

/// How often a line must recur within one site's documents to count as a tagline.
#[derive(Debug, Clone, Copy)]
pub struct TaglinePolicy {
    /// At least this many distinct documents…
    pub min_docs: usize,
    /// …and at least this share of the site's documents in the batch.
    pub min_share: f64,
}

impl Default for TaglinePolicy {
    /// Four documents keeps three updates of one wire story (which share sentences) from
    /// looking like a tagline; 10% keeps a big batch from promoting a popular quote.
    fn default() -> Self {
        TaglinePolicy {
            min_docs: 4,
            min_share: 0.10,
        }
    }
}

/// The taglines of each site, by normal-form hash, with one example text each.
#[derive(Debug, Clone, Default)]
pub struct Taglines {
    by_site: HashMap<String, HashMap<u64, String>>,
}

impl Taglines {
    /// No taglines (cleaning a single document).
    pub fn none() -> Taglines {
        Taglines::default()
    }

    /// Learns taglines from a batch of uncleaned documents.
    pub fn learn<'a>(docs: impl IntoIterator<Item = &'a Doc>, policy: TaglinePolicy) -> Taglines {
        let mut sites: HashMap<String, SiteCounts> = HashMap::new();
        for doc in docs {
            if let Some(site) = site_key(doc) {
                sites.entry(site.to_string()).or_default().add(doc);
            }
        }
        let by_site = sites
            .into_iter()
            .filter_map(|(site, counts)| {
                let found = counts.taglines(policy);
                (!found.is_empty()).then_some((site, found))
            })
            .collect();
        Taglines { by_site }
    }

    /// Whether this (trimmed) line is a tagline of the document's site.
    pub fn contains(&self, doc: &Doc, line: &str) -> bool {
        self.contains_hash(doc, normal_hash(line))
    }

    /// [`Taglines::contains`] for a line whose normal hash is already known.
    pub(crate) fn contains_hash(&self, doc: &Doc, hash: u64) -> bool {
        if self.by_site.is_empty() {
            return false;
        }
        let Some(site) = site_key(doc) else {
            return false;
        };
        self.by_site
            .get(site)
            .is_some_and(|lines| lines.contains_key(&hash))
    }

    /// Every learned tagline as (site, example text), sorted.
    pub fn list(&self) -> Vec<(String, String)> {
        let mut out: Vec<_> = self
            .by_site
            .iter()
            .flat_map(|(site, lines)| lines.values().map(|l| (site.clone(), l.clone())))
            .collect();
        out.sort();
        out
    }

    pub fn is_empty(&self) -> bool {
        self.by_site.is_empty()
    }
}

/// Documents are grouped by site, else by source; a document with neither is never cleaned
/// of taglines (there is nothing to say which documents it shares chrome with).
fn site_key(doc: &Doc) -> Option<&str> {
    doc.meta.site.as_deref().or(doc.meta.source.as_deref())
}

#[derive(Default)]
struct SiteCounts {
    docs: usize,
    lines: HashMap<u64, (usize, String)>,
}

impl SiteCounts {
    fn add(&mut self, doc: &Doc) {
        self.docs += 1;
        let headline = doc.headline.map(|h| h.start as usize);
        let mut seen = HashSet::new();
        for line in lines(&doc.text) {
            if line.is_blank()
                || line.text.chars().count() > MAX_TAGLINE_CHARS
                || Some(line.start) == headline
            {
                continue;
            }
            let hash = normal_hash(line.text);
            if seen.insert(hash) {
                let entry = self
                    .lines
                    .entry(hash)
                    .or_insert_with(|| (0, line.text.to_string()));
                entry.0 += 1;
            }
        }
    }

    fn taglines(self, policy: TaglinePolicy) -> HashMap<u64, String> {
        let needed = policy
            .min_docs
            .max((policy.min_share * self.docs as f64).ceil() as usize);
        self.lines
            .into_iter()
            .filter(|(_, (count, _))| *count >= needed)
            .map(|(hash, (_, text))| (hash, text))
            .collect()
    }
}
