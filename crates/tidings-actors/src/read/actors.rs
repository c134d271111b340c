//! Actor dictionaries (`Phoenix.Countries.actors.txt` and friends).
//!
//! An entry is a name line, optional `+synonym` lines, and codes in brackets, either on the
//! name line or on (indented) lines of their own below it. The next name line starts the next
//! entry. See `FORMAT.md` for the full grammar with examples.

use super::lines::Line;
use super::{check_phrase, RawEntry};
use crate::date::parse_validity;
use crate::entry::{Code, MatchKind};
use crate::error::BadReason;

pub(super) fn read(lines: &[Line], report: &mut impl FnMut(&Line, BadReason)) -> Vec<RawEntry> {
    let mut out = Vec::new();
    // The entry being read; `None` before the first one or after a name line that was skipped.
    let mut current: Option<(RawEntry, &Line)> = None;
    let mut skipping = false;
    let orphan = |skipping: bool| {
        if skipping {
            BadReason::EntrySkipped
        } else {
            BadReason::NoEntry
        }
    };

    for line in lines {
        let text = &line.text[..];
        if line.unreadable {
            // Reported already. A name line among them ends the entry above, so that the
            // codes below it are not taken for that entry's.
            if !text.starts_with(['[', '+']) {
                finish(current.take(), &mut out, report);
                skipping = true;
            }
            continue;
        }
        if text.starts_with('[') {
            match current.as_mut() {
                Some((entry, _)) => add_codes(text, line, &mut entry.codes, report),
                None => report(line, orphan(skipping)),
            }
            continue;
        }
        if let Some(synonym) = text.strip_prefix('+') {
            let Some((entry, _)) = current.as_mut() else {
                report(line, orphan(skipping));
                continue;
            };
            let (phrase, codes) = split_codes(synonym);
            match check_phrase(phrase) {
                Ok(()) => entry.phrases.push(phrase.to_string()),
                Err(why) => report(line, BadReason::Syntax(format!("{why}, synonym skipped"))),
            }
            add_codes(codes, line, &mut entry.codes, report);
            continue;
        }
        finish(current.take(), &mut out, report);
        let (name, codes) = split_codes(text);
        if let Err(why) = check_phrase(name) {
            report(line, BadReason::Syntax(format!("{why}, entry skipped")));
            skipping = true;
            continue;
        }
        skipping = false;
        let mut entry = RawEntry {
            kind: MatchKind::Actor,
            name: name.to_string(),
            phrases: vec![name.to_string()],
            codes: Vec::new(),
            whole_story: false,
            line: line.number,
        };
        add_codes(codes, line, &mut entry.codes, report);
        current = Some((entry, line));
    }
    finish(current, &mut out, report);
    out
}

/// Keeps a finished entry if it has a code; an entry without any would match and say nothing.
fn finish(
    entry: Option<(RawEntry, &Line)>,
    out: &mut Vec<RawEntry>,
    report: &mut impl FnMut(&Line, BadReason),
) {
    if let Some((entry, line)) = entry {
        if entry.codes.is_empty() {
            report(line, BadReason::NoCode);
        } else {
            out.push(entry);
        }
    }
}

/// Splits `NAME  [CODE ...] [CODE]` at the first `[`.
fn split_codes(text: &str) -> (&str, &str) {
    match text.find('[') {
        Some(at) => (text[..at].trim(), &text[at..]),
        None => (text.trim(), ""),
    }
}

/// Reads every `[CODE restriction]` group of `text` into `codes`. A group that cannot be read
/// is reported and left out; the other groups of the line still count.
fn add_codes(
    text: &str,
    line: &Line,
    codes: &mut Vec<Code>,
    report: &mut impl FnMut(&Line, BadReason),
) {
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let Some(inner) = rest.strip_prefix('[') else {
            report(
                line,
                BadReason::Syntax(format!("text `{rest}` after the codes ignored")),
            );
            return;
        };
        let Some(close) = inner.find(']') else {
            report(
                line,
                BadReason::Syntax(format!("`{rest}` has no `]`, left out")),
            );
            return;
        };
        match parse_code(&inner[..close]) {
            Ok(code) => codes.push(Code {
                code: code.0,
                validity: code.1,
                line: line.number,
            }),
            Err(reason) => report(line, reason),
        }
        rest = inner[close + 1..].trim_start();
    }
}

fn parse_code(group: &str) -> Result<(String, crate::date::Validity), BadReason> {
    let group = group.trim();
    let (code, restriction) = group.split_once(char::is_whitespace).unwrap_or((group, ""));
    if code.is_empty()
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-+/".contains(c))
    {
        return Err(BadReason::Syntax(format!(
            "`[{group}]` is not a code, left out"
        )));
    }
    let validity = parse_validity(restriction)
        .map_err(|why| BadReason::BadDate(format!("code `{code}` left out: {why}")))?;
    Ok((code.to_string(), validity))
}

#[cfg(test)]
mod tests {
    use super::super::{read as read_file, FileKind};
    use crate::date::{Date, Validity};
    use crate::error::BadReason;
    use std::path::Path;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn entries_synonyms_and_codes() {
        let src = "\
JENS_STOLTENBERG_  # CountryInfo.txt
\t[NORELI 770101-000317]
\t[NORGOV 000317-011019]
\t[NORGOV >051017]
\t[NORELI]
AFGHANISTAN_  [AFG]
+AFGHAN_
+HELMAND # Other provinces
JAVIER_SOLANA_\t[IGOEUREEC 950701-951231][IGOWSTNAT 951205-991006] # two on a line
";
        let mut bad = Vec::new();
        let got = read_file(
            FileKind::Actors,
            src.as_bytes(),
            Path::new("a.txt"),
            &mut bad,
        );
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].name, "JENS_STOLTENBERG_");
        assert_eq!(got[0].codes.len(), 4);
        assert_eq!(got[0].codes[2].validity, Validity::From(d(2005, 10, 17)));
        assert_eq!(got[0].codes[2].line, 4);
        assert_eq!(got[1].phrases, ["AFGHANISTAN_", "AFGHAN_", "HELMAND"]);
        assert_eq!(got[2].codes[1].code, "IGOWSTNAT");
    }

    #[test]
    fn bad_lines_are_reported_not_misread() {
        let src = "\
NORWAY [NOR]
+FAEROYENE]_
\t[ARMUNR 9008223-911221] [ARM]
[XX  ## code before entry? no: belongs to NORWAY, but unclosed
ORPHANLESS
BAD]NAME
+SYN_OF_BAD
\t[BAD]
";
        let mut bad = Vec::new();
        let got = read_file(
            FileKind::Actors,
            src.as_bytes(),
            Path::new("a.txt"),
            &mut bad,
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].phrases, ["NORWAY"]);
        assert_eq!(
            got[0].codes.iter().map(|c| &c.code[..]).collect::<Vec<_>>(),
            ["NOR", "ARM"]
        );
        let reasons: Vec<(u32, &BadReason)> = bad.iter().map(|b| (b.line, &b.reason)).collect();
        assert!(matches!(reasons[0], (2, BadReason::Syntax(_))));
        assert!(matches!(reasons[1], (3, BadReason::BadDate(_))));
        assert!(matches!(reasons[2], (4, BadReason::Syntax(_))));
        assert_eq!(reasons[3], (5, &BadReason::NoCode));
        assert!(matches!(reasons[4], (6, BadReason::Syntax(_))));
        assert_eq!(reasons[5], (7, &BadReason::EntrySkipped));
        assert_eq!(reasons[6], (8, &BadReason::EntrySkipped));
        assert_eq!(bad.len(), 7);
    }

    #[test]
    fn codes_below_an_unreadable_name_do_not_join_the_entry_above() {
        let src = b"ALGERIA [DZA]\nLIAMINE_Z\x1aROUAL_\n\t[DZAGOV 940131-990427]\nNEXT [NXT]\n";
        let mut bad = Vec::new();
        let got = read_file(FileKind::Actors, src, Path::new("a.txt"), &mut bad);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].codes.len(), 1, "DZAGOV must not be Algeria's");
        assert_eq!(bad[0].reason, BadReason::ControlCharacter);
        assert_eq!((bad[1].line, &bad[1].reason), (3, &BadReason::EntrySkipped));
    }
}
