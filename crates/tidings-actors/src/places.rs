//! The place gazetteer (`data/places.tsv.gz`: countries, demonyms, first-level regions and
//! cities of at least 15,000 people, from GeoNames, countryinfo and pycountry; see
//! `data/SOURCE.md`), and the choice among places that share a name.

use std::io::Read;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::error::DictError;

/// What a gazetteer row names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Country,
    /// A demonym or adjective of a country (`Russian`): a NORP, not a place, but it names
    /// the country's code.
    Demonym,
    Admin1,
    City,
}

/// One gazetteer row.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRow {
    pub kind: PlaceKind,
    pub name: String,
    /// ISO 3166-1 alpha-2 code of the country.
    pub iso2: String,
    /// CAMEO code of the country.
    pub cameo: String,
    /// Coordinates (first-level regions have none).
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub population: u64,
    /// `country`, `NORP`, `admin1:<type>`, `capital` or `city`.
    pub feature: String,
    pub id: String,
}

impl PlaceRow {
    pub fn is_capital(&self) -> bool {
        self.feature == "capital"
    }

    /// The document model's record of this place.
    pub fn to_place(&self) -> tidings_doc::Place {
        let feature = match self.kind {
            PlaceKind::Admin1 => "admin1",
            _ => self.feature.as_str(),
        };
        tidings_doc::Place {
            name: self.name.clone(),
            feature: feature.to_string(),
            country: self.iso2.clone(),
            cameo: self.cameo.clone(),
            lat: self.lat,
            lon: self.lon,
            id: self.id.clone(),
        }
    }
}

/// The gazetteer, indexed by lower-cased name, ASCII name and alternative names.
#[derive(Debug, Default)]
pub struct Places {
    rows: Vec<PlaceRow>,
    by_name: FxHashMap<String, Vec<u32>>,
    /// ISO alpha-2 code → the country's row.
    countries: FxHashMap<String, u32>,
}

/// The gazetteer shipped with this crate.
pub fn default_places_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/places.tsv.gz")
}

impl Places {
    /// Reads a gazetteer file (gzip-compressed or plain TSV with the header of
    /// `data/places.tsv.gz`). Rows that cannot be read are returned with their line numbers.
    pub fn load(path: &Path) -> Result<(Places, Vec<String>), DictError> {
        let io = |source| DictError::Io {
            path: path.to_path_buf(),
            source,
        };
        let bytes = std::fs::read(path).map_err(io)?;
        let mut text = String::new();
        if bytes.starts_with(&[0x1f, 0x8b]) {
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .map_err(io)?;
        } else {
            text = String::from_utf8(bytes)
                .map_err(|e| io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
        }
        Ok(Places::parse(&text, path))
    }

    /// Parses the TSV text; `path` names the file in error lines.
    pub fn parse(text: &str, path: &Path) -> (Places, Vec<String>) {
        let mut places = Places::default();
        let mut bad = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.starts_with("kind\t") || line.trim().is_empty() {
                continue;
            }
            match parse_row(line) {
                Some((row, alt)) => places.add(row, alt),
                None => bad.push(format!(
                    "{}:{}: not a gazetteer row (11 tab-separated fields), skipped: {line}",
                    path.display(),
                    n + 1
                )),
            }
        }
        (places, bad)
    }

    fn add(&mut self, row: PlaceRow, alt: Vec<String>) {
        let id = self.rows.len() as u32;
        let mut keys: Vec<String> = alt.iter().map(|a| name_key(a)).collect();
        keys.push(name_key(&row.name));
        keys.sort();
        keys.dedup();
        for key in keys.into_iter().filter(|k| !k.is_empty()) {
            self.by_name.entry(key).or_default().push(id);
        }
        if row.kind == PlaceKind::Country {
            self.countries.entry(row.iso2.clone()).or_insert(id);
        }
        self.rows.push(row);
    }

    /// Every row, in file order.
    pub fn rows(&self) -> impl Iterator<Item = &PlaceRow> {
        self.rows.iter()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Every row named `name` (any case), in file order.
    pub fn candidates(&self, name: &str) -> impl Iterator<Item = &PlaceRow> {
        self.by_name
            .get(&name_key(name))
            .into_iter()
            .flatten()
            .map(|&i| &self.rows[i as usize])
    }

    /// The place `name` most likely means: a country before a region before a city; among
    /// several, one in a country of `context` (ISO alpha-2 codes, most relevant first), then
    /// capitals, then the most populous. Demonyms are not places and are never returned.
    pub fn resolve(&self, name: &str, context: &[&str]) -> Option<&PlaceRow> {
        let rank = |r: &PlaceRow| {
            let kind = match r.kind {
                PlaceKind::Country => 0,
                PlaceKind::Admin1 => 2,
                PlaceKind::City => 1,
                PlaceKind::Demonym => 3,
            };
            let in_context = context
                .iter()
                .position(|c| *c == r.iso2)
                .unwrap_or(usize::MAX);
            (
                kind.min(1),
                in_context,
                !r.is_capital(),
                kind,
                std::cmp::Reverse(r.population),
            )
        };
        self.candidates(name)
            .filter(|r| r.kind != PlaceKind::Demonym)
            .min_by_key(|r| rank(r))
    }

    /// The country a demonym or country name stands for (`Russian`, `Russia` → the row of
    /// Russia).
    pub fn country_of(&self, name: &str) -> Option<&PlaceRow> {
        let row = self
            .candidates(name)
            .find(|r| matches!(r.kind, PlaceKind::Country | PlaceKind::Demonym))?;
        self.country_by_iso2(&row.iso2)
    }

    /// The country row with this ISO alpha-2 code.
    pub fn country_by_iso2(&self, iso2: &str) -> Option<&PlaceRow> {
        self.countries.get(iso2).map(|&i| &self.rows[i as usize])
    }
}

/// The lookup key of a name: lower case, single spaces, straight apostrophes.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            let c = if c == '’' { '\'' } else { c };
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// An empty field is no coordinate; anything else must be a number.
fn coordinate(field: &str) -> Option<Option<f64>> {
    if field.is_empty() {
        Some(None)
    } else {
        field.parse().ok().map(Some)
    }
}

fn parse_row(line: &str) -> Option<(PlaceRow, Vec<String>)> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() != 11 {
        return None;
    }
    let kind = match f[0] {
        "country" => PlaceKind::Country,
        "demonym" => PlaceKind::Demonym,
        "admin1" => PlaceKind::Admin1,
        "city" => PlaceKind::City,
        _ => return None,
    };
    let mut alt: Vec<String> = f[3]
        .split('|')
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect();
    alt.push(f[2].to_string());
    let row = PlaceRow {
        kind,
        name: f[1].to_string(),
        iso2: f[4].to_string(),
        cameo: f[5].to_string(),
        lat: coordinate(f[6])?,
        lon: coordinate(f[7])?,
        population: f[8].parse().unwrap_or(0),
        feature: f[9].to_string(),
        id: f[10].to_string(),
    };
    Some((row, alt))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "\
kind\tname\tasciiname\taltnames\tiso2\tcameo\tlat\tlon\tpopulation\tfeature\tid
country\tRussia\tRussia\tRussian Federation\tRU\tRUS\t60.0\t100.0\t140702000\tcountry\t2017370
country\tUnited States\tUnited States\tUSA|United States of America\tUS\tUSA\t39.76\t-98.5\t327167434\tcountry\t6252001
demonym\tRussian\tRussian\t\tRU\tRUS\t60.0\t100.0\t0\tNORP\t
admin1\tIdaho\tIdaho\t\tUS\tUSA\t44.5\t-114.2\t0\tadmin1:State\tUS-ID
city\tMoscow\tMoscow\tMoskva\tRU\tRUS\t55.7520\t37.6178\t10381222\tcapital\t524901
city\tMoscow\tMoscow\tMoskou\tUS\tUSA\t46.7324\t-117.0002\t25060\tcity\t5601538
broken line
";

    #[test]
    fn context_chooses_among_namesakes() {
        let (places, bad) = Places::parse(TSV, Path::new("t.tsv"));
        assert_eq!(bad.len(), 1);
        assert!(bad[0].starts_with("t.tsv:8:"), "{bad:?}");
        assert_eq!(places.resolve("Moscow", &[]).unwrap().iso2, "RU");
        assert_eq!(places.resolve("MOSCOW", &["US"]).unwrap().iso2, "US");
        assert_eq!(places.resolve("moskva", &[]).unwrap().id, "524901");
        assert!(places.resolve("Russian", &[]).is_none());
        assert_eq!(places.country_of("Russian").unwrap().cameo, "RUS");
        assert_eq!(places.resolve("United  States", &[]).unwrap().cameo, "USA");
    }
}
