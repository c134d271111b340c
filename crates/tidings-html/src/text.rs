//! Rendering the chosen nodes to plain text, cleaning conditionally on the way.
//!
//! Paragraphs are separated by a blank line; block elements (`p`, headings, `li`, `blockquote`,
//! table rows, `div`s…) and `<br>` end a paragraph; whitespace inside a paragraph is collapsed.
//! Entities were decoded by the parser.

use crate::content::{is_block_tag, is_heading, Analysis};
use crate::dom::{push_collapsed, Data, Dom};

/// Whether an element inside the content is chrome to drop (after Readability's
/// "clean conditionally"): link-heavy lists and boxes, image galleries, forms, embeds, boxes
/// whose class/id weigh negative.
pub fn drop_conditionally(dom: &Dom, a: &Analysis, i: usize) -> bool {
    let node = &dom.nodes[i];
    let tag = node.tag();
    if !matches!(
        tag,
        "div"
            | "section"
            | "ul"
            | "ol"
            | "table"
            | "form"
            | "fieldset"
            | "dl"
            | "figure"
            | "p"
            | "span"
            | "li"
    ) {
        return false;
    }
    let chars = a.chars[i];
    let ld = a.link_density(i);
    let weight = a.weight[i];
    if matches!(tag, "p" | "span" | "li") {
        // a paragraph that is nothing but a link ("Read more: …", "Related: …")
        return chars > 0 && ld > 0.9 && chars < 200 && weight <= 0;
    }
    if weight < 0 && ld > 0.1 {
        return true;
    }
    if a.commas[i] >= 10 {
        return false;
    }
    let p = a.p_count[i] as f32;
    let img = a.img_count[i] as f32;
    let li = a.li_count[i] as f32;
    let input = a.input_count[i] as f32;
    let is_list = matches!(tag, "ul" | "ol")
        || (li > 0.0 && a.p_count[i] == 0 && a.heading_chars[i] < chars / 2);
    let heading_density = if chars == 0 {
        0.0
    } else {
        a.heading_chars[i] as f32 / chars as f32
    };
    (img > 1.0 && p / img < 0.5 && chars < 200)
        || (!is_list && li > p + 1.0 && tag != "ul" && tag != "ol" && ld > 0.3)
        || (input > (p / 3.0).floor() && input > 0.0)
        || (!is_list
            && heading_density < 0.9
            && chars < 25
            && (img == 0.0 || img > 2.0)
            && ld > 0.0)
        || (weight < 25 && ld > 0.35 && chars < 2000)
        || (weight >= 25 && ld > 0.5)
        || (a.embed_count[i] > 1 && chars < 200)
}

/// Whether element `i` sits directly in a block container (not inside running text).
fn is_standalone(dom: &Dom, i: usize) -> bool {
    let p = dom.nodes[i].parent;
    p != crate::dom::NO_PARENT
        && matches!(
            dom.nodes[p as usize].tag(),
            "div" | "section" | "article" | "header" | "main" | "body" | "footer" | "aside"
        )
}

/// Renders the content nodes. `skip_heading` says whether a heading element's text is the page
/// title (dropped from the body text).
pub fn render(
    dom: &Dom,
    a: &Analysis,
    roots: &[usize],
    skip_heading: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut paras: Vec<String> = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, paras: &mut Vec<String>| {
        let t = cur.trim();
        if !t.is_empty() {
            paras.push(t.to_owned());
        }
        cur.clear();
    };
    for &root in roots {
        flush(&mut cur, &mut paras);
        // explicit stack of open block elements' ends
        let mut ends: Vec<u32> = Vec::new();
        let end = dom.nodes[root].end as usize;
        let mut i = root;
        while i < end {
            while let Some(&e) = ends.last() {
                if e as usize <= i {
                    ends.pop();
                    flush(&mut cur, &mut paras);
                } else {
                    break;
                }
            }
            let node = &dom.nodes[i];
            if a.excluded[i] {
                i = node.end as usize;
                continue;
            }
            match node.data {
                Data::Text(t) => {
                    if cur.is_empty() || cur.ends_with(' ') {
                        push_collapsed(&mut cur, t.trim_start());
                    } else {
                        push_collapsed(&mut cur, t);
                    }
                }
                Data::Element(e) => {
                    let tag = e.name();
                    if i != root && drop_conditionally(dom, a, i) {
                        i = node.end as usize;
                        continue;
                    }
                    if is_heading(tag) && skip_heading(&dom.text_of(i)) {
                        i = node.end as usize;
                        continue;
                    }
                    if tag == "time" && is_standalone(dom, i) {
                        // a date line between blocks ("5 March 2024") is metadata, not text
                        i = node.end as usize;
                        continue;
                    }
                    if tag == "img" {
                        // inline images carry no text
                    } else if is_block_tag(tag) {
                        flush(&mut cur, &mut paras);
                        if tag != "br" && tag != "hr" {
                            ends.push(node.end);
                        }
                    }
                }
                Data::Other => {}
            }
            i += 1;
        }
        flush(&mut cur, &mut paras);
    }
    paras
}
