//! The rule files: lexicon (`*.lex`), patterns (`*.rules`) and holidays (`*.holidays`).
//! Formats are documented in `rules/README.md`; this module parses them into plain structs,
//! and every error names `file:line`.

use crate::lexer;
use crate::TimeError;
use std::collections::{HashMap, HashSet};

/// One word's readings: (class, value, ambiguous).
#[derive(Debug, Clone)]
pub struct Reading {
    pub class: String,
    pub value: std::sync::Arc<str>,
    /// Also an ordinary word (`may`, `march`, `fall`): alone, it needs a proper-noun tag or a
    /// capital letter to count.
    pub ambiguous: bool,
}

#[derive(Debug, Clone)]
pub enum Atom {
    /// A literal token sequence (one token for most words; `new year's` is four).
    Words(Vec<String>),
    /// A lexicon class or built-in class, binding a slot.
    Class { class: String, slot: String },
    /// An already found timex of a type (`None` = any), binding a slot to its value.
    Timex { kind: Option<String>, slot: String },
}

#[derive(Debug, Clone)]
pub struct Element {
    pub alternatives: Vec<Atom>,
    pub optional: bool,
    /// Trailing context (`~word`): must match, but is not part of the expression.
    pub context: bool,
}

#[derive(Debug, Clone)]
pub enum ValueExpr {
    /// Text with `{slot}` references (a plain literal when it has none).
    Template(String),
    /// A normalization function with `key=value` slot overrides.
    Call {
        function: String,
        args: Vec<(String, String)>,
    },
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub name: String,
    pub elements: Vec<Element>,
    /// `DATE`, `TIME`, `DURATION`, `SET`, or `=` (the type of the first inner timex).
    pub kind: String,
    pub value: ValueExpr,
    /// Extra attributes: `mod`, `quant`, `freq`, each a template.
    pub attributes: Vec<(String, String)>,
    /// Where it was defined, for error messages and overrides.
    pub origin: String,
}

/// A holiday: names, how to compute its date, whose it is.
#[derive(Debug, Clone)]
pub struct Holiday {
    pub key: String,
    pub names: Vec<String>,
    pub date: HolidayDate,
    pub country: Option<String>,
}

#[derive(Debug, Clone)]
pub enum HolidayDate {
    Fixed {
        month: u32,
        day: u32,
    },
    /// Days after (before, if negative) Western Easter Sunday.
    Easter(i64),
    /// The nth weekday of a month (nth = -1: the last).
    NthWeekday {
        month: u32,
        weekday: u32,
        nth: i32,
    },
    /// Looked up by year in a `table` section.
    Table(HashMap<i32, (u32, u32)>),
}

#[derive(Debug, Default)]
pub struct RuleSet {
    pub lexicon: HashMap<String, Vec<Reading>>,
    pub rules: Vec<Rule>,
    pub holidays: Vec<Holiday>,
    /// Country names and adjectives → country code, for national holidays.
    pub countries: HashMap<String, String>,
}

impl RuleSet {
    /// Lexicon forms ending in a dot, which the tokenizer keeps whole.
    pub fn dotted_forms(&self) -> HashSet<String> {
        let mut forms: HashSet<String> = self
            .lexicon
            .keys()
            .filter(|w| w.ends_with('.') && w.len() > 1)
            .cloned()
            .collect();
        for rule in &self.rules {
            for element in &rule.elements {
                for atom in &element.alternatives {
                    if let Atom::Words(words) = atom {
                        forms.extend(
                            words
                                .iter()
                                .filter(|w| w.ends_with('.') && w.len() > 1)
                                .cloned(),
                        );
                    }
                }
            }
        }
        forms
    }

    pub fn readings(&self, word: &str) -> &[Reading] {
        self.lexicon.get(word).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Adds a lexicon file: `[class]` sections of `word word … = value` lines.
    pub fn add_lexicon(&mut self, file: &str, text: &str) -> Result<(), TimeError> {
        let mut class: Option<String> = None;
        for (number, line) in content_lines(text) {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                class = Some(name.trim().to_string());
                continue;
            }
            let class = class
                .clone()
                .ok_or_else(|| error(file, number, "entry before any [class]"))?;
            let (words, value) = line
                .rsplit_once('=')
                .ok_or_else(|| error(file, number, "expected `word … = value`"))?;
            let value: std::sync::Arc<str> = std::sync::Arc::from(value.trim());
            for word in words.split_whitespace() {
                let (word, ambiguous) = match word.strip_suffix('?') {
                    Some(w) => (w, true),
                    None => (word, false),
                };
                let reading = Reading {
                    class: class.clone(),
                    value: value.clone(),
                    ambiguous,
                };
                self.lexicon
                    .entry(word.to_lowercase())
                    .or_default()
                    .push(reading);
            }
        }
        Ok(())
    }

    /// Adds a pattern file. A rule with the name of an earlier rule replaces it.
    pub fn add_rules(&mut self, file: &str, text: &str) -> Result<(), TimeError> {
        for (number, line) in content_lines(text) {
            let rule = parse_rule(line).map_err(|m| error(file, number, &m))?;
            let rule = Rule {
                origin: format!("{file}:{number}"),
                ..rule
            };
            match self.rules.iter_mut().find(|r| r.name == rule.name) {
                Some(existing) => *existing = rule,
                None => self.rules.push(rule),
            }
        }
        Ok(())
    }

    /// Adds a holiday file and generates one pattern rule per holiday.
    pub fn add_holidays(&mut self, file: &str, text: &str) -> Result<(), TimeError> {
        let mut tables: HashMap<String, HashMap<i32, (u32, u32)>> = HashMap::new();
        let mut pending = Vec::new();
        for (number, line) in content_lines(text) {
            let fields: Vec<&str> = line.split('|').map(str::trim).collect();
            match fields.as_slice() {
                ["country", code, names] => {
                    for name in names.split(',') {
                        self.countries
                            .insert(name.trim().to_lowercase(), code.to_string());
                    }
                }
                ["table", key, year, month_day] => {
                    let year: i32 = year.parse().map_err(|_| error(file, number, "bad year"))?;
                    let md = parse_month_day(month_day)
                        .ok_or_else(|| error(file, number, "bad MM-DD"))?;
                    tables.entry(key.to_string()).or_default().insert(year, md);
                }
                [key, names, rule, country] => {
                    pending.push((number, *key, *names, *rule, *country))
                }
                _ => {
                    return Err(error(
                        file,
                        number,
                        "expected `key | names | date rule | country`",
                    ))
                }
            }
        }
        for (number, key, names, rule, country) in pending {
            let date =
                parse_holiday_date(rule, key, &mut tables).map_err(|m| error(file, number, &m))?;
            let holiday = Holiday {
                key: key.to_string(),
                names: names.split(',').map(|n| n.trim().to_lowercase()).collect(),
                date,
                country: (!country.is_empty()).then(|| country.to_string()),
            };
            self.holidays.retain(|h| h.key != holiday.key);
            self.holidays.push(holiday);
        }
        Ok(())
    }
}

fn error(file: &str, line: usize, message: &str) -> TimeError {
    TimeError::Rules(format!("{file}:{line}: {message}"))
}

/// Non-empty lines with `#` comments removed, numbered from 1.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = match line.find(" #") {
            Some(at) => &line[..at],
            None if line.trim_start().starts_with('#') => "",
            None => line,
        };
        let line = line.trim();
        (!line.is_empty()).then_some((i + 1, line))
    })
}

fn parse_month_day(text: &str) -> Option<(u32, u32)> {
    let (m, d) = text.split_once('-')?;
    Some((m.parse().ok()?, d.parse().ok()?))
}

fn parse_holiday_date(
    rule: &str,
    key: &str,
    tables: &mut HashMap<String, HashMap<i32, (u32, u32)>>,
) -> Result<HolidayDate, String> {
    if rule == "table" {
        let table = tables
            .remove(key)
            .ok_or_else(|| format!("no `table | {key} | …` lines"))?;
        return Ok(HolidayDate::Table(table));
    }
    if let Some(offset) = rule.strip_prefix("easter") {
        let offset = if offset.is_empty() {
            0
        } else {
            offset.parse().map_err(|_| "bad easter offset")?
        };
        return Ok(HolidayDate::Easter(offset));
    }
    let parts: Vec<&str> = rule.split('-').collect();
    match parts.as_slice() {
        [m, d] => {
            let (month, day) = (
                m.parse().map_err(|_| "bad month")?,
                d.parse().map_err(|_| "bad day")?,
            );
            Ok(HolidayDate::Fixed { month, day })
        }
        [m, weekday, nth] => {
            let weekday = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                .iter()
                .position(|w| w == weekday)
                .ok_or("weekday must be mon…sun")? as u32
                + 1;
            let nth = if *nth == "last" {
                -1
            } else {
                nth.parse().map_err(|_| "bad nth")?
            };
            Ok(HolidayDate::NthWeekday {
                month: m.parse().map_err(|_| "bad month")?,
                weekday,
                nth,
            })
        }
        _ => Err(format!("unknown date rule `{rule}`")),
    }
}

/// `name: pattern => TYPE value [attr=template …]`
fn parse_rule(line: &str) -> Result<Rule, String> {
    let (name, rest) = line
        .split_once(':')
        .ok_or("expected `name: pattern => TYPE value`")?;
    let (pattern, output) = rest.split_once("=>").ok_or("missing `=>`")?;
    let mut fields = output.split_whitespace();
    let kind = fields.next().ok_or("missing type after `=>`")?.to_string();
    if !["DATE", "TIME", "DURATION", "SET", "=", "NONE"].contains(&kind.as_str()) {
        return Err(format!(
            "type must be DATE, TIME, DURATION, SET, = or NONE, not `{kind}`"
        ));
    }
    let value = parse_value(fields.next().ok_or("missing value")?)?;
    let mut attributes = Vec::new();
    for field in fields {
        let (key, template) = field
            .split_once('=')
            .ok_or_else(|| format!("expected attr=value, got `{field}`"))?;
        if !["mod", "quant", "freq"].contains(&key) {
            return Err(format!("unknown attribute `{key}`"));
        }
        attributes.push((key.to_string(), template.to_string()));
    }
    let elements = parse_pattern(pattern)?;
    if elements.iter().all(|e| e.optional) {
        return Err("a pattern needs at least one required element".into());
    }
    Ok(Rule {
        name: name.trim().to_string(),
        elements,
        kind,
        value,
        attributes,
        origin: String::new(),
    })
}

fn parse_value(text: &str) -> Result<ValueExpr, String> {
    let Some((function, args)) = text.split_once('(') else {
        return Ok(ValueExpr::Template(text.to_string()));
    };
    let args = args.strip_suffix(')').ok_or("unclosed `(` in value")?;
    let args = args
        .split(',')
        .filter(|a| !a.trim().is_empty())
        .map(|a| {
            let (k, v) = a
                .split_once('=')
                .ok_or_else(|| format!("argument `{a}` is not key=value"))?;
            Ok((k.trim().to_string(), v.trim().to_string()))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(ValueExpr::Call {
        function: function.to_string(),
        args,
    })
}

pub fn parse_pattern(pattern: &str) -> Result<Vec<Element>, String> {
    let mut elements: Vec<Element> = Vec::new();
    let mut timex_count = 0;
    for word in pattern.split_whitespace() {
        let (word, context) = match word.strip_prefix('~') {
            Some(w) if !w.is_empty() => (w, true),
            _ => (word, false),
        };
        if !context && elements.last().is_some_and(|e| e.context) {
            return Err("`~` context elements must come last".into());
        }
        let (body, optional) = match word.strip_suffix('?') {
            Some(b) if !b.is_empty() => (b, true),
            _ => (word, false),
        };
        let mut alternatives = Vec::new();
        for alt in body.split('|') {
            alternatives.push(parse_atom(alt, &mut timex_count)?);
        }
        elements.push(Element {
            alternatives,
            optional,
            context,
        });
    }
    if elements.iter().all(|e| e.context) {
        return Err("a pattern needs elements outside `~` context".into());
    }
    Ok(elements)
}

fn parse_atom(alt: &str, timex_count: &mut usize) -> Result<Atom, String> {
    if let Some(class) = alt.strip_prefix('<').and_then(|a| a.strip_suffix('>')) {
        let (class, slot) = class.split_once(':').unwrap_or((class, class));
        return Ok(Atom::Class {
            class: class.to_string(),
            slot: slot.to_string(),
        });
    }
    if let Some(kind) = alt.strip_prefix('@') {
        *timex_count += 1;
        let (kind, slot) = match kind.split_once(':') {
            Some((k, s)) => (k, s.to_string()),
            None => (kind, format!("t{timex_count}")),
        };
        let kind = (kind != "ANY").then(|| kind.to_string());
        return Ok(Atom::Timex { kind, slot });
    }
    Ok(Atom::Words(literal_tokens(&alt.replace('_', " "))?))
}

/// A literal is tokenized like text, so `new-year's` and `a.m.` match what the text yields.
pub fn literal_tokens(literal: &str) -> Result<Vec<String>, String> {
    let dotted: HashSet<String> = literal.split_whitespace().map(str::to_lowercase).collect();
    let tokens: Vec<String> = lexer::tokenize(literal, &dotted)
        .into_iter()
        .map(|t| t.lower)
        .collect();
    if tokens.is_empty() {
        return Err(format!("empty literal `{literal}`"));
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_rule_with_classes_options_and_attributes() {
        let mut set = RuleSet::default();
        set.add_rules(
            "t.rules",
            "early-month: early <month> <year>? => DATE date() mod=START\n",
        )
        .unwrap();
        let rule = &set.rules[0];
        assert_eq!(rule.name, "early-month");
        assert_eq!(rule.elements.len(), 3);
        assert!(rule.elements[2].optional);
        assert!(matches!(&rule.value, ValueExpr::Call { function, .. } if function == "date"));
        assert_eq!(
            rule.attributes,
            vec![("mod".to_string(), "START".to_string())]
        );
    }

    #[test]
    fn errors_name_file_and_line() {
        let mut set = RuleSet::default();
        let err = set
            .add_rules("user.rules", "# comment\n\nbad rule without arrow\n")
            .unwrap_err();
        assert!(err.to_string().contains("user.rules:3"), "{err}");
        let err = set.add_lexicon("x.lex", "jan = 01\n").unwrap_err();
        assert!(err.to_string().contains("x.lex:1"), "{err}");
    }

    #[test]
    fn later_rules_override_by_name() {
        let mut set = RuleSet::default();
        set.add_rules("a", "r: today => DATE X\n").unwrap();
        set.add_rules("b", "r: today => DATE Y\n").unwrap();
        assert_eq!(set.rules.len(), 1);
        assert!(matches!(&set.rules[0].value, ValueExpr::Template(v) if v == "Y"));
    }

    #[test]
    fn holiday_rules_parse() {
        let mut set = RuleSet::default();
        let text = "thanksgiving | thanksgiving, thanksgiving day | 11-thu-4 | US\n\
                    eid | eid al-fitr | table |\ntable | eid | 2022 | 05-02\n";
        set.add_holidays("h", text).unwrap();
        assert_eq!(set.holidays.len(), 2);
        assert!(matches!(
            set.holidays[0].date,
            HolidayDate::NthWeekday {
                month: 11,
                weekday: 4,
                nth: 4
            }
        ));
        assert!(matches!(&set.holidays[1].date, HolidayDate::Table(t) if t[&2022] == (5, 2)));
    }
}
