//! Main-content location: which part of the page is the article.
//!
//! A Readability-style scorer over the flat [`Dom`], with general heuristics only:
//!
//! 1. **Chrome out.** Non-content tags (`script`, `nav`, `aside`, `footer`, forms' controls…),
//!    hidden elements (`hidden`, `aria-hidden`, `display:none`) and, in the strict pass, elements
//!    whose class/id say boilerplate (`comment`, `share`, `related`, `sidebar`, `cookie`…, unless
//!    they also say `article`/`content`/`main`) are excluded from every statistic.
//! 2. **Paragraph scores flow up.** Every block that owns ≥ 25 characters of text scores
//!    `1 + commas + min(chars/100, 3)`; the score goes to its container and, decaying, to five
//!    levels of ancestors. A candidate's score is then weighted by its tag, its class/id hints and
//!    `1 − link density`.
//! 3. **Refine.** Move to a common ancestor when several near-best candidates share it, climb
//!    through single-child wrappers, then add siblings that score well or are clean paragraphs.
//! 4. **Clean conditionally** inside the chosen nodes while rendering (see [`crate::text`]):
//!    link-heavy lists and boxes, image galleries, forms, and boilerplate-classed boxes go.
//!
//! If the strict pass yields too little text, a relaxed pass (class/id hints as weights only)
//! runs, and JSON-LD `articleBody` is used as a last resort.

use crate::dom::{Data, Dom, NO_PARENT};

/// Per-node classification and statistics, indexed like [`Dom::nodes`].
pub struct Analysis {
    /// Excluded from content and statistics (with its subtree).
    pub excluded: Vec<bool>,
    /// Non-whitespace characters of text in the subtree (excluded parts not counted).
    pub chars: Vec<u32>,
    /// Of which inside links.
    pub link_chars: Vec<u32>,
    pub commas: Vec<u32>,
    pub p_count: Vec<u32>,
    pub li_count: Vec<u32>,
    pub img_count: Vec<u32>,
    pub input_count: Vec<u32>,
    pub embed_count: Vec<u32>,
    pub heading_chars: Vec<u32>,
    /// Class/id weight: -25, 0, +25 (or ±50 when both kinds match… clamped).
    pub weight: Vec<i32>,
}

impl Analysis {
    pub fn link_density(&self, i: usize) -> f32 {
        if self.chars[i] == 0 {
            0.0
        } else {
            self.link_chars[i] as f32 / self.chars[i] as f32
        }
    }
}

/// Tags whose content is never article text.
pub fn is_hard_skip_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "canvas"
            | "iframe"
            | "object"
            | "embed"
            | "video"
            | "audio"
            | "button"
            | "select"
            | "option"
            | "textarea"
            | "input"
            | "head"
            | "title"
            | "meta"
            | "link"
    )
}

/// Tags that are page chrome unless they hold most of the page's text.
pub fn is_skip_tag(tag: &str) -> bool {
    matches!(
        tag,
        "nav" | "aside" | "footer" | "header" | "dialog" | "menu" | "label" | "figcaption"
    )
}

/// Tags that start a new paragraph in the rendered text.
pub fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "ul"
            | "legend"
            | "br"
    )
}

pub fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn is_hidden(n: &crate::dom::Node) -> bool {
    let Some(e) = n.element() else { return false };
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = e.attr("style") {
        if style.len() < 2000 {
            let s: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if s.contains("display:none") || s.contains("visibility:hidden") {
                return true;
            }
        }
    }
    false
}

const ROLE_SKIP: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
    "toolbar",
];

const UNLIKELY: &[&str] = &[
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "cookie",
    "consent",
    "newsletter",
    "subscribe",
    "share",
    "sharing",
    "navbar",
    "promo",
    "recommend",
    "trending",
    "most-read",
    "mostread",
    "popular",
    "signup",
    "sign-up",
    "modal",
    "author-bio",
    "authorbio",
    "author-box",
    "tagcloud",
    "tag-list",
    "outbrain",
    "taboola",
    "advert",
    "readmore",
    "read-more",
    "more-stories",
    "byline",
];

const UNLIKELY_TOKENS: &[&str] = &[
    "ad", "ads", "nav", "tags", "tag", "meta", "share", "print", "toc", "rss",
];

const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "shadow",
];

const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "newsletter",
    "cookie",
    "subscribe",
];

const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
    "blog", "story",
];

fn class_id(n: &crate::dom::Node) -> String {
    let mut s = String::new();
    if let Some(e) = n.element() {
        for a in ["class", "id"] {
            if let Some(v) = e.attr(a) {
                if v.len() < 500 {
                    s.push_str(&v.to_ascii_lowercase());
                    s.push(' ');
                }
            }
        }
    }
    s
}

fn tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
}

/// Whether an element's class/id marks it as boilerplate.
pub fn is_unlikely(ci: &str) -> bool {
    if ci.is_empty() {
        return false;
    }
    let unlikely =
        UNLIKELY.iter().any(|p| ci.contains(p)) || tokens(ci).any(|t| UNLIKELY_TOKENS.contains(&t));
    unlikely && !MAYBE.iter().any(|p| ci.contains(p))
}

pub fn class_weight(ci: &str) -> i32 {
    if ci.is_empty() {
        return 0;
    }
    let mut w = 0;
    if NEGATIVE.iter().any(|p| ci.contains(p)) {
        w -= 25;
    }
    if POSITIVE.iter().any(|p| ci.contains(p)) {
        w += 25;
    }
    w
}

/// Classifies nodes and gathers bottom-up statistics. `strict` removes boilerplate-classed
/// elements; otherwise their class only weighs on the score.
pub fn analyse(dom: &Dom, strict: bool) -> Analysis {
    let n = dom.len();
    let mut a = Analysis {
        excluded: vec![false; n],
        chars: vec![0; n],
        link_chars: vec![0; n],
        commas: vec![0; n],
        p_count: vec![0; n],
        li_count: vec![0; n],
        img_count: vec![0; n],
        input_count: vec![0; n],
        embed_count: vec![0; n],
        heading_chars: vec![0; n],
        weight: vec![0; n],
    };
    let mut in_link = vec![false; n];
    let mut hard = vec![false; n];
    // top-down: hard exclusion (never text) and link context
    for i in 0..n {
        let node = &dom.nodes[i];
        let (pex, plink) = if node.parent == NO_PARENT {
            (false, false)
        } else {
            let p = node.parent as usize;
            (hard[p], in_link[p])
        };
        in_link[i] = plink || node.tag() == "a";
        hard[i] = pex || is_hard_skip_tag(node.tag());
    }
    // bottom-up: raw non-link text per subtree, to guard soft exclusions
    let mut raw = vec![0u32; n];
    for i in (0..n).rev() {
        if hard[i] {
            continue;
        }
        if let Data::Text(t) = dom.nodes[i].data {
            if !in_link[i] {
                raw[i] = t.chars().filter(|c| !c.is_whitespace()).count() as u32;
            }
        }
        let p = dom.nodes[i].parent;
        if p != NO_PARENT {
            raw[p as usize] += raw[i];
        }
    }
    let total = raw.first().copied().unwrap_or(0);
    // top-down: soft exclusion (chrome by tag, role, hidden, class/id), unless the element
    // holds most of the page's text (a `<header>` or a hidden streaming wrapper around the
    // whole article)
    for i in 0..n {
        let node = &dom.nodes[i];
        if hard[i] || (node.parent != NO_PARENT && a.excluded[node.parent as usize]) {
            a.excluded[i] = true;
            continue;
        }
        if let Data::Element(e) = node.data {
            let tag = e.name();
            let ci = class_id(node);
            a.weight[i] = class_weight(&ci);
            let role_skip = e
                .attr("role")
                .is_some_and(|r| ROLE_SKIP.contains(&r.trim().to_ascii_lowercase().as_str()));
            let structural = matches!(tag, "html" | "body" | "main" | "article" | "a");
            let soft = is_skip_tag(tag)
                || is_hidden(node)
                || (role_skip && !structural)
                || (strict && !structural && is_unlikely(&ci));
            a.excluded[i] = soft && (raw[i] as f32) < 0.5 * total as f32;
        }
    }
    // bottom-up statistics
    for i in (0..n).rev() {
        if a.excluded[i] {
            continue;
        }
        let node = &dom.nodes[i];
        match node.data {
            Data::Text(t) => {
                let mut c = 0u32;
                let mut commas = 0u32;
                for ch in t.chars() {
                    if !ch.is_whitespace() {
                        c += 1;
                    }
                    if ch == ',' || ch == '，' || ch == '、' {
                        commas += 1;
                    }
                }
                a.chars[i] = c;
                a.commas[i] = commas;
                if in_link[i] {
                    a.link_chars[i] = c;
                }
            }
            Data::Element(e) => match e.name() {
                "p" => a.p_count[i] += 1,
                "li" => a.li_count[i] += 1,
                "img" | "picture" => a.img_count[i] += 1,
                "input" | "textarea" | "select" | "button" => a.input_count[i] += 1,
                "embed" | "object" | "iframe" | "video" => a.embed_count[i] += 1,
                t if is_heading(t) => a.heading_chars[i] = a.chars[i],
                _ => {}
            },
            Data::Other => {}
        }
        let p = node.parent;
        if p != NO_PARENT {
            let p = p as usize;
            a.chars[p] += a.chars[i];
            a.link_chars[p] += a.link_chars[i];
            a.commas[p] += a.commas[i];
            a.p_count[p] += a.p_count[i];
            a.li_count[p] += a.li_count[i];
            a.img_count[p] += a.img_count[i];
            a.input_count[p] += a.input_count[i];
            a.embed_count[p] += a.embed_count[i];
            a.heading_chars[p] += a.heading_chars[i];
        }
    }
    // images and inputs are counted even when excluded by tag (inputs are skip tags)
    for i in 0..n {
        if a.excluded[i] && !dom.nodes[i].parent.eq(&NO_PARENT) {
            let tag = dom.nodes[i].tag();
            if matches!(
                tag,
                "input"
                    | "textarea"
                    | "select"
                    | "button"
                    | "iframe"
                    | "video"
                    | "embed"
                    | "object"
            ) {
                let counts_input = matches!(tag, "input" | "textarea" | "select" | "button");
                for anc in dom.ancestors(i) {
                    if a.excluded[anc] {
                        continue;
                    }
                    if counts_input {
                        a.input_count[anc] += 1;
                    } else {
                        a.embed_count[anc] += 1;
                    }
                }
            }
        }
    }
    a
}

/// Share of clean paragraph text an ancestor's extra text must have for the content to grow.
const GROW_MIN_PARA: f32 = 0.5;
/// Largest link share of an ancestor's extra text for the content to grow.
const GROW_MAX_LINKS: f32 = 0.25;

fn tag_score(tag: &str) -> f32 {
    match tag {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

fn is_container(tag: &str) -> bool {
    matches!(
        tag,
        "div" | "section" | "article" | "main" | "td" | "body" | "center" | "form" | "span"
    )
}

/// The nodes holding the main content, in document order, or empty when nothing scores.
pub fn select(dom: &Dom, a: &Analysis) -> Vec<usize> {
    let n = dom.len();
    // text ownership: each text node's nearest block ancestor (or inline container)
    let mut owner_chars = vec![0u32; n];
    let mut owner_link = vec![0u32; n];
    let mut owner_commas = vec![0u32; n];
    let mut block_of = vec![u32::MAX; n];
    for i in 0..n {
        if a.excluded[i] {
            continue;
        }
        let node = &dom.nodes[i];
        let p = node.parent;
        let inherited = if p == NO_PARENT {
            u32::MAX
        } else {
            block_of[p as usize]
        };
        match node.data {
            Data::Element(e) => {
                block_of[i] = if is_block_tag(e.name()) {
                    i as u32
                } else {
                    inherited
                };
            }
            Data::Text(_) => {
                block_of[i] = inherited;
                if inherited != u32::MAX {
                    let b = inherited as usize;
                    owner_chars[b] += a.chars[i];
                    owner_link[b] += a.link_chars[i];
                    owner_commas[b] += a.commas[i];
                }
            }
            Data::Other => {}
        }
    }
    let mut score = vec![0f32; n];
    let mut scored = vec![false; n];
    let mut candidates = Vec::new();
    // paragraph-like text per subtree: blocks owning clean text, headings included
    let mut pchars = vec![0u32; n];
    for b in 0..n {
        let oc = owner_chars[b];
        if a.excluded[b] || oc == 0 {
            continue;
        }
        let non_link = oc.saturating_sub(owner_link[b]);
        let tag = dom.nodes[b].tag();
        if (is_heading(tag) || oc >= 25) && non_link * 2 > oc {
            pchars[b] = non_link;
        }
        if oc < 25 || is_heading(tag) || non_link < 20 {
            continue;
        }
        let s = 1.0 + owner_commas[b] as f32 + (oc as f32 / 100.0).min(3.0);
        let mut targets: Vec<usize> = Vec::with_capacity(6);
        if is_container(tag) {
            targets.push(b);
        }
        targets.extend(dom.ancestors(b).take(if is_container(tag) { 4 } else { 5 }));
        for (level, t) in targets.into_iter().enumerate() {
            if dom.nodes[t].tag().is_empty() || a.excluded[t] {
                continue;
            }
            if !scored[t] {
                scored[t] = true;
                score[t] = tag_score(dom.nodes[t].tag()) + a.weight[t] as f32;
                candidates.push(t);
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[t] += s / div;
        }
    }
    if candidates.is_empty() {
        return vec![];
    }
    for i in (1..n).rev() {
        let p = dom.nodes[i].parent;
        if p != NO_PARENT && !a.excluded[i] {
            pchars[p as usize] += pchars[i];
        }
    }
    for &c in &candidates {
        score[c] *= 1.0 - a.link_density(c);
    }
    candidates.sort_by(|x, y| score[*y].total_cmp(&score[*x]).then(x.cmp(y)));
    let mut top = candidates[0];
    let top_score = score[top];
    let is_root = |i: usize| {
        matches!(dom.nodes[i].tag(), "body" | "html") || dom.nodes[i].parent == NO_PARENT
    };

    // several near-best candidates under one ancestor: take the ancestor
    let alternatives: Vec<usize> = candidates[1..candidates.len().min(6)]
        .iter()
        .copied()
        .filter(|&c| score[c] / top_score >= 0.75)
        .collect();
    if alternatives.len() >= 3 {
        for anc in dom.ancestors(top) {
            if is_root(anc) {
                break;
            }
            let inside = alternatives
                .iter()
                .filter(|&&c| dom.contains(anc, c))
                .count();
            if inside >= 3 {
                top = anc;
                break;
            }
        }
    }
    // climb while the parent scores better
    let mut last = score[top];
    let threshold = last / 3.0;
    for anc in dom.ancestors(top) {
        if is_root(anc) {
            break;
        }
        if !scored[anc] {
            continue;
        }
        let ps = score[anc];
        if ps < threshold {
            break;
        }
        if ps > last {
            top = anc;
            break;
        }
        last = ps;
    }
    // climb through single-child wrappers
    loop {
        let p = dom.nodes[top].parent;
        if p == NO_PARENT || is_root(p as usize) {
            break;
        }
        let p = p as usize;
        let element_children = dom
            .children(p)
            .filter(|&c| {
                !a.excluded[c]
                    && match dom.nodes[c].data {
                        Data::Element(_) => true,
                        Data::Text(_) => a.chars[c] > 0,
                        Data::Other => false,
                    }
            })
            .count();
        if element_children != 1 {
            break;
        }
        top = p;
    }
    // grow over ancestors whose extra text is clean paragraphs (articles split into sections
    // that each sit in their own deep wrapper)
    for anc in dom.ancestors(top).collect::<Vec<_>>() {
        if is_root(anc) {
            break;
        }
        let added = a.chars[anc] - a.chars[top];
        if added == 0 {
            continue;
        }
        let added_p = pchars[anc].saturating_sub(pchars[top]);
        let added_links = a.link_chars[anc] - a.link_chars[top];
        if added_p as f32 >= GROW_MIN_PARA * added as f32
            && (added_links as f32) < GROW_MAX_LINKS * added as f32
        {
            top = anc;
        } else {
            break;
        }
    }
    // siblings
    let p = dom.nodes[top].parent;
    if p == NO_PARENT {
        return vec![top];
    }
    let top_score = if scored[top] { score[top] } else { top_score };
    let sib_threshold = (top_score * 0.2).max(10.0);
    let top_class = dom.nodes[top].attr("class").unwrap_or("");
    let mut out = Vec::new();
    for s in dom.children(p as usize) {
        if s == top {
            out.push(s);
            continue;
        }
        if a.excluded[s] || dom.nodes[s].element().is_none() || a.chars[s] == 0 {
            continue;
        }
        let mut bonus = 0.0;
        if !top_class.is_empty() && dom.nodes[s].attr("class") == Some(top_class) {
            bonus = top_score * 0.2;
        }
        if scored[s] && score[s] + bonus >= sib_threshold {
            out.push(s);
            continue;
        }
        if dom.nodes[s].tag() == "p" {
            let ld = a.link_density(s);
            let len = a.chars[s];
            if len > 80 && ld < 0.25 {
                out.push(s);
            } else if len > 0 && len <= 80 && ld == 0.0 {
                let t = dom.text_of(s);
                if t.ends_with('.') || t.contains(". ") {
                    out.push(s);
                }
            }
        }
    }
    out
}
