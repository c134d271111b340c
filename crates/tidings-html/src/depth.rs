//! A cheap estimate of how deeply a page nests its elements, run before parsing.
//!
//! `html5ever`'s tree builder is quadratic in nesting depth (its stack of open elements is
//! searched on every tag: about 1.2 s at 20,000 levels), so one small hostile or broken page
//! could stall a batch. This scan jumps from `<` to `<` with `memchr` and keeps a stack of the
//! open elements that matter, by a hash of their name:
//!
//! - start tags push, end tags pop down to the matching open element;
//! - not counted: void elements (`br`, `img`, …), elements whose end tag is optional and
//!   routinely omitted (`p`, `li`, `td`, …: the parser closes them itself), comments,
//!   doctypes and processing instructions, and the content of raw-text elements (`script`,
//!   `style`, `textarea`, `title`, …), which holds no tags;
//! - `/>` closes an element only in SVG and MathML (and `<svg/>`, `<math/>` themselves): on
//!   an HTML element the parser ignores the slash, so `<div/><div/>…` does nest;
//! - an end tag with no matching open element is ignored, as the parser ignores it, and so
//!   is an end tag of an ordinary inline element that would have to close a block
//!   (`<span><div></span>` leaves both open), so stray end tags cannot hide nesting;
//! - a new `<a>` (or `<nobr>`, `<button>`) closes an open one, as the parser does.
//!
//! It is an estimate (no adoption agency, no foster parenting), close to the parser's depth
//! on real pages and never far below it on hostile ones. Each end tag looks at most
//! [`WINDOW`] open elements, so the scan stays linear whatever the input.

use memchr::{memchr, memchr3, memmem};

/// How many open elements an end tag looks through for its match. Real pages close what they
/// opened a few levels up; an end tag whose match is deeper than this is taken as stray.
const WINDOW: usize = 64;

/// The estimated maximum nesting depth of the page's elements.
pub fn estimate(html: &str) -> usize {
    let bytes = html.as_bytes();
    let mut stack: Vec<u64> = Vec::new();
    // Open `<svg>` and `<math>` elements: inside them `/>` really closes.
    let mut foreign = 0usize;
    let mut max = 0;
    let mut pos = 0;
    while let Some(at) = memchr(b'<', &bytes[pos..]) {
        let lt = pos + at;
        let rest = &bytes[lt + 1..];
        match rest.first() {
            Some(b'!') if rest.starts_with(b"!--") => {
                pos = match memmem::find(&rest[3..], b"-->") {
                    Some(end) => lt + 4 + end + 3,
                    None => return max,
                };
            }
            Some(b'!' | b'?') => pos = skip_past(bytes, lt + 1, b'>'),
            Some(b'/') if rest.get(1).is_some_and(u8::is_ascii_alphabetic) => {
                let (name, end) = tag_name(bytes, lt + 2);
                pos = tag_end(bytes, end).0;
                if !counted(&name) {
                    continue;
                }
                let hash = name.hash;
                let closes_blocks = is_special(&name) || is_formatting(&name);
                let mut found = None;
                for (i, &open) in stack.iter().enumerate().rev().take(WINDOW) {
                    if open == hash {
                        found = Some(i);
                        break;
                    }
                    if (!closes_blocks && SPECIAL_HASHES.contains(&open))
                        || SCOPE_HASHES.contains(&open)
                    {
                        break;
                    }
                }
                if let Some(i) = found {
                    pop_to(&mut stack, &mut foreign, i);
                }
            }
            Some(b) if b.is_ascii_alphabetic() => {
                let (name, end) = tag_name(bytes, lt + 1);
                let (after, self_closing) = tag_end(bytes, end);
                pos = after;
                if is_raw_text(&name) {
                    if name.as_slice() == b"plaintext" {
                        return max;
                    }
                    match find_end_tag(bytes, pos, &name) {
                        Some(end) => pos = end,
                        None => return max,
                    }
                    continue;
                }
                let is_foreign_root = matches!(name.as_slice(), b"svg" | b"math");
                if self_closing && (foreign > 0 || is_foreign_root) {
                    continue;
                }
                if !counted(&name) {
                    continue;
                }
                let hash = name.hash;
                if matches!(name.as_slice(), b"a" | b"nobr" | b"button") {
                    if let Some(i) = stack.iter().rev().take(WINDOW).position(|&h| h == hash) {
                        let i = stack.len() - 1 - i;
                        pop_to(&mut stack, &mut foreign, i);
                    }
                }
                if is_foreign_root {
                    foreign += 1;
                }
                stack.push(hash);
                max = max.max(stack.len());
            }
            // A `<` that opens no tag (`a < b`, `<3`): text.
            _ => pos = lt + 1,
        }
    }
    max
}

/// Most bytes of a tag name kept (longer names are custom elements; none is in our lists).
const NAME_MAX: usize = 16;

/// A tag name, lowercased in a fixed buffer so naming a tag allocates nothing.
#[derive(Clone, Copy)]
struct Name {
    bytes: [u8; NAME_MAX],
    /// The name's length, or 0 for a name over [`NAME_MAX`] bytes (equal to no listed name).
    len: usize,
    /// FNV-1a of the whole lowercase name.
    hash: u64,
}

impl Name {
    fn new(raw: &[u8]) -> Name {
        let mut name = Name {
            bytes: [0; NAME_MAX],
            len: 0,
            hash: FNV_OFFSET,
        };
        for (i, &b) in raw.iter().enumerate() {
            let b = b.to_ascii_lowercase();
            if i < NAME_MAX {
                name.bytes[i] = b;
            }
            name.hash = (name.hash ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
        name.len = if raw.len() <= NAME_MAX { raw.len() } else { 0 };
        name
    }

    fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

const fn fnv_const(name: &[u8]) -> u64 {
    let mut hash: u64 = FNV_OFFSET;
    let mut i = 0;
    while i < name.len() {
        hash = (hash ^ name[i] as u64).wrapping_mul(FNV_PRIME);
        i += 1;
    }
    hash
}

/// Closes the open elements from index `i` up.
fn pop_to(stack: &mut Vec<u64>, foreign: &mut usize, i: usize) {
    let closed = stack[i..]
        .iter()
        .filter(|h| FOREIGN_HASHES.contains(h))
        .count();
    *foreign = foreign.saturating_sub(closed);
    stack.truncate(i);
}

/// The name of the tag whose name starts at `start`, and where it ends.
fn tag_name(bytes: &[u8], start: usize) -> (Name, usize) {
    let end = bytes[start..]
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        .map_or(bytes.len(), |n| start + n);
    (Name::new(&bytes[start..end]), end)
}

/// Past the `>` that ends the tag whose attributes start at `pos` (a quoted value may hold
/// `>`), and whether it ended with `/>`.
fn tag_end(bytes: &[u8], mut pos: usize) -> (usize, bool) {
    while let Some(n) = memchr3(b'>', b'"', b'\'', &bytes[pos..]) {
        let at = pos + n;
        let quote = bytes[at];
        if quote == b'>' {
            return (at + 1, bytes[at - 1] == b'/');
        }
        // A quote opens a value only right after `=` (spaces allowed). Looking back stops at
        // the previous non-space byte, so all the looking back is linear in the page.
        let before = bytes[pos..at]
            .iter()
            .rev()
            .find(|b| !b.is_ascii_whitespace());
        pos = if before == Some(&b'=') {
            skip_past(bytes, at + 1, quote)
        } else {
            at + 1
        };
    }
    (bytes.len(), false)
}

/// Past the next `byte` from `pos`, or the end.
fn skip_past(bytes: &[u8], pos: usize, byte: u8) -> usize {
    match memchr(byte, &bytes[pos.min(bytes.len())..]) {
        Some(n) => pos + n + 1,
        None => bytes.len(),
    }
}

/// Past the end tag `</name …>` of a raw-text element whose content starts at `pos`.
fn find_end_tag(bytes: &[u8], mut pos: usize, name: &Name) -> Option<usize> {
    let name = name.as_slice();
    let finder = memmem::Finder::new(b"</");
    while let Some(at) = finder.find(&bytes[pos..]) {
        let start = pos + at + 2;
        let end = start + name.len();
        if bytes
            .get(start..end)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && bytes
                .get(end)
                .is_none_or(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        {
            return Some(skip_past(bytes, end, b'>'));
        }
        pos = start;
    }
    None
}

/// Whether an element counts towards depth: not void, not one whose end tag is optional.
fn counted(name: &Name) -> bool {
    !matches!(
        name.as_slice(),
        // void
        b"area" | b"base" | b"basefont" | b"bgsound" | b"br" | b"col" | b"embed" | b"frame"
            | b"hr" | b"img" | b"image" | b"input" | b"keygen" | b"link" | b"meta" | b"param"
            | b"source" | b"track" | b"wbr"
            // end tag optional and routinely omitted
            | b"p" | b"li" | b"dt" | b"dd" | b"tr" | b"td" | b"th" | b"option" | b"optgroup"
            | b"thead" | b"tbody" | b"tfoot" | b"colgroup" | b"rt" | b"rp" | b"rb" | b"rtc"
            // too long for `Name` (custom elements and such): all equal, so not tracked
            | b""
    )
}

/// Elements whose content is text up to their end tag (`plaintext`: to the end of the page).
fn is_raw_text(name: &Name) -> bool {
    matches!(
        name.as_slice(),
        b"script"
            | b"style"
            | b"textarea"
            | b"title"
            | b"xmp"
            | b"iframe"
            | b"noembed"
            | b"noframes"
            | b"noscript"
            | b"plaintext"
    )
}

/// Formatting elements: their end tags close them through blocks (the adoption agency).
fn is_formatting(name: &Name) -> bool {
    matches!(
        name.as_slice(),
        b"a" | b"b"
            | b"big"
            | b"code"
            | b"em"
            | b"font"
            | b"i"
            | b"nobr"
            | b"s"
            | b"small"
            | b"strike"
            | b"strong"
            | b"tt"
            | b"u"
    )
}

/// The parser's "special" elements that can be open on the stack (counted ones only): an
/// ordinary end tag (`</span>`) never closes through them.
const SPECIAL: [&[u8]; 41] = [
    b"address",
    b"applet",
    b"article",
    b"aside",
    b"blockquote",
    b"body",
    b"button",
    b"caption",
    b"center",
    b"details",
    b"dir",
    b"div",
    b"dl",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"frameset",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"header",
    b"hgroup",
    b"html",
    b"listing",
    b"main",
    b"marquee",
    b"menu",
    b"nav",
    b"object",
    b"ol",
    b"pre",
    b"section",
    b"select",
    b"table",
    b"ul",
];

const SPECIAL_HASHES: [u64; 41] = {
    let mut out = [0; 41];
    let mut i = 0;
    while i < SPECIAL.len() {
        out[i] = fnv_const(SPECIAL[i]);
        i += 1;
    }
    out
};

fn is_special(name: &Name) -> bool {
    SPECIAL.contains(&name.as_slice())
}

/// Scope boundaries: no end tag closes through them (`</div>` inside a table cell does not
/// close the div around the table).
const SCOPE_HASHES: [u64; 7] = [
    fnv_const(b"html"),
    fnv_const(b"table"),
    fnv_const(b"template"),
    fnv_const(b"caption"),
    fnv_const(b"applet"),
    fnv_const(b"marquee"),
    fnv_const(b"object"),
];

const FOREIGN_HASHES: [u64; 2] = [fnv_const(b"svg"), fnv_const(b"math")];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_what_nests() {
        assert_eq!(estimate(""), 0);
        assert_eq!(estimate("plain text a < b"), 0);
        assert_eq!(
            estimate("<html><body><div><span>x</span></div></body></html>"),
            4
        );
        assert_eq!(estimate(&"<div>".repeat(500)), 500);
        assert_eq!(estimate(&"<DIV class='a>b'>".repeat(10)), 10);
        assert_eq!(
            estimate(&"<div/>".repeat(10)),
            10,
            "the slash is ignored in HTML"
        );
    }

    #[test]
    fn ignores_what_does_not() {
        let page = format!(
            "<!DOCTYPE html><html><body>{}{}{}<!-- <div><div> --><script>if (a<b) {{ '<div>' }}\
             </SCRIPT ><title><div></title><svg><path/><path/></svg><br><img src=x>\
             <textarea><div></textarea></body></html>",
            "<p>para".repeat(3000),
            "<li>item".repeat(3000),
            "<table><tr><td>x".repeat(3),
        );
        assert_eq!(estimate(&page), 6, "html, body, 3 tables, svg");
    }

    #[test]
    fn stray_end_tags_do_not_hide_nesting() {
        assert_eq!(estimate(&"<div></span>".repeat(100)), 100);
        assert_eq!(estimate(&"<span><div></span>".repeat(100)), 200);
        // A block end tag closes the inline elements left open inside it.
        assert_eq!(estimate(&"<div><span><b>x</div>".repeat(100)), 3);
        // A new link closes the open one.
        assert_eq!(estimate(&"<a href=x>link".repeat(100)), 1);
    }

    #[test]
    fn any_prefix_is_safe() {
        let page = "<!-- c --><div a=\"x>\" b='y'><script>x</script><svg><g/></svg></div><";
        for i in 0..=page.len() {
            let _ = estimate(&page[..i]);
        }
    }
}
