//! TimeML (`.tml`): the `TEXT` element's content with every inner tag stripped and entities
//! decoded, exactly (no trimming, no newline changes), so offsets agree with other tools that
//! strip the same way. The DCT (`<DCT><TIMEX3 value=…>` or the timex with
//! `functionInDocument="CREATION_TIME"`) is the publication date, `DOCID` the record id,
//! `TITLE` the title; a dateline in the DCT element (`KUALA LUMPUR, April 1 , 1997 (AFP)`)
//! or at the start of the text gives the place.
//!
//! A single forward scan with `memchr`; no XML parser (the files are machine-written and
//! regular, and reading one must cost a few microseconds).

use crate::decode::{check_binary, decode_strict, xml_encoding};
use crate::error::{ErrorKind, Notice};
use crate::meta::{finish, offer_date, offer_dateline, offer_flags, offer_site_from_url};
use crate::IngestOptions;
use memchr::memmem;
use tidings_doc::{Doc, InputFormat, Meta};

pub(crate) fn read(
    name: &str,
    bytes: &[u8],
    opts: &IngestOptions,
    notices: &mut Vec<Notice>,
) -> Result<Doc, ErrorKind> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ErrorKind::Empty("file"));
    }
    check_binary(bytes)?;
    let declared = if bytes.starts_with(b"<?xml") {
        memmem::find(&bytes[..bytes.len().min(200)], b"?>")
            .and_then(|end| xml_encoding(&bytes[..end]))
    } else {
        None
    };
    let src = decode_strict(bytes, declared)?;
    let parsed = parse(&src)?;

    let mut meta = Meta {
        path: Some(name.to_string()),
        record_id: parsed.docid.clone(),
        format: InputFormat::Timeml,
        ..Meta::default()
    };
    if let Some(title) = &parsed.title {
        meta.offer("title", title, "timeml:TITLE");
    }
    if let Some(value) = parsed.dct {
        offer_date(&mut meta, notices, value, "timeml:DCT");
    }
    offer_flags(&mut meta, opts, notices);
    if let Some(dct_text) = &parsed.dct_text {
        offer_dateline(&mut meta, dct_text, None);
    }
    offer_dateline(&mut meta, &parsed.text, None);
    offer_site_from_url(&mut meta);
    Ok(finish(meta, parsed.text, None))
}

#[derive(Debug, Default)]
pub(crate) struct Parsed<'a> {
    pub docid: Option<String>,
    pub title: Option<String>,
    /// The DCT TIMEX3 `value`.
    pub dct: Option<&'a str>,
    /// The DCT element's text (tags stripped).
    pub dct_text: Option<String>,
    pub text: String,
}

pub(crate) fn parse(src: &str) -> Result<Parsed<'_>, ErrorKind> {
    let text = match element(src, "TEXT") {
        Some(Ok(content)) => strip(content),
        Some(Err(())) => {
            return Err(ErrorKind::MalformedTimeml(
                "<TEXT> is never closed (truncated file?)".into(),
            ))
        }
        None => return Err(ErrorKind::MalformedTimeml("no <TEXT> element".into())),
    };
    if text.trim().is_empty() {
        return Err(ErrorKind::Empty("TEXT element"));
    }
    let content = |tag| element(src, tag).and_then(Result::ok);
    let docid = content("DOCID")
        .map(|c| strip(c).trim().to_string())
        .filter(|s| !s.is_empty());
    let title = content("TITLE")
        .map(|c| strip(c).split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty());
    let dct_element = content("DCT");
    let dct = dct_element
        .and_then(|c| memmem::find(c.as_bytes(), b"<TIMEX3").map(|at| &c[at..]))
        .and_then(|tag| attr(&tag[..tag.find('>').unwrap_or(tag.len())], "value"))
        .or_else(|| creation_time(src));
    Ok(Parsed {
        docid,
        title,
        dct,
        dct_text: dct_element.map(strip),
        text,
    })
}

/// The content of the first `<TAG …>…</TAG>`: `None` if there is no such element,
/// `Some(Err(()))` if it is not closed.
fn element<'a>(src: &'a str, tag: &str) -> Option<Result<&'a str, ()>> {
    let open = format!("<{tag}");
    let bytes = src.as_bytes();
    let mut from = 0;
    loop {
        let at = from + memmem::find(&bytes[from..], open.as_bytes())?;
        let after = at + open.len();
        match bytes.get(after) {
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r') => {
                let Some(gt) = memchr::memchr(b'>', &bytes[after..]) else {
                    return Some(Err(()));
                };
                let start = after + gt + 1;
                if bytes[after + gt - 1] == b'/' {
                    return Some(Ok(""));
                }
                let close = format!("</{tag}>");
                return Some(
                    memmem::find(&bytes[start..], close.as_bytes())
                        .map(|len| &src[start..start + len])
                        .ok_or(()),
                );
            }
            _ => from = after,
        }
    }
}

/// The `value` of the TIMEX3 with `functionInDocument="CREATION_TIME"`.
fn creation_time(src: &str) -> Option<&str> {
    let at = memmem::find(src.as_bytes(), b"\"CREATION_TIME\"")?;
    let start = src[..at].rfind('<')?;
    let end = at + src[at..].find('>')?;
    let tag = &src[start..end];
    tag.starts_with("<TIMEX3")
        .then(|| attr(tag, "value"))
        .flatten()
}

/// An attribute value in a start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let bytes = tag.as_bytes();
    let mut from = 0;
    while let Some(pos) = memmem::find(&bytes[from..], name.as_bytes()) {
        let at = from + pos;
        from = at + name.len();
        if at == 0 || !bytes[at - 1].is_ascii_whitespace() {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &rest[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

/// Strips tags (and comments) and decodes entities.
pub(crate) fn strip(content: &str) -> String {
    let bytes = content.as_bytes();
    let mut out = String::with_capacity(content.len());
    let mut pos = 0;
    while let Some(off) = memchr::memchr2(b'<', b'&', &bytes[pos..]) {
        let at = pos + off;
        out.push_str(&content[pos..at]);
        if bytes[at] == b'<' {
            if content[at..].starts_with("<!--") {
                pos = content[at..]
                    .find("-->")
                    .map_or(bytes.len(), |e| at + e + 3);
            } else if content[at..].starts_with("<![CDATA[") {
                let end = content[at..].find("]]>").map_or(bytes.len(), |e| at + e);
                out.push_str(&content[at + 9..end.max(at + 9)]);
                pos = (end + 3).min(bytes.len());
            } else {
                pos = memchr::memchr(b'>', &bytes[at..]).map_or(bytes.len(), |e| at + e + 1);
            }
        } else {
            match entity(&content[at..]) {
                Some((ch, len)) => {
                    out.push(ch);
                    pos = at + len;
                }
                None => {
                    out.push('&');
                    pos = at + 1;
                }
            }
        }
    }
    out.push_str(&content[pos..]);
    out
}

/// An XML entity or character reference at the start of `s`: the character and the length.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = memchr::memchr(b';', &s.as_bytes()[..s.len().min(12)])?;
    let name = &s[1..end];
    let ch = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let code =
                if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    name.strip_prefix('#')?.parse().ok()?
                };
            char::from_u32(code)?
        }
    };
    Some((ch, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DOCID>AFP_ENG_19970401.0006</DOCID>
<DCT>KUALA LUMPUR, <TIMEX3 tid="t0" type="TIME" value="1997-04-01" temporalFunction="false" functionInDocument="CREATION_TIME">April 1 , 1997</TIMEX3> (AFP)</DCT>
<TITLE>Malaysian share
 market falls</TITLE>
<TEXT>
Shares <EVENT class="OCCURRENCE" eid="e1">dipped</EVENT> &amp; fell &lt;1% <TIMEX3 type="DATE" value="1997-04-01" tid="t1">Tuesday</TIMEX3>&#44; analysts said&#x2e;<!-- note -->
</TEXT>
</TimeML>"#;

    #[test]
    fn reads_text_dct_and_ids() {
        let p = parse(DOC).unwrap();
        assert_eq!(
            p.text,
            "\nShares dipped & fell <1% Tuesday, analysts said.\n"
        );
        assert_eq!(p.docid.as_deref(), Some("AFP_ENG_19970401.0006"));
        assert_eq!(p.title.as_deref(), Some("Malaysian share market falls"));
        assert_eq!(p.dct, Some("1997-04-01"));
        assert_eq!(
            p.dct_text.as_deref(),
            Some("KUALA LUMPUR, April 1 , 1997 (AFP)")
        );
    }

    #[test]
    fn creation_time_outside_dct() {
        let src = r#"<TimeML><TIMEX3 tid="t0" value="1998-10-25T21:00" functionInDocument="CREATION_TIME">x</TIMEX3><TEXT>a</TEXT></TimeML>"#;
        assert_eq!(parse(src).unwrap().dct, Some("1998-10-25T21:00"));
    }

    #[test]
    fn malformed() {
        assert!(
            matches!(parse("<TimeML></TimeML>"), Err(ErrorKind::MalformedTimeml(m)) if m.contains("no <TEXT>"))
        );
        assert!(
            matches!(parse("<TEXT>abc"), Err(ErrorKind::MalformedTimeml(m)) if m.contains("never closed"))
        );
        assert!(matches!(
            parse("<TEXT> <X/> </TEXT>"),
            Err(ErrorKind::Empty(_))
        ));
        // <TEXTX> is not <TEXT>
        assert!(parse("<TEXTX>a</TEXTX>").is_err());
    }

    #[test]
    fn entities() {
        assert_eq!(strip("a &unknown; b & c &#233;"), "a &unknown; b & c é");
        assert_eq!(strip("<![CDATA[x<y]]>z"), "x<yz");
        // Multi-byte characters right after `&` must not split a slice.
        assert_eq!(strip("a &ééééééé b &"), "a &ééééééé b &");
        assert_eq!(strip("<unclosed"), "");
    }
}
