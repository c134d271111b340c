//! Rules compiled for matching: words and classes become integer ids, and an index maps each
//! word id to the rules that can start at it, so a token costs one hash lookup.

use crate::numbers;
use crate::rules::{Atom, Reading, Rule, RuleSet};
use std::collections::HashMap;

/// A pattern element with ids instead of strings, for fast matching.
pub struct CElement {
    pub alternatives: Vec<CAtom>,
    pub optional: bool,
    pub context: bool,
}

pub enum CAtom {
    Words(Vec<u32>),
    Class { class: u32, slot: String },
    Builtin { class: String, slot: String },
    Timex { kind: Option<String>, slot: String },
}

/// FxHash (rustc's hasher): the keys here are small integers and short words, where SipHash's
/// DoS resistance buys nothing and costs a third of the tagging time.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
}

pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

pub const NO_WORD: u32 = u32::MAX;

/// The rule set in matching form.
pub struct Compiled {
    /// Every word a rule or the lexicon mentions → its id; other words cannot match anything.
    pub vocab: FastMap<String, u32>,
    /// By word id: its lexicon readings with class ids.
    pub word_readings: Vec<Vec<(u32, Reading)>>,
    /// The rules' elements with ids, parallel to the rule list.
    pub rules: Vec<Vec<CElement>>,
    /// By word id: the rules that can start at that word, ascending.
    pub index: Vec<Vec<usize>>,
    /// Rules that can start at a number token.
    pub number_first: Vec<usize>,
    /// Rules whose first required element is an `@TYPE`.
    pub timex_first: Vec<usize>,
}

#[derive(Default)]
struct Interner {
    ids: FastMap<String, u32>,
}

impl Interner {
    fn id(&mut self, word: &str) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(word.to_string()).or_insert(next)
    }
}

pub fn compile(set: &RuleSet) -> Compiled {
    let mut vocab = Interner::default();
    let mut classes = Interner::default();
    let mut word_readings = lexicon_readings(set, &mut vocab, &mut classes);
    let rules: Vec<Vec<CElement>> = set
        .rules
        .iter()
        .map(|rule| compile_rule(rule, &mut vocab, &mut classes))
        .collect();
    word_readings.resize(vocab.ids.len(), Vec::new());
    let number_classes: Vec<u32> = ["num", "ord", "decade"]
        .iter()
        .filter_map(|c| classes.ids.get(*c).copied())
        .collect();
    let mut compiled = Compiled {
        vocab: vocab.ids,
        word_readings,
        rules,
        index: Vec::new(),
        number_first: Vec::new(),
        timex_first: Vec::new(),
    };
    build_index(&mut compiled, &number_classes);
    compiled
}

fn lexicon_readings(
    set: &RuleSet,
    vocab: &mut Interner,
    classes: &mut Interner,
) -> Vec<Vec<(u32, Reading)>> {
    let mut words: Vec<&String> = set.lexicon.keys().collect();
    words.sort();
    let mut readings: Vec<Vec<(u32, Reading)>> = Vec::new();
    for word in words {
        let id = vocab.id(word) as usize;
        readings.resize(id + 1, Vec::new());
        for reading in &set.lexicon[word] {
            readings[id].push((classes.id(&reading.class), reading.clone()));
        }
    }
    readings
}

fn compile_rule(rule: &Rule, vocab: &mut Interner, classes: &mut Interner) -> Vec<CElement> {
    let atom = |atom: &Atom, vocab: &mut Interner, classes: &mut Interner| match atom {
        Atom::Words(words) => CAtom::Words(words.iter().map(|w| vocab.id(w)).collect()),
        Atom::Class { class, slot } if numbers::BUILTINS.contains(&class.as_str()) => {
            CAtom::Builtin {
                class: class.clone(),
                slot: slot.clone(),
            }
        }
        Atom::Class { class, slot } => CAtom::Class {
            class: classes.id(class),
            slot: slot.clone(),
        },
        Atom::Timex { kind, slot } => CAtom::Timex {
            kind: kind.clone(),
            slot: slot.clone(),
        },
    };
    rule.elements
        .iter()
        .map(|element| CElement {
            optional: element.optional,
            context: element.context,
            alternatives: element
                .alternatives
                .iter()
                .map(|a| atom(a, vocab, classes))
                .collect(),
        })
        .collect()
}

/// Indexes every rule under each atom that can be its first token.
fn build_index(compiled: &mut Compiled, number_classes: &[u32]) {
    let words_with = |wanted: &dyn Fn(u32) -> bool| -> Vec<usize> {
        compiled
            .word_readings
            .iter()
            .enumerate()
            .filter(|(_, readings)| readings.iter().any(|(c, _)| wanted(*c)))
            .map(|(word, _)| word)
            .collect()
    };
    let mut index: Vec<Vec<usize>> = vec![Vec::new(); compiled.vocab.len()];
    let (mut number_first, mut timex_first) = (Vec::new(), Vec::new());
    for (id, elements) in compiled.rules.iter().enumerate() {
        for element in elements {
            for atom in &element.alternatives {
                match atom {
                    CAtom::Words(words) => index[words[0] as usize].push(id),
                    CAtom::Class { class, .. } => words_with(&|c| c == *class)
                        .into_iter()
                        .for_each(|w| index[w].push(id)),
                    CAtom::Builtin { .. } => {
                        number_first.push(id);
                        words_with(&|c| number_classes.contains(&c))
                            .into_iter()
                            .for_each(|w| index[w].push(id));
                    }
                    CAtom::Timex { .. } => timex_first.push(id),
                }
            }
            if !element.optional {
                break;
            }
        }
    }
    for ids in &mut index {
        ids.sort_unstable();
        ids.dedup();
    }
    number_first.dedup();
    timex_first.dedup();
    compiled.index = index;
    compiled.number_first = number_first;
    compiled.timex_first = timex_first;
}
