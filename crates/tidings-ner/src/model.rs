//! The sequence labeller: BILOU tags over the seven types, greedy left-to-right decoding with
//! transition constraints, an averaged perceptron over hashed sparse features.

use crate::gazetteer::Gazetteer;
use crate::hash::{hash_str, mix, FastMap, Hasher};

/// Entity types, in tag order.
pub const TYPES: [&str; 7] = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"];
pub const N_TAGS: usize = 1 + 4 * TYPES.len();
const KEY_MASK: u64 = (1 << 40) - 1;

pub fn type_index(t: &str) -> Option<usize> {
    TYPES.iter().position(|&x| x == t)
}

/// Tag `0` is O; `1 + 4·type + k` with k = 0 B, 1 I, 2 L, 3 U.
pub fn tag(ty: usize, k: usize) -> usize {
    1 + 4 * ty + k
}

fn tag_parts(t: usize) -> Option<(usize, usize)> {
    (t > 0).then(|| ((t - 1) / 4, (t - 1) % 4))
}

/// `B-PERSON`, `O`, … for a tag index.
pub fn tag_name(t: usize) -> String {
    match tag_parts(t) {
        None => "O".into(),
        Some((ty, k)) => format!("{}-{}", ["B", "I", "L", "U"][k], TYPES[ty]),
    }
}

/// May `cur` follow `prev` (`None` = sentence start)? `last`: is `cur` the last token?
pub fn valid(prev: Option<usize>, cur: usize, last: bool) -> bool {
    let open = prev
        .and_then(tag_parts)
        .filter(|&(_, k)| k <= 1)
        .map(|(t, _)| t);
    let ok = match (open, tag_parts(cur)) {
        (None, None) => true,
        (None, Some((_, k))) => k == 0 || k == 3,
        (Some(_), None) => false,
        (Some(t), Some((u, k))) => t == u && (k == 1 || k == 2),
    };
    ok && !(last && matches!(tag_parts(cur), Some((_, 0 | 1))))
}

/// The best tag reachable after `prev` when the gold tag is `gold`: the gold tag itself if it
/// is allowed, else the nearest allowed one (an entity whose start was missed starts now; an
/// entity opened by mistake closes now). Training updates towards it, so the model learns
/// what to do after its own mistakes instead of scores for tags it may not use.
pub fn oracle(prev: Option<usize>, gold: usize, last: bool) -> usize {
    if valid(prev, gold, last) {
        return gold;
    }
    let open = prev
        .and_then(tag_parts)
        .filter(|&(_, k)| k <= 1)
        .map(|(t, _)| t);
    match (open, tag_parts(gold)) {
        // Nothing open, gold continues an entity: start it here.
        (None, Some((t, 1))) if !last => tag(t, 0),
        (None, Some((t, _))) => tag(t, 3),
        // An entity is open: continue it if gold continues, else close it.
        (Some(t), Some((_, 1))) if !last => tag(t, 1),
        (Some(t), _) => tag(t, 2),
        (None, None) => 0,
    }
}

/// BILOU tags from spans.
pub fn encode(n: usize, spans: &[(usize, usize, &str)]) -> Vec<usize> {
    let mut tags = vec![0; n];
    for &(a, z, t) in spans {
        let ty = type_index(t).expect("known type");
        if z - a == 1 {
            tags[a] = tag(ty, 3);
        } else {
            tags[a] = tag(ty, 0);
            for x in tags.iter_mut().take(z - 1).skip(a + 1) {
                *x = tag(ty, 1);
            }
            tags[z - 1] = tag(ty, 2);
        }
    }
    tags
}

/// Spans from (valid) BILOU tags.
pub fn decode_spans(tags: &[usize]) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &t) in tags.iter().enumerate() {
        match tag_parts(t) {
            Some((ty, 3)) => out.push((i, i + 1, TYPES[ty])),
            Some((_, 0)) => start = Some(i),
            Some((ty, 2)) => {
                if let Some(s) = start.take() {
                    out.push((s, i + 1, TYPES[ty]));
                }
            }
            _ => {}
        }
    }
    out
}

/// Words that end organization names.
const ORG_WORDS: &[&str] = &[
    "organisation",
    "organization",
    "university",
    "college",
    "institute",
    "institution",
    "company",
    "corporation",
    "corp",
    "corp.",
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "llc",
    "plc",
    "co",
    "co.",
    "association",
    "society",
    "club",
    "council",
    "committee",
    "commission",
    "party",
    "union",
    "league",
    "federation",
    "foundation",
    "agency",
    "department",
    "ministry",
    "office",
    "bureau",
    "board",
    "bank",
    "group",
    "network",
    "press",
    "times",
    "post",
    "news",
    "journal",
    "magazine",
    "records",
    "studios",
    "studio",
    "team",
    "fc",
    "academy",
    "army",
    "navy",
    "force",
    "forces",
    "police",
    "parliament",
    "senate",
    "congress",
    "assembly",
    "government",
    "administration",
    "service",
    "services",
    "trust",
    "fund",
    "airlines",
    "airways",
    "motors",
    "systems",
    "technologies",
    "labs",
    "laboratory",
    "partners",
    "brothers",
    "industries",
    "gaming",
    "games",
    "entertainment",
    "media",
    "channel",
    "radio",
    "tv",
    "broadcasting",
    "review",
    "herald",
    "tribune",
    "gazette",
    "guardian",
    "daily",
    "weekly",
    "sisters",
    "band",
    "orchestra",
    "choir",
    "corps",
    "guard",
    "movement",
    "alliance",
    "coalition",
    "initiative",
    "program",
    "programme",
    "project",
    "council",
    "cabinet",
    "court",
    "tribunal",
    "authority",
    "commons",
    "lords",
    "nations",
    "consortium",
    "centre",
    "center",
    "clinic",
];

/// Words that end event names.
const EVENT_WORDS: &[&str] = &[
    "war",
    "wars",
    "battle",
    "revolution",
    "cup",
    "championship",
    "championships",
    "olympics",
    "festival",
    "conference",
    "summit",
    "election",
    "elections",
    "crisis",
    "massacre",
    "treaty",
    "awards",
    "expo",
    "fair",
    "marathon",
    "tournament",
    "series",
    "prix",
    "rebellion",
    "uprising",
    "era",
    "ages",
    "dynasty",
    "day",
    "week",
    "month",
    "year",
    "bowl",
    "derby",
    "race",
    "rally",
    "strike",
    "riots",
    "protests",
    "earthquake",
    "hurricane",
    "storm",
    "fire",
    "flood",
    "pandemic",
    "epidemic",
    "crusade",
    "crusades",
    "reformation",
    "renaissance",
    "depression",
    "holocaust",
    "genocide",
    "congress",
];

/// Class of a lower-cased word hash: 1 organization word, 2 facility word, 3 natural place
/// word, 4 event word, 5 person ending, 6 title, 0 none.
fn word_class(h: u64) -> u8 {
    static M: std::sync::OnceLock<FastMap<u64, u8>> = std::sync::OnceLock::new();
    let m = M.get_or_init(|| {
        let mut m = FastMap::default();
        let lists: [(&[&str], u8); 6] = [
            (crate::gum::TITLES, 6),
            (crate::gum::PERSON_END_WORDS, 5),
            (EVENT_WORDS, 4),
            (crate::gum::LOC_WORDS, 3),
            (crate::gum::FAC_WORDS, 2),
            (ORG_WORDS, 1),
        ];
        for (list, c) in lists {
            for w in list {
                m.insert(hash_str(w), c);
            }
        }
        m
    });
    m.get(&h).copied().unwrap_or(0)
}

/// Case normalization mode of a sentence.
pub fn sentence_mode(forms: &[&str]) -> u8 {
    let (mut words, mut upper, mut title) = (0, 0, 0);
    for f in forms {
        let letters: Vec<char> = f.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() < 2 {
            continue;
        }
        words += 1;
        if letters.iter().all(|c| c.is_uppercase()) {
            upper += 1;
        } else if letters[0].is_uppercase() {
            title += 1;
        }
    }
    if words >= 2 && upper * 10 >= words * 6 {
        1
    } else if words >= 4 && (upper + title) * 10 >= words * 9 {
        2
    } else {
        0
    }
}

/// Hash of the word's shape: letters to `X`/`x`, digits to `d`, other characters kept,
/// runs longer than two cut to two, at most 8 bytes ("Xxx" → "Xx", "U.S." → "X.X.").
fn shape_hash(form: &str) -> u64 {
    let mut h = Hasher::new();
    let mut last = '\0';
    let mut run = 0;
    let mut len = 0;
    let mut buf = [0u8; 4];
    for c in form.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = k;
        let bytes = k.encode_utf8(&mut buf).as_bytes();
        h.write(bytes);
        len += bytes.len();
        if len >= 8 {
            break;
        }
    }
    h.finish()
}

/// Hashes of the 1–3-character prefixes and 1–4-character suffixes of a lower-cased word.
fn affix_hashes(l: &str) -> [u64; 7] {
    let bounds: Vec<usize> = l.char_indices().map(|(i, _)| i).chain([l.len()]).collect();
    let n = bounds.len() - 1; // characters
    let mut a = [0u64; 7];
    for (k, slot) in a.iter_mut().take(3).enumerate() {
        *slot = hash_str(&l[..bounds[(k + 1).min(n)]]);
    }
    for (k, slot) in a.iter_mut().skip(3).enumerate() {
        *slot = hash_str(&l[bounds[n.saturating_sub(k + 1)]..]);
    }
    a
}

/// The per-sentence inputs of feature extraction.
pub struct Prepared {
    lower: Vec<u64>,
    form: Vec<u64>,
    shape: Vec<u64>,
    xpos: Vec<u64>,
    affix: Vec<[u64; 7]>,
    gaz: Vec<u32>,
    case: Vec<u8>,
    /// Capitalized run around the token (normal case only): first word, last word, position.
    run: Vec<(u64, u64, u8)>,
    mode: u8,
    /// Does the form start with an upper-case letter?
    cap: Vec<bool>,
    /// Is the word a country or a national capital?
    seat: Vec<bool>,
    /// Word class (see `word_class`); a hyphenated word takes its last part's
    /// ("Secretary-General" is a title, "Vice-Chancellor" too).
    class: Vec<u8>,
    /// Document evidence per token (see [`doc_evidence`]); 0 = none.
    pub doc: Vec<u8>,
}

const PAD: u64 = 0x5eed;

fn f1(t: u64, a: u64) -> u64 {
    mix(t.wrapping_mul(0x9e37_79b9) ^ a) & KEY_MASK
}

fn f2(t: u64, a: u64, b: u64) -> u64 {
    mix(mix(t.wrapping_mul(0x9e37_79b9) ^ a) ^ b.rotate_left(17)) & KEY_MASK
}

/// Model parts used by feature extraction.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub gaz: Gazetteer,
    /// 32-bit hash of a lower-cased word → capitalization bucket (1..=4).
    pub case: FastMap<u32, u8>,
    /// 32-bit hashes of countries and national capitals (one word or more, lower-cased).
    pub seats: FastMap<u32, u8>,
}

impl Lexicon {
    pub fn prepare(&self, forms: &[&str], xpos: &[&str]) -> Prepared {
        let mode = sentence_mode(forms);
        let lowers: Vec<String> = forms.iter().map(|f| f.to_lowercase()).collect();
        let gaz = self.gaz.annotate(&lowers);
        let mut p = Prepared {
            lower: Vec::with_capacity(forms.len()),
            form: Vec::with_capacity(forms.len()),
            shape: Vec::with_capacity(forms.len()),
            xpos: Vec::with_capacity(forms.len()),
            affix: Vec::with_capacity(forms.len()),
            gaz,
            case: Vec::with_capacity(forms.len()),
            run: vec![(0, 0, 0); forms.len()],
            mode,
            cap: forms
                .iter()
                .map(|f| f.chars().next().is_some_and(char::is_uppercase))
                .collect(),
            doc: vec![0; forms.len()],
            seat: Vec::with_capacity(forms.len()),
            class: Vec::with_capacity(forms.len()),
        };
        for (i, f) in forms.iter().enumerate() {
            let l = &lowers[i];
            let lh = hash_str(l);
            p.lower.push(lh);
            p.form.push(hash_str(f));
            p.shape.push(shape_hash(f));
            // Opening and closing quotes are one tag: the tagger often guesses the direction
            // wrong ("anyone,\" Dmitry Peskov told" gets ``), and a name after a quote is a
            // name either way.
            let x = match xpos.get(i).copied().unwrap_or("") {
                "``" | "''" => "''",
                x => x,
            };
            p.xpos.push(hash_str(x));
            let a = affix_hashes(l);
            p.affix.push(a);
            p.case
                .push(self.case.get(&(lh as u32)).copied().unwrap_or(0));
            p.seat.push(self.seats.contains_key(&(lh as u32)));
            let mut class = word_class(lh);
            if class == 0 {
                if let Some((_, head)) = l
                    .rsplit_once('-')
                    .filter(|(a, b)| !a.is_empty() && !b.is_empty())
                {
                    class = word_class(hash_str(head));
                }
            }
            p.class.push(class);
        }
        if mode == 0 {
            let cap = |i: usize| forms[i].chars().next().is_some_and(char::is_uppercase);
            let bridge = |i: usize| matches!(lowers[i].as_str(), "of" | "the" | "de" | "&" | "for");
            let n = forms.len();
            let mut i = 0;
            while i < n {
                if !cap(i) {
                    i += 1;
                    continue;
                }
                let mut z = i;
                loop {
                    if z + 1 < n && cap(z + 1) {
                        z += 1;
                    } else if z + 2 < n && bridge(z + 1) && cap(z + 2) {
                        z += 2;
                    } else if z + 3 < n && bridge(z + 1) && bridge(z + 2) && cap(z + 3) {
                        z += 3;
                    } else {
                        break;
                    }
                }
                for k in i..=z {
                    let pos = if i == z {
                        4
                    } else if k == i {
                        1
                    } else if k == z {
                        3
                    } else {
                        2
                    };
                    p.run[k] = (p.lower[i], p.lower[z], pos);
                }
                i = z + 1;
            }
        }
        p
    }
}

impl Prepared {
    pub fn len(&self) -> usize {
        self.lower.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// Tag-independent features of token `i`.
    pub fn static_features(&self, i: usize, out: &mut Vec<u64>) {
        let n = self.len() as isize;
        let at = |v: &[u64], j: isize| -> u64 {
            if j < 0 {
                PAD
            } else if j >= n {
                PAD + 1
            } else {
                v[j as usize]
            }
        };
        let i_ = i as isize;
        let m = self.mode as u64;
        let w = self.lower[i];
        out.push(f1(0, 0));
        out.push(f1(1, w));
        out.push(f1(2, at(&self.lower, i_ - 1)));
        out.push(f1(3, at(&self.lower, i_ + 1)));
        out.push(f1(4, at(&self.lower, i_ - 2)));
        out.push(f1(5, at(&self.lower, i_ + 2)));
        out.push(f2(6, at(&self.lower, i_ - 1), w));
        out.push(f2(7, w, at(&self.lower, i_ + 1)));
        if self.mode == 0 {
            out.push(f1(8, self.form[i]));
        }
        // Shapes, separate per case mode.
        out.push(f2(10, m, self.shape[i]));
        out.push(f2(11, m, at(&self.shape, i_ - 1)));
        out.push(f2(12, m, at(&self.shape, i_ + 1)));
        out.push(f2(
            13,
            m,
            mix(at(&self.shape, i_ - 1)) ^ self.shape[i].rotate_left(7),
        ));
        out.push(f2(
            14,
            m,
            mix(self.shape[i]) ^ at(&self.shape, i_ + 1).rotate_left(7),
        ));
        out.push(f2(15, m * 2 + (i == 0) as u64, self.shape[i]));
        for (k, &a) in self.affix[i].iter().enumerate() {
            out.push(f1(20 + k as u64, a));
        }
        // Tags from the tagger.
        let x = self.xpos[i];
        out.push(f2(30, m, x));
        out.push(f2(31, m, at(&self.xpos, i_ - 1)));
        out.push(f2(32, m, at(&self.xpos, i_ + 1)));
        out.push(f2(33, mix(at(&self.xpos, i_ - 1)) ^ m, x));
        out.push(f2(34, mix(x) ^ m, at(&self.xpos, i_ + 1)));
        out.push(f2(35, mix(x) ^ m, self.shape[i]));
        out.push(f2(36, x, w));
        // Gazetteers: this token's position code per category, neighbours' categories.
        let g = self.gaz[i];
        for c in 0..crate::gazetteer::CATEGORIES.len() as u64 {
            let code = (g >> (3 * c)) & 7;
            if code != 0 {
                out.push(f2(40, c, code as u64));
                out.push(f2(41, c * 8 + code as u64, m));
            }
        }
        if g != 0 {
            out.push(f1(42, g as u64));
        }
        let gl = if i > 0 { self.gaz[i - 1] } else { u32::MAX };
        let gr = if i + 1 < self.len() {
            self.gaz[i + 1]
        } else {
            u32::MAX
        };
        out.push(f2(43, gl as u64, g as u64));
        out.push(f2(44, g as u64, gr as u64));
        // Each gazetteer category of the neighbours with this token's shape ("Ned" is a first
        // name, so the capitalized word after it is likely a surname).
        for (k, nb) in [(0u64, gl), (1, gr)] {
            if nb == u32::MAX {
                continue;
            }
            for c in 0..crate::gazetteer::CATEGORIES.len() as u64 {
                let code = (nb >> (3 * c)) & 7;
                if code != 0 {
                    out.push(f2(45 + k, c * 8 + code as u64, self.shape[i] ^ m));
                }
            }
        }
        // Capitalization habits of the word.
        let c = self.case[i] as u64;
        let cl = if i > 0 { self.case[i - 1] as u64 } else { 9 };
        let cr = if i + 1 < self.len() {
            self.case[i + 1] as u64
        } else {
            9
        };
        out.push(f2(50, m, c));
        out.push(f2(51, m * 16 + cl, c));
        out.push(f2(52, m * 16 + c, cr));
        out.push(f2(53, mix(c) ^ m, self.shape[i]));
        out.push(f2(54, c, x));
        // Neighbouring words with this token's shape; gazetteer matches two tokens away.
        {
            out.push(f2(95, at(&self.lower, i_ - 1), self.shape[i] ^ m));
            out.push(f2(96, self.shape[i] ^ m, at(&self.lower, i_ + 1)));
            let g2 = |j: isize| -> u64 {
                if j < 0 || j >= n {
                    u64::MAX
                } else {
                    self.gaz[j as usize] as u64
                }
            };
            out.push(f2(97, g2(i_ - 2), g as u64));
            out.push(f2(98, g as u64, g2(i_ + 2)));
            out.push(f2(99, at(&self.lower, i_ - 2), self.shape[i] ^ m));
        }
        // The capitalized run this token is in.
        let (first, last, pos) = self.run[i];
        if pos != 0 {
            let pos = pos as u64 * 2 + (i == 0) as u64;
            out.push(f2(70, pos, last));
            out.push(f2(71, pos, first));
            out.push(f1(72, pos));
            let suf = |h: u64| h; // last word identity is the strongest cue
            out.push(f2(73, suf(last), first));
            {
                let (cf, cl) = (word_class(first) as u64, word_class(last) as u64);
                out.push(f2(74, pos, cl));
                out.push(f2(75, pos * 8 + cf, cl));
            }
        }
        {
            let cw = self.class[i] as u64;
            let cn = if i + 1 < self.len() {
                self.class[i + 1] as u64
            } else {
                7
            };
            let cp = if i > 0 { self.class[i - 1] as u64 } else { 7 };
            out.push(f2(76, m * 8 + cw, self.shape[i]));
            out.push(f2(77, cp * 8 + cw, cn * 8 + m));
            {
                // The nearest class word within the next three tokens, and how far it is.
                let ahead = (i + 1..self.len().min(i + 4))
                    .find_map(|j| Some((j - i, self.class[j])).filter(|x| x.1 != 0));
                if let Some((d, c)) = ahead {
                    out.push(f2(78, m * 8 + d as u64, c as u64 * 64 + cw));
                    out.push(f2(79, d as u64 * 8 + c as u64, self.shape[i] ^ m));
                }
            }
        }
    }

    /// Features that depend on the two previous tags.
    pub fn tag_features(&self, i: usize, p1: usize, p2: usize, out: &mut Vec<u64>) {
        let (p1, p2) = (p1 as u64, p2 as u64);
        out.push(f1(60, p1));
        out.push(f2(61, p1, p2));
        out.push(f2(62, p1, self.lower[i]));
        out.push(f2(63, p1 * 4 + self.mode as u64, self.shape[i]));
        out.push(f2(64, p1, self.xpos[i]));
        // What the first pass said about the same word elsewhere in the document.
        let d = self.doc[i] as u64;
        if d != 0 {
            out.push(f1(80, d));
            out.push(f2(81, d, self.mode as u64 * 64 + p1));
            out.push(f2(82, d, self.shape[i]));
            out.push(f2(83, d, self.xpos[i]));
        }
    }

    /// Gazetteer categories, capitalization bucket and document evidence of token `i` (for
    /// debugging).
    #[doc(hidden)]
    pub fn debug_token(&self, i: usize) -> String {
        let g = self.gaz[i];
        let cats: Vec<String> = [
            "country", "admin1", "city", "demonym", "person", "org", "pword", "first",
        ]
        .iter()
        .enumerate()
        .filter_map(|(c, n)| {
            let code = (g >> (3 * c)) & 7;
            (code != 0).then(|| format!("{n}:{}", ["", "B", "I", "L", "U"][code as usize]))
        })
        .collect();
        format!(
            "gaz[{}] case={} doc={}",
            cats.join(","),
            self.case[i],
            self.doc[i]
        )
    }

    /// Two conventions of news text the model, trained on GUM's mostly non-news genres, does
    /// not always follow (normal-case sentences only):
    ///
    /// - A country or national capital standing alone as a PERSON ("Washington said", "London
    ///   said": the government speaking) is a GPE. A capitalized neighbour keeps the person
    ///   ("George Washington", "Jack London").
    /// - Two capitalized proper nouns followed by a verb ("Dmitry Peskov told", "Ned Price
    ///   said"), outside every entity, where the first is a known first name or a word never
    ///   written in lower case and neither is a place, organization or demonym, are a PERSON.
    ///   The tagger may miss the proper nouns ("Ned/VBN Price/NN"): a known first name and a
    ///   known surname stand in for the NNP tags.
    pub fn news_rules(&self, spans: &mut Vec<(usize, usize, &'static str)>) {
        use crate::gazetteer::{
            ADMIN1, CATEGORIES, CITY, COUNTRY, DEMONYM, FIRST_NAME, ORG, PERSON_WORD,
        };
        if self.mode != 0 {
            return;
        }
        let n = self.len();
        let cap = |i: usize| i < n && self.cap[i];
        for s in spans.iter_mut() {
            let (a, z, t) = *s;
            if t == "PERSON" && z == a + 1 && self.seat[a] && !(a > 0 && cap(a - 1)) && !cap(z) {
                s.2 = "GPE";
            }
        }
        let has = |i: usize, bit: u8| {
            let c = CATEGORIES.iter().position(|&b| b == bit).expect("category") as u32;
            (self.gaz[i] >> (3 * c)) & 7 != 0
        };
        let placeish = |i: usize| {
            [COUNTRY, ADMIN1, CITY, DEMONYM, ORG]
                .iter()
                .any(|&b| has(i, b))
        };
        let nnp = hash_str("NNP");
        let verbs = [
            hash_str("VBD"),
            hash_str("VBZ"),
            hash_str("VBP"),
            hash_str("MD"),
        ];
        let mut taken = vec![false; n];
        for &(a, z, _) in spans.iter() {
            taken[a..z].iter_mut().for_each(|t| *t = true);
        }
        let mut added = Vec::new();
        for a in 0..n.saturating_sub(2) {
            let ok = cap(a)
                && cap(a + 1)
                && !(a > 0 && cap(a - 1))
                && !taken[a]
                && !taken[a + 1]
                && (self.xpos[a] == nnp || has(a, FIRST_NAME))
                && (self.xpos[a + 1] == nnp || has(a + 1, PERSON_WORD))
                && verbs.contains(&self.xpos[a + 2])
                && (has(a, FIRST_NAME) || self.case[a] == 4)
                && !placeish(a)
                && !placeish(a + 1);
            if ok {
                added.push((a, a + 2, "PERSON"));
            }
        }
        if !added.is_empty() {
            spans.extend(added);
            spans.sort();
        }
    }

    /// Forgets the gazetteer matches of tokens `a..z` (training: a swapped-in name the
    /// gazetteers do not know, so the model keeps reading names from shape and context).
    pub fn clear_gazetteer(&mut self, a: usize, z: usize) {
        self.gaz[a..z].iter_mut().for_each(|g| *g = 0);
    }

    /// Does any token carry document evidence?
    pub fn has_doc(&self) -> bool {
        self.doc.iter().any(|&d| d != 0)
    }
}

/// Fills `Prepared::doc` of every sentence of a document from first-pass tags: for each
/// capitalized token, how the *other* capitalized occurrences of the same lower-cased word in
/// the document were tagged (majority entity type, or outside every entity, and whether the
/// occurrences agree). A name tagged PERSON twice elsewhere is likely PERSON here too.
pub fn doc_evidence(sents: &mut [Prepared], tags: &[Vec<usize>]) {
    let mut counts: FastMap<u64, [u16; 1 + TYPES.len()]> = FastMap::default();
    let slot = |t: usize| tag_parts(t).map_or(0, |(ty, _)| ty + 1);
    for (p, t) in sents.iter().zip(tags) {
        for ((&cap, &w), &tag) in p.cap.iter().zip(&p.lower).zip(t) {
            if cap {
                counts.entry(w).or_default()[slot(tag)] += 1;
            }
        }
    }
    for (p, t) in sents.iter_mut().zip(tags) {
        for i in 0..p.len() {
            p.doc[i] = 0;
            if !p.cap[i] {
                continue;
            }
            let mut c = counts[&p.lower[i]];
            c[slot(t[i])] -= 1;
            let total: u16 = c.iter().sum();
            if total == 0 {
                continue;
            }
            let (best, &n) = c
                .iter()
                .enumerate()
                .max_by_key(|&(k, &n)| (n, std::cmp::Reverse(k)))
                .expect("non-empty");
            let agree = if n == total {
                0
            } else if n * 2 > total {
                1
            } else {
                2
            };
            let many = (total >= 3) as usize;
            p.doc[i] = (1 + best * 6 + agree * 2 + many) as u8;
        }
    }
}

/// Greedy decoding from cached tag-independent scores (`base`, one row per token) plus the
/// tag-dependent features (second pass).
pub fn greedy_cached(
    p: &Prepared,
    base: &[[f32; N_TAGS]],
    mut score: impl FnMut(&[u64], &mut [f32; N_TAGS]),
    feats: &mut Vec<u64>,
) -> Vec<usize> {
    let n = p.len();
    let mut tags = Vec::with_capacity(n);
    for i in 0..n {
        feats.clear();
        let p1 = if i > 0 { tags[i - 1] } else { START };
        let p2 = if i > 1 { tags[i - 2] } else { START };
        p.tag_features(i, p1, p2, feats);
        let mut s = base[i];
        score(feats, &mut s);
        tags.push(pick(&s, (i > 0).then(|| tags[i - 1]), i + 1 == n));
    }
    tags
}

fn pick(s: &[f32; N_TAGS], prev: Option<usize>, last: bool) -> usize {
    let mut best = 0;
    let mut best_s = f32::NEG_INFINITY;
    for (t, &v) in s.iter().enumerate() {
        if v > best_s && valid(prev, t, last) {
            best = t;
            best_s = v;
        }
    }
    best
}

/// Start-of-sentence pseudo tag for features.
pub const START: usize = N_TAGS;

/// Trained weights, ready to score.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    /// key → (first entry, count)
    pub index: FastMap<u64, (u32, u16)>,
    /// (tag, weight)
    pub entries: Vec<(u8, f32)>,
}

impl Weights {
    pub fn score(&self, feats: &[u64], scores: &mut [f32; N_TAGS]) {
        for f in feats {
            if let Some(&(s, n)) = self.index.get(f) {
                for &(t, w) in &self.entries[s as usize..s as usize + n as usize] {
                    scores[t as usize] += w;
                }
            }
        }
    }
}

/// Greedy decoding with any scorer.
pub fn greedy(
    p: &Prepared,
    score: impl FnMut(&[u64], &mut [f32; N_TAGS]),
    feats: &mut Vec<u64>,
) -> Vec<usize> {
    greedy_keep(p, score, feats, None)
}

/// Greedy decoding; when `keep` is given, the tag-independent score rows are stored in it
/// (for [`greedy_cached`]).
pub fn greedy_keep(
    p: &Prepared,
    mut score: impl FnMut(&[u64], &mut [f32; N_TAGS]),
    feats: &mut Vec<u64>,
    mut keep: Option<&mut Vec<[f32; N_TAGS]>>,
) -> Vec<usize> {
    let n = p.len();
    let mut tags = Vec::with_capacity(n);
    for i in 0..n {
        feats.clear();
        p.static_features(i, feats);
        let mut s = [0f32; N_TAGS];
        if let Some(k) = keep.as_deref_mut() {
            score(feats, &mut s);
            k.push(s);
            feats.clear();
        }
        let p1 = if i > 0 { tags[i - 1] } else { START };
        let p2 = if i > 1 { tags[i - 2] } else { START };
        p.tag_features(i, p1, p2, feats);
        score(feats, &mut s);
        tags.push(pick(&s, (i > 0).then(|| tags[i - 1]), i + 1 == n));
    }
    tags
}

/// Averaged-perceptron training state.
#[derive(Default)]
pub struct Trainer {
    index: FastMap<u64, Vec<u32>>,
    tag: Vec<u8>,
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u64>,
    pub clock: u64,
}

impl Trainer {
    pub fn score(&self, feats: &[u64], scores: &mut [f32; N_TAGS]) {
        for f in feats {
            if let Some(list) = self.index.get(f) {
                for &e in list {
                    scores[self.tag[e as usize] as usize] += self.w[e as usize];
                }
            }
        }
    }

    fn bump(&mut self, f: u64, t: usize, d: f32) {
        let list = self.index.entry(f).or_default();
        let e = match list.iter().find(|&&e| self.tag[e as usize] as usize == t) {
            Some(&e) => e as usize,
            None => {
                let e = self.w.len();
                list.push(e as u32);
                self.tag.push(t as u8);
                self.w.push(0.0);
                self.total.push(0.0);
                self.stamp.push(self.clock);
                e
            }
        };
        self.total[e] += (self.clock - self.stamp[e]) as f64 * self.w[e] as f64;
        self.stamp[e] = self.clock;
        self.w[e] += d;
    }

    /// One training step on a sentence, left to right: at each token the best valid tag
    /// given the gold history is compared with the gold tag (teacher forcing; [`oracle`]
    /// keeps the gold tag valid) and the weights are updated where they differ.
    /// Returns the number of wrong tags and the tags the model chose.
    pub fn learn(
        &mut self,
        p: &Prepared,
        gold: &[usize],
        feats: &mut Vec<u64>,
    ) -> (usize, Vec<usize>) {
        let n = p.len();
        let mut tags: Vec<usize> = Vec::with_capacity(n);
        let mut predicted: Vec<usize> = Vec::with_capacity(n);
        let mut wrong = 0;
        for i in 0..n {
            self.clock += 1;
            feats.clear();
            p.static_features(i, feats);
            let p1 = if i > 0 { tags[i - 1] } else { START };
            let p2 = if i > 1 { tags[i - 2] } else { START };
            p.tag_features(i, p1, p2, feats);
            let mut s = [0f32; N_TAGS];
            self.score(feats, &mut s);
            let prev = (i > 0).then(|| tags[i - 1]);
            let last = i + 1 == n;
            let mut best = 0;
            let mut best_s = f32::NEG_INFINITY;
            for (t, &v) in s.iter().enumerate() {
                if v > best_s && valid(prev, t, last) {
                    best = t;
                    best_s = v;
                }
            }
            let truth = oracle(prev, gold[i], last);
            if best != truth {
                wrong += 1;
                for &f in feats.iter() {
                    self.bump(f, truth, 1.0);
                    self.bump(f, best, -1.0);
                }
            }
            predicted.push(best);
            tags.push(truth);
        }
        (wrong, predicted)
    }

    /// Averaged weights, dropping those below `min_abs`, keys sorted.
    pub fn average(&self, min_abs: f32) -> Weights {
        let mut keys: Vec<u64> = self.index.keys().copied().collect();
        keys.sort_unstable();
        let mut out = Weights::default();
        for k in keys {
            let start = out.entries.len();
            let mut list = self.index[&k].clone();
            list.sort_by_key(|&e| self.tag[e as usize]);
            for e in list {
                let e = e as usize;
                let tot = self.total[e] + (self.clock - self.stamp[e]) as f64 * self.w[e] as f64;
                let avg = (tot / self.clock.max(1) as f64) as f32;
                if avg.abs() >= min_abs {
                    out.entries.push((self.tag[e], avg));
                }
            }
            let n = out.entries.len() - start;
            if n > 0 {
                out.index.insert(k, (start as u32, n as u16));
            }
        }
        out
    }
}

/// A compact deterministic serialization helper.
#[derive(Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn varint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                break;
            }
            self.0.push(b | 0x80);
        }
    }
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
}

pub struct Reader<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    pub fn new(b: &'a [u8]) -> Reader<'a> {
        Reader { b, p: 0 }
    }
    pub fn is_done(&self) -> bool {
        self.p == self.b.len()
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.p + n > self.b.len() {
            return Err("unexpected end of model data".into());
        }
        let s = &self.b[self.p..self.p + n];
        self.p += n;
        Ok(s)
    }
    pub fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    pub fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    pub fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("bad varint".into())
    }
    pub fn str(&mut self) -> Result<String, String> {
        let n = self.varint()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|e| e.to_string())
    }
}

/// Serializes the weights: sorted keys delta-coded, weights quantized to i16.
pub fn write_weights(w: &Weights, out: &mut Writer) {
    let max = w.entries.iter().fold(0f32, |m, e| m.max(e.1.abs()));
    let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
    out.f32(scale);
    let mut keys: Vec<u64> = w.index.keys().copied().collect();
    keys.sort_unstable();
    out.varint(keys.len() as u64);
    let mut prev = 0u64;
    for k in keys {
        out.varint(k - prev);
        prev = k;
        let (s, n) = w.index[&k];
        out.u8(n as u8);
        for &(t, v) in &w.entries[s as usize..(s as usize + n as usize)] {
            out.u8(t);
            let q = (v / scale).round().clamp(-32767.0, 32767.0) as i16;
            out.0.extend_from_slice(&q.to_le_bytes());
        }
    }
}

pub fn read_weights(r: &mut Reader) -> Result<Weights, String> {
    let scale = r.f32()?;
    let n = r.varint()? as usize;
    let mut w = Weights {
        index: FastMap::with_capacity_and_hasher(n, Default::default()),
        entries: Vec::with_capacity(n * 2),
    };
    let mut key = 0u64;
    for _ in 0..n {
        key += r.varint()?;
        let c = r.u8()? as usize;
        let start = w.entries.len();
        for _ in 0..c {
            let t = r.u8()?;
            if t as usize >= N_TAGS {
                return Err(format!("tag {t} out of range"));
            }
            let q = i16::from_le_bytes([r.u8()?, r.u8()?]);
            w.entries.push((t, q as f32 * scale));
        }
        w.index.insert(key, (start as u32, c as u16));
    }
    Ok(w)
}

pub fn write_table(map: &FastMap<u32, u8>, out: &mut Writer) {
    let mut v: Vec<(u32, u8)> = map.iter().map(|(&k, &f)| (k, f)).collect();
    v.sort_unstable();
    out.varint(v.len() as u64);
    let mut prev = 0u32;
    for (k, f) in v {
        out.varint((k - prev) as u64);
        prev = k;
        out.u8(f);
    }
}

pub fn read_table(r: &mut Reader) -> Result<FastMap<u32, u8>, String> {
    let n = r.varint()? as usize;
    let mut m = FastMap::with_capacity_and_hasher(n, Default::default());
    let mut k = 0u32;
    for _ in 0..n {
        let d = r.varint()?;
        k = k
            .checked_add(u32::try_from(d).map_err(|e| e.to_string())?)
            .ok_or("table key overflow")?;
        m.insert(k, r.u8()?);
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{CITY, COUNTRY, FIRST_NAME, PERSON_WORD};

    fn lexicon() -> Lexicon {
        let mut lex = Lexicon::default();
        for (w, f) in [
            ("ned", FIRST_NAME),
            ("price", PERSON_WORD),
            ("jack", FIRST_NAME),
            ("london", COUNTRY | CITY),
            ("oslo", CITY),
        ] {
            lex.gaz.map.insert(hash_str(w) as u32, f);
        }
        lex.case.insert(hash_str("dmitry") as u32, 4);
        for w in ["london", "oslo", "norway"] {
            lex.seats.insert(hash_str(w) as u32, 1);
        }
        lex
    }

    fn rules(
        forms: &[&str],
        xpos: &[&str],
        spans: &[(usize, usize, &'static str)],
    ) -> Vec<(usize, usize, &'static str)> {
        let p = lexicon().prepare(forms, xpos);
        let mut spans = spans.to_vec();
        p.news_rules(&mut spans);
        spans
    }

    #[test]
    fn a_seat_that_speaks_is_a_place() {
        let f = ["London", "said", "it", "would", "send", "troops", "."];
        let x = ["NNP", "VBD", "PRP", "MD", "VB", "NNS", "."];
        assert_eq!(rules(&f, &x, &[(0, 1, "PERSON")]), [(0, 1, "GPE")]);
        let f = ["Officials", "in", "Oslo", "said", "Norway", "agreed", "."];
        let x = ["NNS", "IN", "NNP", "VBD", "NNP", "VBD", "."];
        assert_eq!(
            rules(&f, &x, &[(2, 3, "GPE"), (4, 5, "PERSON")]),
            [(2, 3, "GPE"), (4, 5, "GPE")]
        );
        // A first name before it keeps the person.
        let f = ["Jack", "London", "wrote", "it", "."];
        let x = ["NNP", "NNP", "VBD", "PRP", "."];
        assert_eq!(rules(&f, &x, &[(1, 2, "PERSON")]), [(1, 2, "PERSON")]);
        // Not a seat of government: left to the model.
        let f = ["Peskov", "said", "so", "."];
        let x = ["NNP", "VBD", "RB", "."];
        assert_eq!(rules(&f, &x, &[(0, 1, "PERSON")]), [(0, 1, "PERSON")]);
    }

    #[test]
    fn first_name_surname_verb_is_a_person() {
        // After a closing quote, with the tagger right.
        let f = [
            "\"",
            "No",
            ",",
            "\"",
            "Dmitry",
            "Peskov",
            "told",
            "reporters",
            ".",
        ];
        let x = ["``", "UH", ",", "``", "NNP", "NNP", "VBD", "NNS", "."];
        assert_eq!(rules(&f, &x, &[]), [(4, 6, "PERSON")]);
        // With the tagger wrong, the name lists decide.
        let f = ["Ned", "Price", "said", "it", "."];
        let x = ["VBN", "NN", "VBD", "PRP", "."];
        assert_eq!(rules(&f, &x, &[]), [(0, 2, "PERSON")]);
        // A place is no person; an entity already found stays as it is; no verb, no rule.
        let f = ["Dmitry", "Oslo", "said", "it", "."];
        let x = ["NNP", "NNP", "VBD", "PRP", "."];
        assert_eq!(rules(&f, &x, &[]), []);
        let f = ["Ned", "Price", "said", "it", "."];
        let x = ["NNP", "NNP", "VBD", "PRP", "."];
        assert_eq!(rules(&f, &x, &[(0, 2, "ORG")]), [(0, 2, "ORG")]);
        let f = ["Ned", "Price", "and", "others", "."];
        let x = ["NNP", "NNP", "CC", "NNS", "."];
        assert_eq!(rules(&f, &x, &[]), []);
        // Headlines in capitals are left to the model.
        let f = ["DMITRY", "PESKOV", "SAYS", "NO"];
        let x = ["NNP", "NNP", "VBZ", "UH"];
        assert_eq!(rules(&f, &x, &[]), []);
    }
}
