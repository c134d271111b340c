//! Reading GUM (`en_gum/*.conllu`) and deriving flat *named*-entity spans from its
//! coreference-entity annotation (the MISC `Entity=` attribute).
//!
//! GUM annotates every mention (named, nominal, pronominal) of every entity, nested, as
//! `(ID-etype-infstat-salience-centering-minspan-link[-identity]` at the first token and `ID)`
//! at the last (`(ID-…)` on a single token). The identity (a Wikipedia title) is copied onto
//! every mention of an entity, pronouns included, so it does **not** by itself mark a named
//! mention. We therefore derive named mentions as follows:
//!
//! 1. Keep mentions of the types `person`, `organization`, `place`, `event`.
//! 2. The mention's head is its first non-punctuation token whose gold HEAD lies outside the
//!    mention (or is the root). The mention is **named** when the head's gold UPOS is `PROPN`,
//!    or when a `PROPN` inside the mention hangs from the head by `flat`: GUM's analysis of a
//!    role noun before a name ("co-founder Mark Zuckerberg"); that `PROPN` is then the head.
//! 3. The named span is the maximal run of `PROPN` tokens around the head inside the mention,
//!    bridged by `of`/`the`/`de`/`&`/`-`/`.`/… when a `PROPN` (for organizations, places and
//!    events also a capitalized word: "University of Southern Indiana") follows inside the mention
//!    ("University of Portsmouth"; not `in`/`on`, which say where a named thing is; for
//!    persons only name particles such as `de`/`al`/`-`, not `of`/`&`), plus a trailing `NUM` ("World War II"). For
//!    organizations, places and events the run also takes capitalized or digit-initial
//!    adjectives, nouns, participles and numbers ("National Library", "United Kingdom",
//!    "10th Street"). Determiners, lower-case modifiers, possessors, appositions and relative
//!    clauses are thereby dropped. For `person`, the role up to its last title word is stripped
//!    ("Foreign Minister Sergei Lavrov", "U.S. President Donald Trump" → the name after it,
//!    as in OntoNotes/CoNLL) and a mention that is
//!    only a title ("Emperor of the United States") is dropped.
//! 4. Overlaps are resolved to a flat layer: longer spans first (the outer name
//!    "University of Portsmouth" wins over the nested place "Portsmouth"), then mentions that
//!    carry a Wikipedia identity.
//! 5. Types: person → PERSON, organization → ORG, event → EVENT; place → GPE if the span is a
//!    country, first-level region or city in the place gazetteer, FAC if its last word is a
//!    facility word (Street, Airport, Bridge, Museum, …), LOC if it is a natural feature or
//!    region word (River, Mountains, Ocean, Europe, …), else GPE if it has a Wikipedia identity
//!    and a single token, else LOC. A single-token PERSON/ORG/GPE span that is a demonym or a
//!    religious/political group word ("Americans", "Christians") becomes NORP.
//! 6. NORP is not annotated in GUM as such (adjectives are not mentions); we add NORP for a
//!    capitalized token outside every other span whose gold UPOS is `ADJ`, `PROPN` or `NOUN` and
//!    whose form is a demonym ("Russian", "French") or a group word.

use crate::gazetteer::GazSource;
use std::path::Path;

/// One sentence with gold tokens and derived named-entity spans.
#[derive(Debug, Clone, Default)]
pub struct GoldSentence {
    pub id: String,
    pub forms: Vec<String>,
    /// `SpaceAfter=No` is absent.
    pub space_after: Vec<bool>,
    pub upos: Vec<String>,
    /// Named spans `(start, end_exclusive, type)`, sorted, non-overlapping.
    pub entities: Vec<(usize, usize, &'static str)>,
}

#[derive(Debug, Clone)]
struct Mention {
    start: usize,
    end: usize, // inclusive while reading
    etype: String,
    identity: Option<String>,
}

/// Words that start a person mention but are not part of the name.
pub(crate) const TITLES: &[&str] = &[
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "miss",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
    "president",
    "vice",
    "minister",
    "prime",
    "foreign",
    "defense",
    "defence",
    "secretary",
    "general",
    "gen",
    "gen.",
    "king",
    "queen",
    "prince",
    "princess",
    "sir",
    "lord",
    "lady",
    "dame",
    "senator",
    "sen",
    "sen.",
    "rep",
    "rep.",
    "representative",
    "governor",
    "gov",
    "gov.",
    "captain",
    "capt",
    "capt.",
    "colonel",
    "col",
    "col.",
    "major",
    "judge",
    "justice",
    "pope",
    "saint",
    "st",
    "st.",
    "chancellor",
    "mayor",
    "chairman",
    "chairwoman",
    "ceo",
    "director",
    "pastor",
    "rev",
    "rev.",
    "reverend",
    "father",
    "sister",
    "brother",
    "uncle",
    "aunt",
    "coach",
    "detective",
    "sergeant",
    "sgt",
    "sgt.",
    "lt",
    "lt.",
    "lieutenant",
    "admiral",
    "commander",
    "emperor",
    "empress",
    "duke",
    "duchess",
    "earl",
    "baron",
    "bishop",
    "cardinal",
    "archbishop",
    "rabbi",
    "imam",
    "sheikh",
    "deputy",
    "spokesman",
    "spokeswoman",
    "ambassador",
    "chief",
    "premier",
    "speaker",
    "congressman",
    "congresswoman",
    "officer",
    "agent",
    "private",
    "corporal",
    "doctor",
    "nurse",
    "grandma",
    "grandpa",
    "mom",
    "dad",
    "mother",
    "auntie",
    "madam",
    "madame",
    "mister",
    "herr",
    "frau",
    "señor",
    "senor",
    "monsieur",
    "mme",
    "mme.",
];

/// Name endings that are no name by themselves ("Jr.", "III").
pub(crate) const PERSON_END_WORDS: &[&str] = &["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"];

/// Words that join the parts of one name ("University of Portsmouth", "Bourg-la-Reine").
/// Not `in`/`on`: a mention like "the Guangzhou Opera House in China" or "the World Cup in
/// the Netherlands" names the thing and then says where it is, and the place is a mention of
/// its own in GUM.
const BRIDGES: &[&str] = &[
    "of", "the", "de", "del", "della", "di", "da", "la", "le", "von", "van", "der", "den", "du",
    "&", "-", ".", "'", "for", "upon", "y", "al", "el", "bin", "ibn",
];

/// The bridges inside a person's name ("Manoel de Oliveira", "Khaled Al-Maeena",
/// "Bailey-Ross"). `of`, `the`, `&`, `for` join a person to an affiliation or to another
/// person ("Fernando Cheung of the Labour Party", "Carrano & Biewener"), not to their name.
const PERSON_BRIDGES: &[&str] = &[
    "de", "del", "della", "di", "da", "la", "le", "von", "van", "der", "den", "du", "-", ".", "'",
    "y", "al", "el", "bin", "ibn",
];

pub(crate) const FAC_WORDS: &[&str] = &[
    "street",
    "st.",
    "road",
    "rd.",
    "avenue",
    "ave.",
    "boulevard",
    "lane",
    "drive",
    "highway",
    "bridge",
    "airport",
    "station",
    "building",
    "tower",
    "towers",
    "hall",
    "castle",
    "palace",
    "cathedral",
    "church",
    "chapel",
    "temple",
    "mosque",
    "museum",
    "gallery",
    "stadium",
    "arena",
    "hospital",
    "square",
    "center",
    "centre",
    "house",
    "library",
    "theatre",
    "theater",
    "tunnel",
    "dam",
    "canal",
    "port",
    "harbour",
    "harbor",
    "prison",
    "abbey",
    "monument",
    "memorial",
    "cemetery",
    "wall",
    "gate",
    "park",
    "garden",
    "gardens",
    "mall",
    "hotel",
    "plaza",
    "court",
    "way",
    "place",
    "terrace",
    "school",
    "college",
    "campus",
    "base",
    "field",
    "pier",
    "fort",
];

pub(crate) const LOC_WORDS: &[&str] = &[
    "river",
    "mountain",
    "mountains",
    "mount",
    "mt.",
    "lake",
    "ocean",
    "sea",
    "island",
    "islands",
    "valley",
    "bay",
    "desert",
    "forest",
    "coast",
    "peninsula",
    "gulf",
    "strait",
    "canyon",
    "creek",
    "hills",
    "hill",
    "beach",
    "alps",
    "plains",
    "basin",
    "glacier",
    "falls",
    "cape",
    "range",
    "region",
    "continent",
    "europe",
    "asia",
    "africa",
    "america",
    "antarctica",
    "arctic",
    "pacific",
    "atlantic",
    "mediterranean",
    "caribbean",
    "midwest",
    "east",
    "west",
    "north",
    "south",
    "earth",
    "mars",
    "moon",
    "sun",
    "jupiter",
    "venus",
    "saturn",
    "galaxy",
    "world",
    "balkans",
    "scandinavia",
    "siberia",
    "himalayas",
    "amazon",
    "sahara",
    "andes",
    "rockies",
    "highlands",
    "lowlands",
    "coastline",
    "territory",
    "territories",
    "wood",
    "woods",
];

/// Group words that are NORP (besides the gazetteer's demonyms).
pub const GROUP_WORDS: &[&str] = &[
    "christian",
    "christians",
    "muslim",
    "muslims",
    "jewish",
    "jew",
    "jews",
    "catholic",
    "catholics",
    "protestant",
    "protestants",
    "buddhist",
    "buddhists",
    "hindu",
    "hindus",
    "democrat",
    "democrats",
    "republican",
    "republicans",
    "islamic",
    "sunni",
    "sunnis",
    "shia",
    "shiite",
    "shiites",
    "arab",
    "arabs",
    "latino",
    "latinos",
    "latina",
    "hispanic",
    "hispanics",
    "asian",
    "asians",
    "african",
    "africans",
    "european",
    "europeans",
    "western",
    "westerners",
    "communist",
    "communists",
    "socialist",
    "socialists",
    "mormon",
    "mormons",
    "orthodox",
    "evangelical",
    "evangelicals",
    "anglican",
    "lutheran",
    "methodist",
    "baptist",
    "quaker",
    "sikh",
    "sikhs",
    "kurdish",
    "kurds",
    "palestinian",
    "palestinians",
    "native",
    "indigenous",
    "nazi",
    "nazis",
    "roman",
    "romans",
    "greek",
    "greeks",
    "celtic",
    "celts",
    "viking",
    "vikings",
    "anglo-saxon",
    "aboriginal",
    "caucasian",
    "slavic",
    "nordic",
    "latin",
    "persian",
    "ottoman",
    "soviet",
    "liberal",
    "liberals",
    "conservative",
    "conservatives",
    "tory",
    "tories",
];

/// The GUM document a sentence belongs to (`GUM_bio_byron-12` → `GUM_bio_byron`).
pub fn doc_id(sent_id: &str) -> &str {
    sent_id.rsplit_once('-').map_or(sent_id, |(d, _)| d)
}

/// Consecutive sentences grouped by document.
pub fn documents(sents: &[GoldSentence]) -> Vec<&[GoldSentence]> {
    let mut out = Vec::new();
    let mut a = 0;
    for i in 1..=sents.len() {
        if i == sents.len() || doc_id(&sents[i].id) != doc_id(&sents[a].id) {
            if i > a {
                out.push(&sents[a..i]);
            }
            a = i;
        }
    }
    out
}

fn parse_entity_attr(misc: &str) -> Option<&str> {
    misc.split('|').find_map(|kv| kv.strip_prefix("Entity="))
}

/// Reads a GUM CoNLL-U file and derives named spans. `gaz` types places.
pub fn read(path: &Path, gaz: &GazSource) -> Result<Vec<GoldSentence>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(parse(&text, gaz))
}

/// Parses CoNLL-U text (see [`read`]).
pub fn parse(text: &str, gaz: &GazSource) -> Vec<GoldSentence> {
    let mut out = Vec::new();
    let mut id = String::new();
    let mut rows: Vec<Vec<&str>> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.is_empty() {
            if !rows.is_empty() {
                out.push(build(&id, &rows, gaz));
                rows.clear();
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            if let Some(v) = c.trim().strip_prefix("sent_id = ") {
                id = v.to_string();
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 || cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        rows.push(cols);
    }
    out
}

fn build(id: &str, rows: &[Vec<&str>], gaz: &GazSource) -> GoldSentence {
    let n = rows.len();
    let forms: Vec<String> = rows.iter().map(|r| r[1].to_string()).collect();
    let upos: Vec<String> = rows.iter().map(|r| r[3].to_string()).collect();
    let heads: Vec<usize> = rows.iter().map(|r| r[6].parse().unwrap_or(0)).collect();
    let deprel: Vec<&str> = rows.iter().map(|r| r[7]).collect();
    let space_after = rows
        .iter()
        .map(|r| !r[9].split('|').any(|x| x == "SpaceAfter=No"))
        .collect();
    // Mentions.
    let mut open: Vec<(String, Mention)> = Vec::new();
    let mut mentions: Vec<Mention> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let Some(attr) = parse_entity_attr(r[9]) else {
            continue;
        };
        let b = attr.as_bytes();
        let mut p = 0;
        while p < b.len() {
            if b[p] == b'(' {
                let q = attr[p + 1..]
                    .find(['(', ')'])
                    .map_or(b.len(), |k| p + 1 + k);
                let body = &attr[p + 1..q];
                let fields: Vec<&str> = body.splitn(8, '-').collect();
                let gid = fields[0].to_string();
                let m = Mention {
                    start: i,
                    end: i,
                    etype: fields.get(1).unwrap_or(&"").to_string(),
                    identity: fields
                        .get(7)
                        .map(|s| s.to_string())
                        .filter(|s| !s.is_empty()),
                };
                if q < b.len() && b[q] == b')' {
                    mentions.push(m);
                    p = q + 1;
                } else {
                    open.push((gid, m));
                    p = q;
                }
            } else {
                let q = attr[p..].find(')').map_or(b.len(), |k| p + k);
                let gid = &attr[p..q];
                if let Some(k) = open.iter().rposition(|(g, _)| g == gid) {
                    let (_, mut m) = open.remove(k);
                    m.end = i;
                    mentions.push(m);
                }
                p = q + 1;
            }
        }
    }
    // Named spans.
    let lower: Vec<String> = forms.iter().map(|f| f.to_lowercase()).collect();
    let mut cands: Vec<(usize, usize, &'static str, bool)> = Vec::new();
    for m in &mentions {
        let base = match m.etype.as_str() {
            "person" => "PERSON",
            "organization" => "ORG",
            "place" => "place",
            "event" => "EVENT",
            _ => continue,
        };
        let (s, e) = (m.start, m.end);
        let head = (s..=e).find(|&t| {
            upos[t] != "PUNCT" && (heads[t] == 0 || heads[t] - 1 < s || heads[t] - 1 > e)
        });
        let Some(mut h) = head else { continue };
        if upos[h] != "PROPN" {
            // GUM attaches a name to the role noun before it with `flat` ("co-founder Mark
            // Zuckerberg", "author Truman Capote"): the mention names its entity all the same.
            match (s..=e).find(|&t| {
                upos[t] == "PROPN"
                    && heads[t] == h + 1
                    && deprel[t].split(':').next() == Some("flat")
            }) {
                Some(t) => h = t,
                None => continue,
            }
        }
        // Names of organizations, places and events may contain capitalized adjectives,
        // nouns and participles ("National Library", "United Kingdom"); person names do not
        // take them ("Russian Foreign Minister Sergei Lavrov").
        let cap_ok = base != "PERSON";
        let capitalized = |t: usize| {
            matches!(upos[t].as_str(), "ADJ" | "NOUN" | "VERB" | "NUM" | "PROPN")
                && forms[t]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        };
        let bridges = if base == "PERSON" {
            PERSON_BRIDGES
        } else {
            BRIDGES
        };
        let (mut a, mut z) = (h, h);
        // Left.
        loop {
            if a > s && (upos[a - 1] == "PROPN" || (cap_ok && capitalized(a - 1))) {
                a -= 1;
                continue;
            }
            let mut j = a;
            while j > s && bridges.contains(&lower[j - 1].as_str()) {
                j -= 1;
            }
            if j < a && j > s && (upos[j - 1] == "PROPN" || (cap_ok && capitalized(j - 1))) {
                a = j - 1;
                continue;
            }
            break;
        }
        // Right.
        loop {
            if z < e && (upos[z + 1] == "PROPN" || (cap_ok && capitalized(z + 1))) {
                z += 1;
                continue;
            }
            let mut j = z;
            while j < e && bridges.contains(&lower[j + 1].as_str()) {
                j += 1;
            }
            if j > z && j < e && (upos[j + 1] == "PROPN" || (cap_ok && capitalized(j + 1))) {
                z = j + 1;
                continue;
            }
            if z < e && upos[z + 1] == "NUM" && upos[z] == "PROPN" {
                z += 1;
            }
            break;
        }
        if base == "PERSON" {
            // A role before the name ends at its last title word: "U.S. President Donald
            // Trump", "Humanities Citation Index Professor Chomsky" → the name after it. A
            // title word with no name after it is the surname ("Billie Jean King", "Martin
            // Luther King Jr.").
            let is_name = |t: usize| {
                !TITLES.contains(&lower[t].as_str())
                    && !PERSON_END_WORDS.contains(&lower[t].as_str())
            };
            if let Some(k) = (a..z).rev().find(|&k| TITLES.contains(&lower[k].as_str())) {
                if (k + 1..=z).all(|t| !TITLES.contains(&lower[t].as_str()))
                    && (k + 1..=z).any(is_name)
                {
                    a = k + 1;
                }
            }
            while a < z && TITLES.contains(&lower[a].as_str()) {
                a += 1;
            }
            // A title alone ("Emperor of the United States") is no name.
            if TITLES.contains(&lower[a].as_str()) {
                continue;
            }
        }
        // Trim bridging punctuation at the edges.
        while a < z && matches!(upos[a].as_str(), "PUNCT" | "DET" | "ADP") {
            a += 1;
        }
        while z > a && matches!(upos[z].as_str(), "PUNCT" | "DET" | "ADP" | "CCONJ") {
            z -= 1;
        }
        let kind = if base == "place" {
            place_type(&forms[a..=z], &lower[a..=z], m.identity.is_some(), gaz)
        } else {
            base
        };
        cands.push((a, z + 1, kind, m.identity.is_some()));
    }
    cands.sort_by(|x, y| {
        (y.1 - y.0)
            .cmp(&(x.1 - x.0))
            .then(y.3.cmp(&x.3))
            .then(x.0.cmp(&y.0))
    });
    let mut taken = vec![false; n];
    let mut ents: Vec<(usize, usize, &'static str)> = Vec::new();
    for (a, z, k, _) in cands {
        if taken[a..z].iter().any(|&t| t) {
            continue;
        }
        taken[a..z].iter_mut().for_each(|t| *t = true);
        let k = if z - a == 1 && is_norp_word(&lower[a], gaz) && k != "EVENT" {
            "NORP"
        } else {
            k
        };
        ents.push((a, z, k));
    }
    // NORP adjectives.
    for i in 0..n {
        if !taken[i]
            && matches!(upos[i].as_str(), "ADJ" | "PROPN" | "NOUN")
            && forms[i].chars().next().is_some_and(|c| c.is_uppercase())
            && is_norp_word(&lower[i], gaz)
        {
            ents.push((i, i + 1, "NORP"));
        }
    }
    ents.sort();
    GoldSentence {
        id: id.to_string(),
        forms,
        space_after,
        upos,
        entities: ents,
    }
}

fn is_norp_word(lower: &str, gaz: &GazSource) -> bool {
    GROUP_WORDS.contains(&lower) || gaz.is_demonym(lower)
}

fn place_type(forms: &[String], lower: &[String], identity: bool, gaz: &GazSource) -> &'static str {
    let phrase = lower.join(" ");
    if gaz.is_gpe(&phrase) {
        return "GPE";
    }
    let last = lower.last().map(String::as_str).unwrap_or("");
    if FAC_WORDS.contains(&last) {
        return "FAC";
    }
    if lower.iter().any(|w| LOC_WORDS.contains(&w.as_str())) {
        return "LOC";
    }
    if identity && forms.len() == 1 {
        return "GPE";
    }
    "LOC"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::COUNTRY;

    const SAMPLE: &str = "# sent_id = doc-1
1\tClaire\tClaire\tPROPN\tNNP\t_\t0\troot\t_\tEntity=(6-person-new-nnnnn-cf1-1,2,4-coref
2\tRoss\tRoss\tPROPN\tNNP\t_\t1\tflat\t_\tEntity=6)
3\tof\tof\tADP\tIN\t_\t5\tcase\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\tEntity=(8-organization-new-nnnnn-cf3-3-sgl-National_Library
5\tNational\tnational\tADJ\tJJ\t_\t6\tamod\t_\t_
6\tLibrary\tLibrary\tPROPN\tNNP\t_\t1\tnmod\t_\t_
7\tof\tof\tADP\tIN\t_\t8\tcase\t_\t_
8\tFrance\tFrance\tPROPN\tNNP\t_\t6\tnmod\t_\tEntity=(9-place-new-nnnnn-cf4-1-sgl-France)8)
9\t,\t,\tPUNCT\t,\t_\t12\tpunct\t_\t_
10\tRussian\tRussian\tADJ\tJJ\t_\t13\tamod\t_\tEntity=(10-person-new-nnnnn-cf5-1-coref-Sergei_Lavrov
11\tForeign\tForeign\tPROPN\tNNP\t_\t12\tcompound\t_\t_
12\tMinister\tMinister\tPROPN\tNNP\t_\t13\tcompound\t_\t_
13\tLavrov\tLavrov\tPROPN\tNNP\t_\t1\tappos\t_\tEntity=10)
14\t,\t,\tPUNCT\t,\t_\t16\tpunct\t_\t_
15\the\the\tPRON\tPRP\t_\t16\tnsubj\t_\tEntity=(10-person-giv-nnnnn-cf1-1-ana-Sergei_Lavrov)
16\tsaid\tsay\tVERB\tVBD\t_\t1\tparataxis\t_\t_

";

    #[test]
    fn derives_flat_named_spans() {
        let mut gaz = GazSource::default();
        gaz.phrases.insert("france".into(), COUNTRY);
        gaz.demonyms.insert("russian".into());
        let s = &parse(SAMPLE, &gaz)[0];
        assert_eq!(
            s.entities,
            [
                (0, 2, "PERSON"),   // Claire Ross
                (4, 8, "ORG"),      // National Library of France (outer wins; "the" dropped)
                (9, 10, "NORP"),    // Russian: a demonym adjective
                (12, 13, "PERSON")  // Lavrov: titles stripped; "he" is not named
            ]
        );
    }

    const ROLES: &str = "# sent_id = doc-2
1\tFacebook\tFacebook\tPROPN\tNNP\t_\t2\tcompound\t_\tEntity=(1-person-new-nnnnn-cf1-2,3,4-coref-Mark_Zuckerberg(2-organization-new-nnnnn-cf2-1-sgl-Facebook)
2\tco-founder\tco-founder\tNOUN\tNN\t_\t5\tnsubj\t_\t_
3\tMark\tMark\tPROPN\tNNP\t_\t2\tflat\t_\t_
4\tZuckerberg\tZuckerberg\tPROPN\tNNP\t_\t2\tflat\t_\tEntity=1)
5\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
6\tFernando\tFernando\tPROPN\tNNP\t_\t5\tobj\t_\tEntity=(3-person-new-nnnnn-cf3-1-sgl
7\tCheung\tCheung\tPROPN\tNNP\t_\t6\tflat\t_\t_
8\tof\tof\tADP\tIN\t_\t11\tcase\t_\t_
9\tthe\tthe\tDET\tDT\t_\t11\tdet\t_\tEntity=(4-organization-new-nnnnn-cf4-1-sgl
10\tLabour\tLabour\tPROPN\tNNP\t_\t11\tcompound\t_\t_
11\tParty\tParty\tPROPN\tNNP\t_\t6\tnmod\t_\tEntity=4)3)
12\tat\tat\tADP\tIN\t_\t14\tcase\t_\t_
13\tthe\tthe\tDET\tDT\t_\t14\tdet\t_\tEntity=(5-organization-new-nnnnn-cf5-1-sgl
14\tUniversity\tUniversity\tPROPN\tNNP\t_\t5\tobl\t_\t_
15\tof\tof\tADP\tIN\t_\t17\tcase\t_\t_
16\tSouthern\tsouthern\tADJ\tJJ\t_\t17\tamod\t_\t_
17\tIndiana\tIndiana\tPROPN\tNNP\t_\t14\tnmod\t_\tEntity=(6-place-new-nnnnn-cf6-1-sgl)
18\tin\tin\tADP\tIN\t_\t19\tcase\t_\t_
19\tEvansville\tEvansville\tPROPN\tNNP\t_\t14\tnmod\t_\tEntity=(7-place-new-nnnnn-cf7-1-sgl-Evansville)5)
20\twith\twith\tADP\tIN\t_\t24\tcase\t_\t_
21\tU.S.\tU.S.\tPROPN\tNNP\t_\t22\tcompound\t_\tEntity=(8-person-new-nnnnn-cf8-1-sgl-Donald_Trump(9-place-new-nnnnn-cf9-1-sgl-United_States)
22\tPresident\tPresident\tPROPN\tNNP\t_\t24\tcompound\t_\t_
23\tDonald\tDonald\tPROPN\tNNP\t_\t24\tcompound\t_\t_
24\tTrump\tTrump\tPROPN\tNNP\t_\t5\tobl\t_\tEntity=8)

";

    #[test]
    fn names_after_roles_and_without_affiliations_or_locations() {
        let gaz = GazSource::default();
        let s = &parse(ROLES, &gaz)[0];
        assert_eq!(
            s.entities,
            [
                (0, 1, "ORG"),      // Facebook
                (2, 4, "PERSON"),   // Mark Zuckerberg: the name in `flat` under the role noun
                (5, 7, "PERSON"),   // Fernando Cheung, without "of the Labour Party"
                (9, 11, "ORG"),     // Labour Party
                (13, 17, "ORG"),    // University of Southern Indiana, without "in Evansville"
                (18, 19, "GPE"),    // Evansville
                (20, 21, "GPE"),    // U.S.
                (22, 24, "PERSON")  // Donald Trump: the role up to "President" stripped
            ]
        );
    }
}
