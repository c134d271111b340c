//! Source → actor code, through the entity layer. Kept small on purpose: coreference
//! belongs to the entity stage; this only reads what it left in `doc.entities`.

use tidings_doc::{Doc, Entity, Span};

/// The actor code for a source whose syntactic head is `head`: the entity over the head;
/// for a pronoun, the nearest earlier coded mention in its chain, else the nearest earlier
/// coded PERSON.
pub(crate) fn source_actor(doc: &Doc, head: Span, pronoun: bool) -> Option<String> {
    let here = doc.entities.iter().find(|e| e.span.overlaps(head));
    if let Some(code) = here.and_then(code) {
        return Some(code);
    }
    if let Some(chain) = here.and_then(|e| e.chain) {
        if let Some(code) =
            nearest_before(doc, head, |e| e.chain == Some(chain) && e.actor.is_some())
        {
            return Some(code);
        }
    }
    if pronoun {
        return nearest_before(doc, head, |e| e.kind == "PERSON");
    }
    None
}

fn code(e: &Entity) -> Option<String> {
    e.actor.as_ref().map(|a| a.code.clone())
}

fn nearest_before(doc: &Doc, head: Span, keep: impl Fn(&Entity) -> bool) -> Option<String> {
    doc.entities
        .iter()
        .filter(|e| e.span.end <= head.start && keep(e))
        .max_by_key(|e| e.span.start)
        .and_then(code)
}
