//! Gazetteers. At training time [`GazSource`] reads the place gazetteer
//! (`crates/tidings-actors/data/places.tsv.gz`: countries, demonyms, first-level regions,
//! cities ≥ 15,000 from GeoNames/countryinfo/pycountry) and the Phoenix actor dictionaries
//! (`Phoenix.{Countries,International,MilNonState}.actors.txt`) and US Census first and last
//! names (`data/names.txt`); the compact [`Gazetteer`]
//! kept inside the model is a table of 32-bit hashes of lower-cased, tokenized phrases with
//! category bits, so the data files are not needed at run time.

use crate::hash::{hash_str, FastMap, Hasher};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

pub const COUNTRY: u8 = 1;
pub const ADMIN1: u8 = 2;
pub const CITY: u8 = 4;
pub const DEMONYM: u8 = 8;
pub const PERSON: u8 = 16;
pub const ORG: u8 = 32;
pub const PERSON_WORD: u8 = 64;
pub const FIRST_NAME: u8 = 128;
pub const CATEGORIES: [u8; 8] = [
    COUNTRY,
    ADMIN1,
    CITY,
    DEMONYM,
    PERSON,
    ORG,
    PERSON_WORD,
    FIRST_NAME,
];
/// Longest phrase looked up, in tokens.
pub const MAX_LEN: usize = 6;

/// Tokenizes and lower-cases a name: the key every phrase is stored and looked up under.
pub fn normalize(name: &str) -> String {
    let spans = tidings_nlp::tokenize::tokenize(name);
    let mut out = String::new();
    for s in spans {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&name[s.range()].to_lowercase());
    }
    out
}

/// Where the training-time gazetteer sources live.
#[derive(Debug, Clone)]
pub struct GazPaths {
    /// `places.tsv.gz` (optional: without it only Phoenix country names type places).
    pub places: Option<PathBuf>,
    /// Directory with the `Phoenix.*.actors.txt` files (optional).
    pub phoenix: Option<PathBuf>,
    /// `data/names.txt` of this crate: US Census first and last names (optional).
    pub names: Option<PathBuf>,
}

/// The full phrase lists, read at training time.
#[derive(Debug, Default, Clone)]
pub struct GazSource {
    pub phrases: HashMap<String, u8>,
    pub(crate) demonyms: HashSet<String>,
    /// Names as written, for swapping into training sentences (see [`Swaps`]).
    pub swaps: Swaps,
}

/// Names as they are written, by kind, sorted: what training swaps into copies of GUM
/// sentences in place of the gold names, so the model learns to trust the gazetteers and the
/// context rather than the few hundred names GUM happens to contain.
#[derive(Debug, Default, Clone)]
pub struct Swaps {
    /// Countries, capitals and cities of 300,000 people or more.
    pub places: Vec<String>,
    /// Countries and national capitals: names that news uses for governments ("Moscow
    /// said"), swapped in for one-word persons and tagged GPE.
    pub seats: Vec<String>,
    /// First names (US Census).
    pub first: Vec<String>,
    /// Last names (US Census).
    pub last: Vec<String>,
    /// Full names of persons (Phoenix dictionaries), two to four words.
    pub persons: Vec<String>,
}

/// `"VLADIMIR PUTIN"`, `"vladimir putin"` → `"Vladimir Putin"`.
fn title_words(s: &str) -> String {
    s.split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn plain_name(s: &str) -> bool {
    !s.is_empty()
        && s.split(' ')
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
}

impl GazSource {
    pub fn read(paths: &GazPaths) -> Result<GazSource, String> {
        let mut g = GazSource::default();
        if let Some(p) = &paths.places {
            g.read_places(p)?;
        }
        if let Some(p) = &paths.names {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                match line.split_once('\t') {
                    Some(("first", n)) => {
                        g.add(n, FIRST_NAME);
                        g.swaps.first.push(title_words(n));
                    }
                    Some(("last", n)) => {
                        g.add(n, PERSON_WORD);
                        g.swaps.last.push(title_words(n));
                    }
                    _ => return Err(format!("{}: bad line {line:?}", p.display())),
                }
            }
        }
        if let Some(d) = &paths.phoenix {
            for (file, default) in [
                ("Phoenix.Countries.actors.txt", 0u8),
                ("Phoenix.International.actors.txt", ORG),
                ("Phoenix.MilNonState.actors.txt", ORG),
            ] {
                g.read_phoenix(&d.join(file), default)?;
            }
        }
        for v in [
            &mut g.swaps.places,
            &mut g.swaps.seats,
            &mut g.swaps.first,
            &mut g.swaps.last,
            &mut g.swaps.persons,
        ] {
            v.retain(|n| plain_name(n));
            v.sort();
            v.dedup();
        }
        Ok(g)
    }

    fn add(&mut self, name: &str, cat: u8) {
        let n = normalize(name);
        if n.is_empty() || n.len() > 80 {
            return;
        }
        if cat == PERSON {
            let words: Vec<&str> = n.split(' ').collect();
            if words.len() >= 2 {
                for w in &words {
                    if w.chars().count() >= 3 && w.chars().all(char::is_alphabetic) {
                        *self.phrases.entry(w.to_string()).or_insert(0) |= PERSON_WORD;
                    }
                }
            }
        }
        *self.phrases.entry(n).or_insert(0) |= cat;
    }

    fn read_places(&mut self, path: &Path) -> Result<(), String> {
        let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut text = String::new();
        flate2::read::GzDecoder::new(f)
            .read_to_string(&mut text)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        for line in text.lines() {
            if line.starts_with('#') || line.starts_with("kind\t") {
                continue;
            }
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 4 {
                continue;
            }
            let cat = match c[0] {
                "country" => COUNTRY,
                "admin1" => ADMIN1,
                "city" => CITY,
                "demonym" => DEMONYM,
                _ => continue,
            };
            let big = c.get(8).and_then(|p| p.parse::<u64>().ok()).unwrap_or(0) >= 300_000;
            if cat == COUNTRY || (cat == CITY && (big || c.get(9) == Some(&"capital"))) {
                self.swaps.places.push(c[1].to_string());
            }
            if cat == COUNTRY || (cat == CITY && c.get(9) == Some(&"capital")) {
                self.swaps.seats.push(c[1].to_string());
            }
            let mut names = vec![c[1], c[2]];
            if cat != CITY {
                names.extend(c[3].split('|').filter(|s| !s.is_empty()));
            }
            for n in names {
                if cat == DEMONYM {
                    let l = n.to_lowercase();
                    self.demonyms.insert(l.clone());
                    if !l.ends_with('s') {
                        self.demonyms.insert(format!("{l}s"));
                    }
                }
                self.add(n, cat);
            }
        }
        Ok(())
    }

    /// Reads a Phoenix/TABARI actor file. Entries with date-bounded codes are persons,
    /// entries whose codes are all bare three-letter country codes are countries, the rest
    /// are organizations (`default` overrides for files of one kind).
    fn read_phoenix(&mut self, path: &Path, default: u8) -> Result<(), String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut block: Vec<String> = Vec::new();
        let mut codes: Vec<String> = Vec::new();
        let flush = |g: &mut GazSource, block: &mut Vec<String>, codes: &mut Vec<String>| {
            if block.is_empty() {
                return;
            }
            let dated = codes
                .iter()
                .any(|c| c.chars().any(|ch| ch.is_ascii_digit()));
            let country = !codes.is_empty()
                && codes
                    .iter()
                    .all(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()));
            let cat = if dated {
                PERSON
            } else if country && default == 0 {
                COUNTRY
            } else {
                ORG
            };
            for n in block.drain(..) {
                if cat == PERSON && (2..=4).contains(&n.split_whitespace().count()) {
                    g.swaps.persons.push(title_words(&n));
                }
                g.add(&n, cat);
            }
            codes.clear();
        };
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("");
            if line.trim().is_empty() {
                continue;
            }
            let trimmed = line.trim();
            let (name_part, code_part) = match trimmed.find('[') {
                Some(k) => (&trimmed[..k], Some(&trimmed[k..])),
                None => (trimmed, None),
            };
            let is_syn = name_part.starts_with('+');
            let starts_entry = !raw.starts_with(['\t', ' ', '+', '[']) && !name_part.is_empty();
            if starts_entry {
                flush(self, &mut block, &mut codes);
            }
            let name = name_part.trim_start_matches('+').trim();
            if !name.is_empty() && (starts_entry || is_syn) {
                let name = name.replace('_', " ");
                let name = name.trim();
                if !name.is_empty() && !name.contains(['(', ')', '+', '!', '{', '<']) {
                    block.push(name.to_string());
                }
            }
            if let Some(c) = code_part {
                for code in c.split('[').skip(1) {
                    let code = code.split(']').next().unwrap_or("").trim();
                    if !code.is_empty() {
                        codes.push(code.to_string());
                    }
                }
            }
        }
        flush(self, &mut block, &mut codes);
        Ok(())
    }

    /// Is this normalized phrase a country, region or city?
    pub fn is_gpe(&self, phrase: &str) -> bool {
        let p = phrase.strip_prefix("the ").unwrap_or(phrase);
        self.phrases
            .get(p)
            .is_some_and(|&f| f & (COUNTRY | ADMIN1 | CITY) != 0)
    }

    /// Is this lower-cased word a demonym ("russian", "americans")?
    pub fn is_demonym(&self, w: &str) -> bool {
        self.demonyms.contains(w)
    }

    /// 32-bit hashes of the lower-cased, tokenized countries and national capitals.
    pub fn seat_table(&self) -> FastMap<u32, u8> {
        self.swaps
            .seats
            .iter()
            .map(|s| (hash_str(&normalize(s)) as u32, 1))
            .collect()
    }

    /// The compact table for the model.
    ///
    /// A one-word country or seat of government that is also a census surname ("London",
    /// "Paris", "Washington") loses the surname mark: alone, it names the place far more often.
    pub fn compile(&self) -> Gazetteer {
        let mut map: FastMap<u32, u8> = FastMap::default();
        let seats: HashSet<String> = self.swaps.seats.iter().map(|s| s.to_lowercase()).collect();
        for (p, &f) in &self.phrases {
            let mut f = f;
            if f & PERSON_WORD != 0 && (f & COUNTRY != 0 || seats.contains(p.as_str())) {
                f &= !PERSON_WORD;
            }
            *map.entry(hash_str(p) as u32).or_insert(0) |= f;
        }
        for d in &self.demonyms {
            *map.entry(hash_str(d) as u32).or_insert(0) |= DEMONYM;
        }
        Gazetteer { map }
    }
}

/// The model's gazetteer: 32-bit phrase hashes → category bits.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    pub map: FastMap<u32, u8>,
}

impl Gazetteer {
    /// For each token and category, the position of the token in the longest match of that
    /// category starting leftmost (0 none, 1 B, 2 I, 3 L, 4 U), packed 3 bits per category.
    pub fn annotate(&self, lower: &[String]) -> Vec<u32> {
        let n = lower.len();
        let mut out = vec![0u32; n];
        if self.map.is_empty() {
            return out;
        }
        // matches[i] = list of (len, flags) for phrases starting at i.
        let mut starts: Vec<Vec<(usize, u8)>> = vec![Vec::new(); n];
        for (i, st) in starts.iter_mut().enumerate() {
            let mut h = Hasher::new();
            for len in 1..=MAX_LEN.min(n - i) {
                if len > 1 {
                    h.write(b" ");
                }
                h.write(lower[i + len - 1].as_bytes());
                if let Some(&f) = self.map.get(&(h.finish() as u32)) {
                    st.push((len, f));
                }
            }
        }
        for (c, &bit) in CATEGORIES.iter().enumerate() {
            let mut i = 0;
            while i < n {
                let best = starts[i]
                    .iter()
                    .filter(|(_, f)| f & bit != 0)
                    .map(|&(l, _)| l)
                    .max();
                match best {
                    Some(l) => {
                        for k in 0..l {
                            let code = if l == 1 {
                                4
                            } else if k == 0 {
                                1
                            } else if k == l - 1 {
                                3
                            } else {
                                2
                            };
                            out[i + k] |= code << (3 * c);
                        }
                        i += l;
                    }
                    None => i += 1,
                }
            }
        }
        out
    }
}
