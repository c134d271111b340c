//! How dictionary phrases and text tokens become comparable words.
//!
//! Both sides go through [`word_key`]: lower case (Unicode), `’` as `'`, and one final period
//! dropped from a longer word, so `W.` in `GEORGE_W._BUSH` meets `W.` or `W` in the text and
//! `U.S.` meets `U.S.`. A phrase is stored in up to two spellings: as written (words split on
//! `_` and blanks) and as the Tidings tokenizer splits text (`AL-QAEDA` → `al - qaeda`,
//! `PEOPLE'S` → `people 's`), so either kind of tokenization finds it.

/// The comparison key of one word or token, written into `buf`.
pub(crate) fn word_key<'b>(word: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    if word.is_ascii() {
        buf.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        for c in word.chars() {
            if c == '’' {
                buf.push('\'');
            } else {
                buf.extend(c.to_lowercase());
            }
        }
    }
    if buf.len() > 1 && buf.ends_with('.') {
        buf.pop();
    }
    buf
}

/// The words of a dictionary phrase as written: split on `_` and blanks, keyed.
pub(crate) fn phrase_words(phrase: &str) -> Vec<String> {
    let mut buf = String::new();
    phrase
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| word_key(w, &mut buf).to_string())
        .collect()
}

/// The spellings a phrase is stored under: as written, and split like the Tidings tokenizer
/// if that differs: inner hyphens become `-` words, a final `'s` its own word, and opening
/// or closing punctuation (`(`, `"`, `,`, `)`, `!`) its own word.
pub(crate) fn spellings(words: Vec<String>) -> Vec<Vec<String>> {
    const OPENING: &[char] = &['(', '"', '`', '\''];
    const CLOSING: &[char] = &[')', '"', ',', ';', ':', '?', '!'];
    let mut split = Vec::with_capacity(words.len() + 2);
    for word in &words {
        let mut core = word.as_str();
        while let Some(c) = core
            .chars()
            .next()
            .filter(|c| OPENING.contains(c) && core.len() > 1)
        {
            split.push(c.to_string());
            core = &core[c.len_utf8()..];
        }
        let mut closing = Vec::new();
        while let Some(c) = core
            .chars()
            .last()
            .filter(|c| CLOSING.contains(c) && core.len() > 1)
        {
            closing.push(c.to_string());
            core = &core[..core.len() - c.len_utf8()];
        }
        let (body, clitic) = match core.strip_suffix("'s") {
            Some(body) if !body.is_empty() => (body, true),
            _ => (core, false),
        };
        let mut first = true;
        for part in body.split('-') {
            if !first {
                split.push("-".to_string());
            }
            first = false;
            if !part.is_empty() {
                split.push(part.to_string());
            }
        }
        if clitic {
            split.push("'s".to_string());
        }
        split.extend(closing.into_iter().rev());
    }
    if split == words {
        vec![words]
    } else {
        vec![words, split]
    }
}

/// The regular English plural of the last word of an agent phrase, as PETRARCH forms it
/// (`-Y` → `-IES`, `-S` → `-SES`, else `-S`), corrected for vowel + `Y` (`ATTORNEY` →
/// `ATTORNEYS`, where PETRARCH writes `ATTORNIES`) and for `-X`, `-Z`, `-CH`, `-SH` (`-ES`).
pub(crate) fn regular_plural(word: &str) -> String {
    let lower = word.to_lowercase();
    let upper = word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase);
    let ends = |s: &str| lower.ends_with(s);
    let plural = if ends("y") && !(ends("ay") || ends("ey") || ends("oy") || ends("uy")) {
        format!("{}ies", &lower[..lower.len() - 1])
    } else if ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh") {
        format!("{lower}es")
    } else {
        format!("{lower}s")
    };
    if upper {
        plural.to_uppercase()
    } else {
        plural
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_quotes_and_final_period() {
        let mut buf = String::new();
        assert_eq!(word_key("PUTIN", &mut buf), "putin");
        assert_eq!(word_key("W.", &mut buf), "w");
        assert_eq!(word_key("U.S.", &mut buf), "u.s");
        assert_eq!(word_key(".", &mut buf), ".");
        assert_eq!(word_key("ERDOĞAN", &mut buf), "erdoğan");
        assert_eq!(word_key("People’s", &mut buf), "people's");
    }

    #[test]
    fn phrases_split_on_underscores_and_blanks() {
        assert_eq!(phrase_words("GEORGE_W._BUSH_"), ["george", "w", "bush"]);
        assert_eq!(
            phrase_words("PRINCE OF DOL AMROTH"),
            ["prince", "of", "dol", "amroth"]
        );
    }

    #[test]
    fn tokenizer_spelling_splits_hyphens_and_clitics() {
        let got = spellings(phrase_words("AL-QAEDA_IN_IRAQ"));
        assert_eq!(got[1], ["al", "-", "qaeda", "in", "iraq"]);
        let got = spellings(phrase_words("PEOPLE'S_LIBERATION_ARMY"));
        assert_eq!(got[1], ["people", "'s", "liberation", "army"]);
        assert_eq!(spellings(phrase_words("NATO_")).len(), 1);
        let got = spellings(phrase_words("CONGO,_REPUBLIC_OF_THE_"));
        assert_eq!(got[1], ["congo", ",", "republic", "of", "the"]);
        let got = spellings(phrase_words("GEORGIA_(COUNTRY)_"));
        assert_eq!(got[1], ["georgia", "(", "country", ")"]);
        let got = spellings(phrase_words("RICHARD_\"DICKIE\"_BRADLEY_"));
        assert_eq!(got[1], ["richard", "\"", "dickie", "\"", "bradley"]);
    }

    #[test]
    fn plurals() {
        assert_eq!(regular_plural("MINISTER"), "MINISTERS");
        assert_eq!(regular_plural("MINISTRY"), "MINISTRIES");
        assert_eq!(regular_plural("ATTORNEY"), "ATTORNEYS");
        assert_eq!(regular_plural("CONGRESS"), "CONGRESSES");
        assert_eq!(regular_plural("CHURCH"), "CHURCHES");
    }
}
