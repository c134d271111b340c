//! A flat, pre-order view of the parsed page.
//!
//! The page is parsed once by `html5ever` (through `scraper`, which keeps the tree in one
//! vector), then copied into [`Dom`]: nodes in document order, each knowing its parent and the
//! end of its subtree. Pre-order makes every whole-tree pass a loop with no recursion (deeply
//! nested hostile input cannot overflow the stack): a reverse loop visits children before
//! parents, which is all bottom-up statistics need, and a subtree is the index range
//! `i..node.end`.

use scraper::node::Element;
use scraper::{Html, Node as SNode};

pub const NO_PARENT: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
pub enum Data<'a> {
    Element(&'a Element),
    Text(&'a str),
    /// Document, comments, doctype, processing instructions.
    Other,
}

#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    pub parent: u32,
    /// One past the last descendant.
    pub end: u32,
    pub depth: u32,
    pub data: Data<'a>,
}

impl<'a> Node<'a> {
    pub fn element(&self) -> Option<&'a Element> {
        match self.data {
            Data::Element(e) => Some(e),
            _ => None,
        }
    }

    /// Lowercase tag name, or "" for non-elements.
    pub fn tag(&self) -> &'a str {
        match self.data {
            Data::Element(e) => e.name(),
            _ => "",
        }
    }

    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.element().and_then(|e| e.attr(name))
    }
}

pub struct Dom<'a> {
    pub nodes: Vec<Node<'a>>,
}

impl<'a> Dom<'a> {
    pub fn new(html: &'a Html) -> Dom<'a> {
        let mut nodes: Vec<Node<'a>> = Vec::with_capacity(html.tree.values().len());
        // Iterative pre-order walk over the ego-tree; `open` holds our indices of the ancestors.
        let mut open: Vec<u32> = Vec::new();
        let mut cur = Some(html.tree.root());
        while let Some(n) = cur {
            let parent = open.last().copied().unwrap_or(NO_PARENT);
            let data = match n.value() {
                SNode::Element(e) => Data::Element(e),
                SNode::Text(t) => Data::Text(t),
                _ => Data::Other,
            };
            let idx = nodes.len() as u32;
            nodes.push(Node {
                parent,
                end: idx + 1,
                depth: open.len() as u32,
                data,
            });
            if let Some(child) = n.first_child() {
                open.push(idx);
                cur = Some(child);
                continue;
            }
            // climb until a next sibling exists, closing subtrees on the way
            let mut m = n;
            loop {
                if let Some(sib) = m.next_sibling() {
                    cur = Some(sib);
                    break;
                }
                match (m.parent(), open.pop()) {
                    (Some(p), Some(pi)) => {
                        nodes[pi as usize].end = nodes.len() as u32;
                        m = p;
                    }
                    _ => {
                        cur = None;
                        break;
                    }
                }
            }
        }
        let len = nodes.len() as u32;
        for i in open {
            nodes[i as usize].end = len;
        }
        Dom { nodes }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Direct children of `i`, in order.
    pub fn children(&self, i: usize) -> Children<'_, 'a> {
        Children {
            dom: self,
            next: i as u32 + 1,
            end: self.nodes[i].end,
        }
    }

    /// Whether `a` is `d` or one of its ancestors.
    pub fn contains(&self, a: usize, d: usize) -> bool {
        a <= d && d < self.nodes[a].end as usize
    }

    /// Ancestors of `i`, nearest first (not including `i`).
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let mut p = self.nodes[i].parent;
        std::iter::from_fn(move || {
            if p == NO_PARENT {
                return None;
            }
            let cur = p as usize;
            p = self.nodes[cur].parent;
            Some(cur)
        })
    }

    /// The first element with this tag, in document order.
    #[cfg(test)]
    pub fn find_tag(&self, tag: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.tag() == tag)
    }

    /// Concatenated text of the subtree, whitespace collapsed.
    pub fn text_of(&self, i: usize) -> String {
        let mut out = String::new();
        for n in &self.nodes[i..self.nodes[i].end as usize] {
            if let Data::Text(t) = n.data {
                push_collapsed(&mut out, t);
            }
        }
        out.trim_end().to_owned()
    }
}

pub struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: u32,
    end: u32,
}

impl Iterator for Children<'_, '_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.next >= self.end {
            return None;
        }
        let cur = self.next;
        self.next = self.dom.nodes[cur as usize].end;
        Some(cur as usize)
    }
}

/// Appends `text` to `out` with runs of whitespace collapsed to one space and no leading space
/// at the start of `out`.
pub fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preorder_with_subtree_ends() {
        let html = Html::parse_document("<div><p>a<b>b</b></p><p>c</p></div>");
        let dom = Dom::new(&html);
        let div = dom.find_tag("div").unwrap();
        let kids: Vec<_> = dom.children(div).map(|c| dom.nodes[c].tag()).collect();
        assert_eq!(kids, ["p", "p"]);
        assert_eq!(dom.text_of(div), "abc");
        let b = dom.find_tag("b").unwrap();
        assert!(dom.contains(div, b));
        assert!(dom.ancestors(b).any(|a| a == div));
        for (i, n) in dom.nodes.iter().enumerate() {
            assert!(n.end as usize > i && n.end as usize <= dom.len());
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 3_000;
        let page = format!("{}text{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let html = Html::parse_document(&page);
        let dom = Dom::new(&html);
        assert_eq!(dom.text_of(0), "text");
    }
}
