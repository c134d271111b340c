//! Bytes to text: binary detection, charset declarations (BOM, HTTP header, `<meta>`,
//! `<?xml encoding?>`) and detection with `chardetng`.

use crate::error::ErrorKind;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How many leading bytes the control-character test and the `<meta>` prescan look at.
const SNIFF_LEN: usize = 8192;

/// Rejects binary data: a NUL byte anywhere, or more than 10% control characters in the
/// first 8 KiB (UTF-16 text with a byte-order mark is exempt: its NULs are characters).
pub fn check_binary(bytes: &[u8]) -> Result<(), ErrorKind> {
    if let Some(kind) = magic(bytes) {
        return Err(ErrorKind::Binary(format!("looks like {kind}")));
    }
    if matches!(Encoding::for_bom(bytes), Some((enc, _)) if enc == UTF_16LE || enc == UTF_16BE) {
        return Ok(());
    }
    if let Some(pos) = memchr::memchr(0, bytes) {
        return Err(ErrorKind::Binary(format!("NUL byte at offset {pos}")));
    }
    control_ratio(bytes)
}

/// For web pages, which sometimes carry a stray NUL (the HTML parser turns it into U+FFFD):
/// binary only if a known binary format's magic bytes open it, if a NUL comes early (in the
/// first KiB), or if control characters (NULs included) are common in the first 8 KiB.
pub fn check_binary_page(bytes: &[u8]) -> Result<(), ErrorKind> {
    let head = &bytes[..bytes.len().min(1024)];
    if memchr::memchr(0, head).is_none() {
        if let Some(kind) = magic(bytes) {
            return Err(ErrorKind::Binary(format!("looks like {kind}")));
        }
        return control_ratio(bytes);
    }
    check_binary(bytes)
}

fn control_ratio(bytes: &[u8]) -> Result<(), ErrorKind> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    if !head.is_empty() && controls * 10 > head.len() {
        return Err(ErrorKind::Binary(format!(
            "{}% control characters in the first {} bytes",
            controls * 100 / head.len(),
            head.len()
        )));
    }
    Ok(())
}

/// Names well-known binary formats by their magic bytes.
fn magic(bytes: &[u8]) -> Option<&'static str> {
    const MAGICS: [(&[u8], &str); 10] = [
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive (unpack it first)"),
        (
            b"BZh",
            "bzip2 data (decompress it first; only gzip is read)",
        ),
        (
            b"\xfd7zXZ\x00",
            "xz data (decompress it first; only gzip is read)",
        ),
        (
            b"\x28\xb5\x2f\xfd",
            "zstd data (decompress it first; only gzip is read)",
        ),
        (b"SQLite format 3\x00", "an SQLite database"),
        (b"\x7fELF", "an executable"),
    ];
    // bzip2's magic is plain ASCII: require its block-size digit and block magic.
    MAGICS
        .iter()
        .find(|(m, _)| {
            bytes.starts_with(m)
                && (*m != b"BZh"
                    || (bytes.len() > 4 && bytes[3].is_ascii_digit() && bytes[4] == 0x31))
        })
        .map(|(_, name)| *name)
}

/// Decodes a document with no transport charset (plain text, TimeML, JSON document):
/// a byte-order mark, else `declared` (an in-document declaration), else UTF-8 if valid, else
/// a `chardetng` guess when it is confident. Otherwise an error saying what was found.
pub fn decode_strict(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<String, ErrorKind> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text.into_owned());
    }
    if let Some(enc) = declared.filter(|e| *e != UTF_8) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Ok(text.into_owned());
    }
    let err = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text.to_string()),
        Err(err) => err,
    };
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let (guess, assessed) = detector.guess_assess(None, false);
    let (text, had_errors) = guess.decode_without_bom_handling(bytes);
    if assessed && !had_errors && plausible(&text) {
        return Ok(text.into_owned());
    }
    let at = err.valid_up_to();
    Err(ErrorKind::Encoding(format!(
        "not valid UTF-8 (byte 0x{:02X} at offset {at}) and no charset is declared; \
         detection is not confident (best guess {}): convert the file to UTF-8",
        bytes[at],
        guess.name()
    )))
}

/// Whether a detected decoding reads like text. `chardetng` always has a best guess (its own
/// "confident" flag is true for almost any input), so the decoded text must also look like
/// writing:
///
/// - at least 95% of the non-ASCII characters are letters, marks, typographic punctuation or
///   Latin-1 symbols (no C1 controls, box drawing, private use);
/// - accented Latin letters sit in words with ASCII letters (`français`), or alone (`à`):
///   a word made only of several accented letters (`ÿşı`) is odd;
/// - a non-Latin script (Cyrillic, Greek, CJK, …) is one script, is not mixed into words with
///   Latin letters, and has more letters than ASCII does (a Russian text detected as
///   windows-1251 is mostly Cyrillic; an English text with a few stray bytes is not).
///
/// No more than 10% of the words with non-ASCII letters may be odd.
fn plausible(text: &str) -> bool {
    let (mut total, mut good) = (0usize, 0usize);
    for ch in text.chars().filter(|c| !c.is_ascii()) {
        total += 1;
        let ok = ch.is_alphabetic()
            || ('\u{a0}'..='\u{bf}').contains(&ch)
            || ('\u{2010}'..='\u{206f}').contains(&ch)
            || ('\u{300}'..='\u{36f}').contains(&ch)
            || ('\u{3000}'..='\u{303f}').contains(&ch)
            || ('\u{ff01}'..='\u{ff65}').contains(&ch)
            || matches!(ch, '€' | '×' | '÷');
        good += ok as usize;
    }
    if total == 0 {
        return true;
    }
    if good * 20 < total * 19 {
        return false;
    }
    let (mut words, mut odd) = (0usize, 0usize);
    let (mut foreign, mut foreign_letters, mut mixed_scripts) = (None, 0usize, 0usize);
    let mut ascii_letters = 0usize;
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        ascii_letters += word.chars().filter(char::is_ascii_alphabetic).count();
        let scripts: Vec<Script> = word
            .chars()
            .filter(|c| !c.is_ascii() && c.is_alphabetic())
            .map(script)
            .collect();
        if scripts.is_empty() {
            continue;
        }
        words += 1;
        let has_ascii = word.chars().any(|c| c.is_ascii_alphabetic());
        for &s in scripts.iter().filter(|s| **s != Script::Latin) {
            foreign_letters += 1;
            match foreign {
                None => foreign = Some(s),
                Some(f) if f != s => mixed_scripts += 1,
                _ => {}
            }
        }
        let is_odd = if scripts.iter().all(|s| *s == Script::Latin) {
            !has_ascii && scripts.len() > 1
        } else {
            has_ascii
                || scripts
                    .iter()
                    .any(|s| matches!(s, Script::Latin | Script::Other))
        };
        odd += is_odd as usize;
    }
    if odd * 10 > words || mixed_scripts * 20 > foreign_letters {
        return false;
    }
    foreign_letters == 0 || foreign_letters > ascii_letters
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Hebrew,
    Arabic,
    Thai,
    Cjk,
    Other,
}

fn script(c: char) -> Script {
    match c as u32 {
        0x41..=0x5a | 0x61..=0x7a | 0xc0..=0x24f | 0x1e00..=0x1eff => Script::Latin,
        0x370..=0x3ff => Script::Greek,
        0x400..=0x52f => Script::Cyrillic,
        0x590..=0x5ff => Script::Hebrew,
        0x600..=0x6ff | 0x750..=0x77f => Script::Arabic,
        0xe00..=0xe7f => Script::Thai,
        0x3040..=0x30ff
        | 0x3400..=0x4dbf
        | 0x4e00..=0x9fff
        | 0xac00..=0xd7af
        | 0xf900..=0xfaff
        | 0xff66..=0xff9f => Script::Cjk,
        _ => Script::Other,
    }
}

/// Decodes an HTML page as browsers do: BOM, then the transport charset (HTTP
/// `Content-Type`), then a `<meta charset>` / `http-equiv` declaration or an XML declaration in
/// the first 8 KiB, then UTF-8 if the bytes are valid UTF-8, then a `chardetng` guess (with
/// the URL's top-level domain as a hint). Malformed bytes become U+FFFD.
pub fn decode_html(bytes: &[u8], transport: Option<&str>, url: Option<&str>) -> String {
    let declared = transport
        .and_then(charset_param)
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        .or_else(|| prescan(&bytes[..bytes.len().min(SNIFF_LEN)]));
    // A page cannot declare itself UTF-16 in its own ASCII-compatible bytes (HTML spec).
    let declared = declared.map(|e| {
        if e == UTF_16LE || e == UTF_16BE {
            UTF_8
        } else {
            e
        }
    });
    let encoding = match declared {
        Some(enc) => enc,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            let tld = url.and_then(tld);
            detector.guess(tld.as_deref().map(str::as_bytes), true)
        }
    };
    // `decode` lets a BOM override everything, as the HTML standard does.
    let (text, _, _) = encoding.decode(bytes);
    text.into_owned()
}

/// The `charset` parameter of a `Content-Type` value.
pub fn charset_param(content_type: &str) -> Option<String> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + 7..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
        .unwrap_or(rest.len());
    (end > 0).then(|| rest[..end].to_string())
}

/// Charset declared by a `<meta>` tag or an XML declaration in `head`.
pub fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<?xml") {
        if let Some(end) = memchr::memmem::find(&lower, b"?>") {
            if let Some(enc) = xml_encoding(&head[..end]) {
                return Some(enc);
            }
        }
    }
    let mut from = 0;
    while let Some(pos) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = String::from_utf8_lossy(&lower[start..end]);
        if let Some(enc) = charset_param(&tag).and_then(|l| Encoding::for_label(l.as_bytes())) {
            return Some(enc);
        }
        from = end;
    }
    None
}

/// The `encoding` of an XML declaration (`<?xml version="1.0" encoding="ISO-8859-1"?>`).
pub fn xml_encoding(decl: &[u8]) -> Option<&'static Encoding> {
    let decl = std::str::from_utf8(decl).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let end = value.find(quote)?;
    Encoding::for_label(&value.as_bytes()[..end])
}

/// The top-level domain of a URL, as `chardetng` wants it (lower-case ASCII, no dot).
fn tld(url: &str) -> Option<String> {
    let host = crate::meta::url_host(url)?;
    let label = host.rsplit('.').next()?.to_ascii_lowercase();
    (!label.is_empty()
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    .then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_binary() {
        assert!(check_binary(b"plain text\n").is_ok());
        assert!(
            matches!(check_binary(b"ab\0cd"), Err(ErrorKind::Binary(m)) if m.contains("offset 2"))
        );
        assert!(
            matches!(check_binary(b"%PDF-1.7 ..."), Err(ErrorKind::Binary(m)) if m.contains("PDF"))
        );
        let controls = vec![1u8; 50];
        assert!(check_binary(&controls).is_err());
        assert!(check_binary(b"\xff\xfeh\0i\0").is_ok());
        assert!(check_binary(b"BZh is a word").is_ok());
        let mut page = b"<html><body>".to_vec();
        page.extend(b"<p>text</p>".repeat(200));
        page.push(0);
        page.extend(b"</body></html>");
        assert!(check_binary(&page).is_err());
        assert!(
            check_binary_page(&page).is_ok(),
            "a stray NUL deep in a page"
        );
        assert!(check_binary_page(b"<html>\0\0").is_err());
        assert!(check_binary_page(b"\x89PNG\r\n").is_err());
    }

    #[test]
    fn strict_decoding() {
        assert_eq!(decode_strict(b"caf\xc3\xa9", None).unwrap(), "café");
        assert_eq!(decode_strict(b"\xef\xbb\xbfhi", None).unwrap(), "hi");
        assert_eq!(decode_strict(b"\xff\xfeh\0i\0", None).unwrap(), "hi");
        let latin1 = b"Le gouvernement fran\xe7ais a annonc\xe9 mardi une r\xe9forme des retraites tr\xe8s contest\xe9e.";
        assert!(decode_strict(latin1, None).unwrap().contains("français"));
        let declared = Encoding::for_label(b"iso-8859-1");
        assert_eq!(decode_strict(b"caf\xe9", declared).unwrap(), "café");
    }

    #[test]
    fn refuses_to_guess_garbage() {
        let err = decode_strict(b"abc \x81\x8d\x8f\x90\x9d\x81 def", None).unwrap_err();
        assert!(err.to_string().contains("0x81 at offset 4"), "{err}");
        for garbage in [
            &b"Hello \x80\x80\x80\x80 world \xff\xfe\xfd"[..],
            b"Report: \x8f\x8f\x8f\x8f\x8f\x8f\x8f\x8f\x8f\x8f.",
            b"The \xd3\xc4\xe1\xf2 report \xa7\xb6\xc2\xd9\xee said \xfe\xfd\xfc prices rose",
        ] {
            assert!(decode_strict(garbage, None).is_err());
        }
        let random: Vec<u8> = (0..400u32)
            .map(|i| (0x80 + (i * 7919 + 13) % 128) as u8)
            .collect();
        assert!(decode_strict(&random, None).is_err());
    }

    #[test]
    fn detects_real_legacy_text() {
        for (enc, text) in [
            (encoding_rs::WINDOWS_1251, "Министр иностранных дел России Сергей Лавров заявил в понедельник, что переговоры начнутся после праздников."),
            (encoding_rs::SHIFT_JIS, "ロシアのラブロフ外相は月曜日、米国との安全保障協議は休暇明けに始まると述べた。"),
            (encoding_rs::GBK, "俄罗斯外长拉夫罗夫周一表示，与美国的安全谈判将在假期后开始。"),
            (encoding_rs::WINDOWS_1252, "Der Außenminister sagte am Montag, die Gespräche würden nach den Feiertagen beginnen."),
            (encoding_rs::ISO_8859_7, "Ο υπουργός Εξωτερικών της Ρωσίας δήλωσε ότι οι συνομιλίες θα ξεκινήσουν μετά τις γιορτές."),
        ] {
            let (bytes, _, _) = enc.encode(text);
            assert_eq!(decode_strict(&bytes, None).unwrap(), text);
        }
    }

    #[test]
    fn html_declarations() {
        let page = b"<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>";
        assert!(decode_html(page, None, None).contains("Привет"));
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>caf\xe9";
        assert!(decode_html(page, None, None).contains("café"));
        // The transport header wins over <meta>.
        let page = b"<meta charset=utf-8><p>caf\xe9";
        assert!(decode_html(page, Some("text/html; charset=latin1"), None).contains("café"));
        // A BOM wins over everything.
        let page = b"\xef\xbb\xbf<meta charset=latin1><p>caf\xc3\xa9";
        assert!(decode_html(page, Some("text/html; charset=latin1"), None).contains("café"));
        assert_eq!(
            charset_param("text/html; charset=\"UTF-8\"").as_deref(),
            Some("utf-8")
        );
        let xml = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html><p>caf\xe9";
        assert!(decode_html(xml, None, None).contains("café"));
    }

    #[test]
    fn html_detection() {
        let page = "<html><body><p>Le gouvernement français a annoncé mardi une réforme très contestée des retraites.</p></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
        assert!(decode_html(&bytes, None, Some("https://www.lemonde.fr/a")).contains("français"));
    }
}
