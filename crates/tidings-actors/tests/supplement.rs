//! The generated data of this crate (`data/`, made by `scripts/make_actor_data.py`): the
//! office-holder supplement loads after the Phoenix files without a bad line, takes over the
//! Phoenix entries it names, codes every row of `scripts/data/officeholders.tsv` on its dates,
//! and resolves the seed article's people; the place gazetteer has what it says.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tidings_actors::{BadLine, Date, Dictionary, DictionaryBuilder, FileKind, Word};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn supplement_path() -> PathBuf {
    manifest().join("data/supplement.actors.txt")
}

fn dict_dir() -> PathBuf {
    let dir = manifest().join("../../../shared/data/petrarch/dictionaries");
    assert!(
        dir.join("Phoenix.Countries.actors.txt").is_file(),
        "the Phoenix dictionaries are missing: expected {} (../shared next to the repository)",
        dir.display()
    );
    dir
}

/// Phoenix, then the supplement; every bad line of the load.
fn loaded() -> &'static (Dictionary, Vec<BadLine>) {
    static DICT: OnceLock<(Dictionary, Vec<BadLine>)> = OnceLock::new();
    DICT.get_or_init(|| {
        let mut b = DictionaryBuilder::new();
        b.add_phoenix(&dict_dir()).expect("Phoenix files");
        b.add_file(&supplement_path(), FileKind::Actors)
            .expect("supplement file");
        b.build()
    })
}

fn day(y: i32, m: u32, d: u32) -> Option<Date> {
    Date::from_ymd(y, m, d)
}

fn iso(s: &str) -> Option<Date> {
    let p: Vec<&str> = s.split('-').collect();
    Date::from_ymd(p[0].parse().ok()?, p[1].parse().ok()?, p[2].parse().ok()?)
}

/// Tokens in the Tidings style: punctuation and `’s` apart, inner hyphens and dots kept.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for chunk in text.split_whitespace() {
        let mut start = 0;
        for (i, c) in chunk.char_indices() {
            if c.is_alphanumeric() || ((c == '.' || c == '-') && i > 0 && i + 1 < chunk.len()) {
                continue;
            }
            if start < i {
                out.push(&chunk[start..i]);
            }
            if (c == '’' || c == '\'') && chunk[i + c.len_utf8()..].starts_with('s') {
                start = i;
                continue;
            }
            out.push(&chunk[i..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
        if start < chunk.len() {
            out.push(&chunk[start..]);
        }
    }
    out
}

/// (matched text, entry name, file name, code on `date`) for each actor match in `words`.
fn resolve_words(
    dict: &Dictionary,
    toks: &[&str],
    date: Option<Date>,
) -> Vec<(String, String, String, String)> {
    let words: Vec<Word> = toks.iter().map(|t| Word::new(t, t)).collect();
    dict.matches(&words)
        .into_iter()
        .map(|m| {
            let e = dict.entry(m.entry);
            let file = dict.file_of(m.entry).file_name().unwrap().to_string_lossy();
            (
                toks[m.start..m.end].join(" "),
                e.name.clone(),
                file.into_owned(),
                e.code_on(date).unwrap_or("-").to_string(),
            )
        })
        .collect()
}

fn code(dict: &Dictionary, name: &str, date: Option<Date>) -> String {
    let toks: Vec<&str> = name.split_whitespace().collect();
    let found = resolve_words(dict, &toks, date);
    assert_eq!(found.len(), 1, "{name}: {found:?}");
    assert_eq!(
        found[0].0,
        toks.join(" "),
        "{name} must match whole: {found:?}"
    );
    assert_eq!(found[0].2, "supplement.actors.txt", "{name}: {found:?}");
    found[0].3.clone()
}

#[test]
fn supplement_loads_without_a_bad_line() {
    let (dict, bad) = loaded();
    let ours: Vec<_> = bad
        .iter()
        .filter(|b| b.file.ends_with("supplement.actors.txt"))
        .collect();
    assert!(ours.is_empty(), "{ours:#?}");
    assert_eq!(bad.len(), 65, "Phoenix's own 65 bad lines, no more");
    // Every entry of the file is read: the header says how many there are.
    let text = std::fs::read_to_string(supplement_path()).unwrap();
    let said: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("# Entries: "))
        .and_then(|l| l.split(';').next())
        .and_then(|n| n.trim().parse().ok())
        .expect("header line `# Entries: N; ...`");
    let file = dict.files().len() as u32 - 1;
    let read = dict.entries().iter().filter(|e| e.file == file).count();
    assert_eq!(read, said);
    // Names written as in Phoenix take the Phoenix entry over, synonyms included.
    let found = resolve_words(dict, &["Foreign", "Minister", "Lavrov"], day(2021, 12, 27));
    assert!(
        found
            .iter()
            .any(|f| f.1 == "SERGEY_LAVROV_" && f.2 == "supplement.actors.txt"),
        "{found:?}"
    );
}

#[test]
fn the_seed_article_people_resolve_on_its_date() {
    let (dict, _) = loaded();
    let seed =
        std::fs::read_to_string(manifest().join("../../../shared/seed/000_d41202817602de1e.txt"))
            .expect("seed article");
    let toks = tokens(&seed);
    let found = resolve_words(dict, &toks, day(2021, 12, 27));
    let has = |text: &str, code: &str| found.iter().any(|f| f.0 == text && f.3 == code);
    for (text, code) in [
        ("Sergei Lavrov", "RUSGOV"),
        ("Lavrov", "RUSGOV"),
        ("Dmitry Peskov", "RUSGOV"),
        // A civilian post in the ministry, coded as Phoenix codes the ministry's leadership
        // (Serdyukov, Shoygu: RUSGOVMIL): government first, military affairs second.
        ("Alexander Fomin", "RUSGOVMIL"),
        ("Jens Stoltenberg", "IGOWSTNAT"),
    ] {
        assert!(has(text, code), "{text} → {code} not in {found:#?}");
    }
}

#[test]
fn codes_follow_the_dates() {
    let (dict, _) = loaded();
    let at = |name: &str, y, m, d| code(dict, name, day(y, m, d));
    assert_eq!(at("Jens Stoltenberg", 2013, 6, 1), "NORGOV"); // prime minister
    assert_eq!(at("Jens Stoltenberg", 2021, 12, 27), "IGOWSTNAT");
    assert_eq!(at("Jens Stoltenberg", 2024, 12, 1), "NORELI"); // between offices
    assert_eq!(at("Jens Stoltenberg", 2026, 1, 1), "NORGOV"); // finance minister
    assert_eq!(at("Mark Rutte", 2020, 1, 1), "NLDGOV");
    assert_eq!(at("Mark Rutte", 2025, 6, 1), "IGOWSTNAT");
    assert_eq!(at("Sergei Shoigu", 2021, 12, 27), "RUSGOVMIL");
    assert_eq!(at("Sergei Shoigu", 2025, 1, 1), "RUSGOV"); // Security Council
    assert_eq!(at("Donald Trump", 2019, 1, 1), "USAGOV");
    assert_eq!(at("Donald Trump", 2023, 1, 1), "USAELI");
    assert_eq!(at("Donald Trump", 2025, 6, 1), "USAGOV");
    assert_eq!(at("Kaja Kallas", 2022, 1, 1), "ESTGOV");
    assert_eq!(at("Kaja Kallas", 2025, 1, 1), "IGOEUREEC");
    assert_eq!(at("Antonio Guterres", 2021, 12, 27), "IGOUNO");
    assert_eq!(at("Ban Ki-moon", 2015, 1, 1), "IGOUNO");
    assert_eq!(at("Ban Ki-moon", 2018, 1, 1), "KORELI");
    assert_eq!(at("Sergei Lavrov", 1990, 1, 1), "RUSELI");
    assert_eq!(at("President Putin", 2021, 12, 27), "RUSGOV");
    assert_eq!(at("Prime Minister Stubb", 2015, 1, 1), "FINGOV");
}

/// Every dated row of the curated table is coded as the table says, on its first and last day.
#[test]
fn every_table_row_is_coded_on_its_dates() {
    let (dict, _) = loaded();
    let table = manifest().join("../../scripts/data/officeholders.tsv");
    let text = std::fs::read_to_string(&table).expect("scripts/data/officeholders.tsv");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("name\t") || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, want, from, to) = (cols[0], cols[4], cols[5], cols[6]);
        let mut days = Vec::new();
        if !from.is_empty() {
            days.push(iso(from).unwrap());
        }
        if !to.is_empty() {
            days.push(iso(to).unwrap());
        }
        for d in days {
            let got = code(dict, name, Some(d));
            if got != want {
                wrong.push(format!(
                    "line {}: {name} on {d:?}: {got}, table {want}",
                    i + 1
                ));
            }
            checked += 1;
        }
    }
    assert!(checked > 700, "{checked}");
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_place_gazetteer_knows_both_moscows() {
    let path = manifest().join("data/places.tsv.gz");
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap()),
        &mut text,
    )
    .unwrap();
    assert!(text.contains("Contains GeoNames data"), "attribution");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "kind",
            "name",
            "asciiname",
            "altnames",
            "iso2",
            "cameo",
            "lat",
            "lon",
            "population",
            "feature",
            "id"
        ]
    );
    assert!(rows.iter().all(|r| r.len() == 11));
    let moscows: Vec<_> = rows
        .iter()
        .filter(|r| r[0] == "city" && r[1] == "Moscow")
        .map(|r| (r[4], r[5], r[9]))
        .collect();
    assert!(moscows.contains(&("RU", "RUS", "capital")), "{moscows:?}");
    assert!(moscows.contains(&("US", "USA", "city")), "{moscows:?}");
    let has = |kind: &str, name: &str, cameo: &str| {
        rows.iter()
            .any(|r| r[0] == kind && r[1] == name && r[5] == cameo)
    };
    assert!(has("demonym", "Russian", "RUS"));
    assert!(has("country", "Ukraine", "UKR"));
    assert!(has("city", "Kyiv", "UKR"));
    let cities = rows.iter().filter(|r| r[0] == "city").count();
    assert!(cities > 30_000, "{cities}");
}
