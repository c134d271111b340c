//! Readers for gold formats and scorers.
//!
//! - [`shingles`]: the Zyte article-extraction benchmark's article-body metric.
//! - [`wcxb`]: the WCXB dev split (HTML pages with main-content, title, author and date gold),
//!   an extractor runner and its [`wcxb::Report`].

pub mod shingles;
pub mod wcxb;
