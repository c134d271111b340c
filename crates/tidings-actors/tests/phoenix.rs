//! The real dictionaries from `../shared`: entry counts, the known bad lines, date-aware codes
//! of real entries, agents and discards, user overrides, and the founding article.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tidings_actors::{
    BadLine, BadReason, Date, Dictionary, DictionaryBuilder, FileKind, MatchKind, Word,
};

fn shared() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    assert!(
        dir.join("data/petrarch/dictionaries/Phoenix.Countries.actors.txt")
            .is_file(),
        "the Phoenix dictionaries are missing: expected {}/data/petrarch/dictionaries \
         (../shared next to the repository)",
        dir.display()
    );
    dir
}

fn dict_dir() -> PathBuf {
    shared().join("data/petrarch/dictionaries")
}

fn phoenix() -> &'static (Dictionary, Vec<BadLine>) {
    static DICT: OnceLock<(Dictionary, Vec<BadLine>)> = OnceLock::new();
    DICT.get_or_init(|| Dictionary::load_phoenix(&dict_dir()).expect("Phoenix files load"))
}

fn day(y: i32, m: u32, d: u32) -> Option<Date> {
    Date::from_ymd(y, m, d)
}

/// A crude tokenizer in the Tidings style: punctuation, hyphens and `’s`/`'s` apart.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for chunk in text.split_whitespace() {
        let mut start = 0;
        for (i, c) in chunk.char_indices() {
            if c.is_alphanumeric() || (c == '.' && i > 0 && i + 1 < chunk.len()) {
                continue;
            }
            if start < i {
                out.push(&chunk[start..i]);
            }
            if (c == '’' || c == '\'') && chunk[i + c.len_utf8()..].starts_with('s') {
                start = i; // the clitic starts here
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

/// (matched text, kind, entry name, code on `date`) for every match in `text`.
fn resolve(
    dict: &Dictionary,
    text: &str,
    date: Option<Date>,
) -> Vec<(String, MatchKind, String, String)> {
    let toks = tokens(text);
    let words: Vec<Word> = toks.iter().map(|t| Word::new(t, t)).collect();
    dict.matches(&words)
        .into_iter()
        .map(|m| {
            let e = dict.entry(m.entry);
            let code = e.code_on(date).unwrap_or("-").to_string();
            (toks[m.start..m.end].join(" "), m.kind, e.name.clone(), code)
        })
        .collect()
}

fn code_of(dict: &Dictionary, phrase: &str, date: Option<Date>) -> Option<String> {
    let found = resolve(dict, phrase, date);
    assert_eq!(found.len(), 1, "{phrase}: {found:?}");
    assert_eq!(found[0].0, phrase, "{phrase} must match whole");
    Some(found[0].3.clone()).filter(|c| c != "-")
}

#[test]
fn phoenix_loads_with_known_counts() {
    let (dict, _) = phoenix();
    assert_eq!(dict.count(MatchKind::Actor), 26_029);
    assert_eq!(dict.count(MatchKind::Agent), 2_235);
    assert_eq!(dict.count(MatchKind::Discard), 505);
    // Same kind and name written twice (the International file repeats its NGO section).
    assert_eq!(dict.entries().len() - 26_029 - 2_235 - 505, 1_189);
    assert_eq!(dict.phrase_count(), 41_111);
    assert_eq!(dict.files().len(), 5);
}

/// Every line the Phoenix files lose, each one checked by eye against the file.
#[test]
fn phoenix_bad_lines_are_exactly_the_known_ones() {
    const COUNTRIES: &[u32] = &[
        745, 746, 747, 748, 12159, 12160, 12161, 12162, // ^Z in a name: entry and its codes
        11234, 34471, 47824, // U+FFFD in a synonym (COTE_D?IVOIRE_)
        2039, 14190, 18010, 22508, 22519, 43613, // unreadable date: that code left out
        15346, // `+FAEROYENE]_`
        // Entries without any code, mostly synonyms whose `+` is missing (Brezhnev,
        // Gorbachev, Yeltsin, Medvedev, Ford: their other names do carry the codes).
        11939, 11940, 18007, 39267, 39462, 39463, 39464, 39465, 39478, 39487, 39488, 39489, 39490,
        39498, 39543, 39544, 39545, 39546, 39547, 39548, 39549, 39550, 39576, 43615, 45722, 45723,
        45724, 45845, 50802, 50839, 50956, 50961, 50962, 50963, 50964, 50965, 51076, 51183,
    ];
    const INTERNATIONAL: &[u32] = &[22, 40, 266, 3694, 3696, 3726, 6605];
    const AGENTS: &[u32] = &[544, 1927]; // `[~ENV}`; ISLAMIC_EXTREMIST without a code

    let (_, bad) = phoenix();
    let lines_of = |file: &str| -> Vec<u32> {
        let mut v: Vec<u32> = bad
            .iter()
            .filter(|b| b.file.file_name().is_some_and(|n| n == file))
            .map(|b| b.line)
            .collect();
        v.sort_unstable();
        v
    };
    let sorted = |s: &[u32]| {
        let mut v = s.to_vec();
        v.sort_unstable();
        v
    };
    assert_eq!(lines_of("Phoenix.Countries.actors.txt"), sorted(COUNTRIES));
    assert_eq!(
        lines_of("Phoenix.International.actors.txt"),
        sorted(INTERNATIONAL)
    );
    assert_eq!(lines_of("Phoenix.agents.txt"), sorted(AGENTS));
    assert_eq!(
        bad.len(),
        COUNTRIES.len() + INTERNATIONAL.len() + AGENTS.len()
    );
    let cameron = bad.iter().find(|b| b.line == 18010).unwrap();
    assert!(matches!(&cameron.reason, BadReason::BadDate(why) if why.contains("9 digits")));
    assert!(cameron
        .to_string()
        .contains("Phoenix.Countries.actors.txt:18010: code `GBRGOV`"));
}

#[test]
fn putin_is_government_in_office_and_elite_outside() {
    let (dict, _) = phoenix();
    // [RUSELI 700101-990809] [RUSGOV 991231-080507] [RUSGOV 990809-000507] [RUSGOV >080508] [RUSELI]
    for phrase in [
        "Vladimir Putin",
        "Putin",
        "President Putin",
        "Prime Minister Vladimir Putin",
    ] {
        assert_eq!(
            code_of(dict, phrase, day(2021, 12, 27)).as_deref(),
            Some("RUSGOV"),
            "{phrase}"
        );
    }
    assert_eq!(
        code_of(dict, "Putin", day(1995, 1, 1)).as_deref(),
        Some("RUSELI")
    );
    assert_eq!(
        code_of(dict, "Putin", day(1999, 8, 9)).as_deref(),
        Some("RUSGOV"),
        "narrowest"
    );
    assert_eq!(
        code_of(dict, "Putin", day(2008, 5, 7)).as_deref(),
        Some("RUSGOV")
    );
    assert_eq!(
        code_of(dict, "Putin", day(1960, 1, 1)).as_deref(),
        Some("RUSELI"),
        "default"
    );
    assert_eq!(code_of(dict, "Putin", None).as_deref(), Some("RUSELI"));
}

#[test]
fn stoltenberg_is_still_norwegian_government_in_the_2014_files() {
    let (dict, _) = phoenix();
    // [NORELI 770101-000317] [NORGOV 000317-011019] [NORGOV >051017] [NORELI]
    let code = |date| code_of(dict, "Jens Stoltenberg", date);
    assert_eq!(
        code(day(2021, 12, 27)).as_deref(),
        Some("NORGOV"),
        "needs the supplement"
    );
    assert_eq!(code(day(2000, 3, 17)).as_deref(), Some("NORGOV"));
    assert_eq!(
        code(day(2003, 6, 1)).as_deref(),
        Some("NORELI"),
        "between terms"
    );
    assert_eq!(code(day(1980, 1, 1)).as_deref(), Some("NORELI"));
}

#[test]
fn a_synonym_leads_to_its_entry_and_an_undated_actor_has_no_date_default() {
    let (dict, _) = phoenix();
    // SERGEY_LAVROV_ / +SERGEI_LAVROV: [RUSGOV 19940922-20040712] [RUSGOV >20040309], no default.
    let found = resolve(dict, "Sergei Lavrov", day(2021, 12, 27));
    assert_eq!(found[0].2, "SERGEY_LAVROV_");
    assert_eq!(found[0].3, "RUSGOV");
    assert_eq!(code_of(dict, "Sergei Lavrov", day(1990, 1, 1)), None);
    assert_eq!(code_of(dict, "NATO", None).as_deref(), Some("IGOWSTNAT"));
}

#[test]
fn agents_match_plurals_and_markers_and_discards_win() {
    let (dict, _) = phoenix();
    let found = resolve(dict, "foreign ministers and congresswomen", None);
    let got: Vec<_> = found
        .iter()
        .map(|f| (f.0.as_str(), f.1, f.3.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("foreign ministers", MatchKind::Agent, "~GOV"),
            ("congresswomen", MatchKind::Agent, "~LEG")
        ]
    );
    let found = resolve(dict, "Manchester United beat Arsenal", None);
    assert_eq!(
        (found[0].0.as_str(), found[0].1),
        ("Manchester United", MatchKind::Discard)
    );
    let id = dict
        .matches(&[Word::new("Manchester", ""), Word::new("United", "")])
        .first()
        .unwrap()
        .entry;
    assert!(dict.entry(id).whole_story);
}

#[test]
fn lemmas_find_inflected_forms() {
    let (dict, _) = phoenix();
    let words = [
        Word::new("ministries", "ministry"),
        Word::new("Afghans", "Afghan"),
    ];
    let got: Vec<_> = dict
        .matches(&words)
        .iter()
        .map(|m| (m.start, m.kind))
        .collect();
    assert_eq!(got, [(0, MatchKind::Agent), (1, MatchKind::Actor)]);
}

#[test]
fn the_seed_article_finds_its_actors() {
    let (dict, _) = phoenix();
    let seed = std::fs::read_to_string(shared().join("seed/000_d41202817602de1e.txt"))
        .expect("seed article");
    let found = resolve(dict, &seed, day(2021, 12, 27));
    let has = |text: &str, code: &str| found.iter().any(|f| f.0 == text && f.3 == code);
    for (text, code) in [
        ("Russia", "RUS"),
        ("Moscow", "RUS"),
        ("Kremlin", "RUSGOV"),
        ("Sergei Lavrov", "RUSGOV"),
        ("Lavrov", "RUSGOV"),
        ("the United States", "USA"),
        ("Washington", "USA"),
        ("NATO", "IGOWSTNAT"),
        ("Ukraine", "UKR"),
        ("Organization for Security and Cooperation in Europe", "IGO"),
        ("Foreign Minister", "~GOV"),
        ("spokesman", "~MED"),
        ("diplomat", "~GOV"),
    ] {
        assert!(has(text, code), "{text} → {code} not in {found:#?}");
    }
    // Not in the 2014 dictionaries: the supplement's job.
    assert!(!found
        .iter()
        .any(|f| f.0.contains("Peskov") || f.0.contains("Fomin")));
}

#[test]
fn the_petrarch_validation_dictionaries_load_cleanly() {
    let mut builder = DictionaryBuilder::new();
    for (name, kind) in [
        ("PETR.Validate.actors.txt", FileKind::Actors),
        ("PETR.Validate.agents.txt", FileKind::Agents),
        ("PETR.Validate.discards.txt", FileKind::Discards),
    ] {
        builder.add_file(&dict_dir().join(name), kind).unwrap();
    }
    let (dict, bad) = builder.build();
    assert!(bad.is_empty(), "{bad:#?}");
    assert_eq!(dict.count(MatchKind::Actor), 128);
    assert_eq!(dict.count(MatchKind::Agent), 88);
    assert_eq!(dict.count(MatchKind::Discard), 9);
    // GOLLUM: [HOB < 950601] [HOBGOV 19950601 - 19990815] [HOBREB > 990816]
    let gollum = |date| code_of(&dict, "Smeagol", date);
    assert_eq!(gollum(day(1995, 5, 31)).as_deref(), Some("HOB"));
    assert_eq!(
        gollum(day(1995, 6, 1)).as_deref(),
        Some("HOBGOV"),
        "closed beats open"
    );
    assert_eq!(gollum(day(1999, 8, 16)).as_deref(), Some("HOBREB"));
    assert_eq!(code_of(&dict, "congressmen", None).as_deref(), Some("~LEG"));
    assert_eq!(
        code_of(&dict, "ministries of silly walks", None).as_deref(),
        Some("~GOV")
    );
}

#[test]
fn a_user_file_overrides_the_builtin_entry() {
    let dir = std::env::temp_dir().join(format!("tidings-actors-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let user = dir.join("supplement.actors.txt");
    std::fs::write(
        &user,
        "JENS_STOLTENBERG_  # NATO Secretary General, then Norway's finance minister\n\
         +NATO_SECRETARY-GENERAL_JENS_STOLTENBERG\n\
         \t[IGOWSTNAT 20141001-20240930]\n\t[NORGOV >20250204]\n\t[NORELI]\n\
         VLADIMIR_PUTIN_  # takes over the built-in entry and its synonyms\n\t[RUSXXX]\n",
    )
    .unwrap();
    let mut files: Vec<PathBuf> = tidings_actors::PHOENIX_FILES
        .iter()
        .map(|(name, _)| dict_dir().join(name))
        .collect();
    files.push(user.clone());
    let (dict, bad) = Dictionary::load_files(&files).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(bad.len(), 65);
    let on = day(2021, 12, 27);
    let found = resolve(&dict, "NATO Secretary-General Jens Stoltenberg", on);
    assert_eq!((found.len(), found[0].3.as_str()), (1, "IGOWSTNAT"));
    let found = resolve(&dict, "President Putin", on);
    assert_eq!(
        found[0].3, "RUSXXX",
        "a built-in synonym leads to the user entry"
    );
    let words = [Word::new("Jens", ""), Word::new("Stoltenberg", "")];
    let id = dict.matches(&words)[0].entry;
    assert_eq!(dict.file_of(id), user);
    assert_eq!(dict.entry(id).line, 1);
    assert_eq!(dict.code_on(id, Some((2025, 6, 1))), Some("NORGOV"));
    assert!(matches!(
        Dictionary::load_files(&[dir.join("notes.txt")]),
        Err(tidings_actors::DictError::UnknownKind(_))
    ));
}
