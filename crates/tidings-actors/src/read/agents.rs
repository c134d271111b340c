//! Agent dictionaries (`Phoenix.agents.txt`): `PHRASE {PLURAL} [~CODE]` lines and
//! `!MARKER! = A, B, C` substitution sets.

use std::collections::HashMap;

use super::lines::Line;
use super::{check_phrase, RawEntry};
use crate::date::Validity;
use crate::entry::{Code, MatchKind};
use crate::error::BadReason;
use crate::phrase::regular_plural;

pub(super) fn read(lines: &[Line], report: &mut impl FnMut(&Line, BadReason)) -> Vec<RawEntry> {
    let mut markers: HashMap<String, Vec<String>> = HashMap::new();
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let text = &line.text[..];
        if text.starts_with('!') && text.contains('=') {
            match define_marker(text) {
                Ok((name, values)) => {
                    markers.insert(name, values);
                }
                Err(why) => report(line, BadReason::Marker(why)),
            }
            continue;
        }
        match read_agent(text, &markers) {
            Ok((name, phrases, code)) => out.push(RawEntry {
                kind: MatchKind::Agent,
                name,
                phrases,
                codes: vec![Code {
                    code,
                    validity: Validity::Always,
                    line: line.number,
                }],
                whole_story: false,
                line: line.number,
            }),
            Err(reason) => report(line, reason),
        }
    }
    out
}

/// `!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON` → (`PERSON`, [`MAN`, …]).
fn define_marker(text: &str) -> Result<(String, Vec<String>), String> {
    let (head, list) = text.split_once('=').expect("caller checked for `=`");
    let name = head
        .trim()
        .strip_prefix('!')
        .and_then(|h| h.strip_suffix('!'))
        .filter(|n| !n.is_empty() && !n.contains('!'))
        .ok_or_else(|| format!("`{}` is not of the form !NAME!", head.trim()))?;
    let values: Vec<String> = list.split(',').map(|v| v.trim().to_string()).collect();
    if values.iter().any(String::is_empty) {
        return Err("empty value in the list".into());
    }
    Ok((name.to_string(), values))
}

/// One agent line → (name as written, phrases, code).
fn read_agent(
    text: &str,
    markers: &HashMap<String, Vec<String>>,
) -> Result<(String, Vec<String>, String), BadReason> {
    let Some(open) = text.find('[') else {
        return Err(BadReason::NoCode);
    };
    let Some(close) = text[open..].find(']').map(|c| open + c) else {
        return Err(BadReason::Syntax("`[` without `]`, line skipped".into()));
    };
    if !text[close + 1..].trim().is_empty() {
        return Err(BadReason::Syntax(
            "text after the code, line skipped".into(),
        ));
    }
    let code = text[open + 1..close].trim();
    let body = code.strip_prefix('~').or_else(|| code.strip_suffix('~'));
    if !body.is_some_and(|b| !b.is_empty() && b.chars().all(|c| c.is_ascii_alphanumeric())) {
        return Err(BadReason::Syntax(format!(
            "`[{code}]` is not an agent code (~XXX or XXX~), line skipped"
        )));
    }

    let head = text[..open].trim();
    let (singular, plural) = match head.find('{') {
        Some(brace) => {
            let Some(end) = head[brace..].find('}').map(|e| brace + e) else {
                return Err(BadReason::Syntax("`{` without `}`, line skipped".into()));
            };
            if !head[end + 1..].trim().is_empty() {
                return Err(BadReason::Syntax("text after `{…}`, line skipped".into()));
            }
            let plural = head[brace + 1..end].trim();
            (
                head[..brace].trim(),
                Some(plural).filter(|p| !p.is_empty()).map(str::to_string),
            )
        }
        None => (head, None),
    };

    let mut phrases = Vec::new();
    if singular.contains('!') {
        // Marker values already list the plural forms (MAN, MEN); no regular plural is made.
        phrases.extend(expand_markers(singular, markers)?);
        if let Some(plural) = &plural {
            phrases.extend(expand_markers(plural, markers)?);
        }
    } else {
        phrases.push(singular.to_string());
        match plural {
            Some(plural) => phrases.push(plural),
            // `{}` means "no plural"; a final `_` marks a word that takes none (`MINISTRY_`).
            None if head.contains('{') || singular.ends_with('_') => {}
            None => phrases.push(pluralize_last_word(singular)),
        }
    }
    for phrase in &phrases {
        check_phrase(phrase).map_err(|why| BadReason::Syntax(format!("{why}, line skipped")))?;
    }
    Ok((singular.to_string(), phrases, code.to_string()))
}

/// Every substitution of every `!MARKER!` in `text`.
fn expand_markers(
    text: &str,
    markers: &HashMap<String, Vec<String>>,
) -> Result<Vec<String>, BadReason> {
    let Some(start) = text.find('!') else {
        return Ok(vec![text.to_string()]);
    };
    let Some(len) = text[start + 1..].find('!') else {
        return Err(BadReason::Marker("`!` without a closing `!`".into()));
    };
    let name = &text[start + 1..start + 1 + len];
    let values = markers
        .get(name)
        .ok_or_else(|| BadReason::Marker(format!("!{name}! is not defined above")))?;
    let after = &text[start + len + 2..];
    let mut out = Vec::new();
    for value in values {
        for tail in expand_markers(after, markers)? {
            out.push(format!("{}{value}{tail}", &text[..start]));
        }
    }
    Ok(out)
}

fn pluralize_last_word(phrase: &str) -> String {
    let cut = phrase.rfind(['_', ' ']).map_or(0, |at| at + 1);
    format!("{}{}", &phrase[..cut], regular_plural(&phrase[cut..]))
}

#[cfg(test)]
mod tests {
    use super::super::{read as read_file, FileKind};
    use crate::error::BadReason;
    use std::path::Path;

    #[test]
    fn plurals_markers_and_placements() {
        let src = "\
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
FOREIGN_MINISTER [~GOVFRM]
POLICE {} [ ~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
CONGRESS!PERSON! [~LEG]
FIRE!PERSON! {} [~GOV]
HUMAN_RIGHTS_BODY  [NGO~]
MINISTRY_  [~GOV]
";
        let mut bad = Vec::new();
        let got = read_file(
            FileKind::Agents,
            src.as_bytes(),
            Path::new("g.txt"),
            &mut bad,
        );
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(got[0].phrases, ["FOREIGN_MINISTER", "FOREIGN_MINISTERS"]);
        assert_eq!(got[0].codes[0].code, "~GOVFRM");
        assert_eq!(got[1].phrases, ["POLICE"]);
        assert_eq!(got[1].codes[0].code, "~COP");
        assert_eq!(got[2].phrases, ["ATTORNEY_GENERAL", "ATTORNEYS_GENERAL"]);
        assert_eq!(got[3].phrases.len(), 5);
        assert_eq!(got[3].phrases[1], "CONGRESSMEN");
        assert_eq!(got[4].phrases[0], "FIREMAN");
        assert_eq!(got[5].codes[0].code, "NGO~");
        assert_eq!(got[6].phrases, ["MINISTRY_"]);
    }

    #[test]
    fn missing_codes_and_markers_are_reported() {
        let src = "ISLAMIC_EXTREMIST\n!MINIST!_OF_SILLY_WALKS [~GOV]\nGOOD [~GOV] extra\nX [GOV]\n";
        let mut bad = Vec::new();
        let got = read_file(
            FileKind::Agents,
            src.as_bytes(),
            Path::new("g.txt"),
            &mut bad,
        );
        assert!(got.is_empty());
        assert_eq!(bad[0].reason, BadReason::NoCode);
        assert!(matches!(bad[1].reason, BadReason::Marker(_)));
        assert!(matches!(bad[2].reason, BadReason::Syntax(_)));
        assert!(matches!(bad[3].reason, BadReason::Syntax(_)));
    }
}
