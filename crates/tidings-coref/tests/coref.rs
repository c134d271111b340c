//! Short articles written for this test, run through the linguistic core, NER and the
//! resolver; each asserts which mentions share a chain (and which must not).

use std::sync::{Arc, OnceLock};
use tidings_coref::{Resolver, COMPONENT};
use tidings_doc::{Actor, Doc, Meta, Provenance};
use tidings_ner::Ner;

fn ner() -> &'static Ner {
    static NER: OnceLock<Ner> = OnceLock::new();
    NER.get_or_init(|| {
        let nlp = Arc::new(tidings_nlp::Pipeline::load_default().expect("nlp models load"));
        Ner::load_default()
            .expect("ner model loads")
            .with_pipeline(nlp)
    })
}

fn resolver() -> &'static Resolver {
    static R: OnceLock<Resolver> = OnceLock::new();
    R.get_or_init(|| Resolver::load_default().expect("word lists load"))
}

fn annotated(text: &str) -> Doc {
    let mut doc = Doc::new("t", Meta::default(), text);
    ner().annotate(&mut doc);
    doc
}

fn resolved(text: &str) -> Doc {
    let mut doc = annotated(text);
    resolver().resolve(&mut doc);
    doc
}

/// The chain of the `nth` (0-based) occurrence of `mention` as an entity's exact text.
fn chain(doc: &Doc, mention: &str, nth: usize) -> Option<u32> {
    // A name may come with or without the first name, as NER finds it.
    let hits: Vec<_> = doc
        .entities
        .iter()
        .filter(|e| {
            let t = doc.slice(e.span);
            t == mention
                || (mention.starts_with(char::is_uppercase) && t.ends_with(&format!(" {mention}")))
        })
        .collect();
    let e = hits
        .get(nth)
        .unwrap_or_else(|| panic!("no entity {mention:?} #{nth}: {}", show(doc)));
    e.chain
}

fn show(doc: &Doc) -> String {
    doc.entities
        .iter()
        .map(|e| format!("[{} {} {:?}]", doc.slice(e.span), e.kind, e.chain))
        .collect::<Vec<_>>()
        .join(" ")
}

fn same(doc: &Doc, a: (&str, usize), b: (&str, usize)) {
    let (x, y) = (chain(doc, a.0, a.1), chain(doc, b.0, b.1));
    assert!(
        x.is_some() && x == y,
        "{a:?} and {b:?} differ: {}",
        show(doc)
    );
}

fn differ(doc: &Doc, a: (&str, usize), b: (&str, usize)) {
    let (x, y) = (chain(doc, a.0, a.1), chain(doc, b.0, b.1));
    assert!(x != y, "{a:?} and {b:?} share a chain: {}", show(doc));
}

#[test]
fn lavrov_names_pronoun_and_roles() {
    let doc = resolved(
        "Russian Foreign Minister Sergei Lavrov said on Monday that talks with NATO would \
         start in January. Lavrov told reporters in Moscow that he expected written answers. \
         Russia's top diplomat also accused the West of ignoring Moscow's concerns. \
         The minister did not say what Russia would do next.",
    );
    same(&doc, ("Sergei Lavrov", 0), ("Lavrov", 0));
    same(&doc, ("Lavrov", 0), ("he", 0));
    same(&doc, ("Sergei Lavrov", 0), ("Russia's top diplomat", 0));
    same(&doc, ("Sergei Lavrov", 0), ("The minister", 0));
    differ(&doc, ("Sergei Lavrov", 0), ("NATO", 0));
    let he = doc
        .entities
        .iter()
        .find(|e| doc.slice(e.span) == "he")
        .unwrap();
    assert_eq!(he.kind, "PERSON");
    assert_eq!(he.provenance, Provenance::new(COMPONENT, "pronoun"));
}

#[test]
fn nato_the_bloc_and_the_alliance() {
    let doc = resolved(
        "NATO said on Friday that it was ready to hold talks with Russia. The alliance has \
         30 members. Diplomats said the bloc would not accept Moscow's demands.",
    );
    same(&doc, ("NATO", 0), ("it", 0));
    same(&doc, ("NATO", 0), ("The alliance", 0));
    same(&doc, ("NATO", 0), ("the bloc", 0));
    differ(&doc, ("NATO", 0), ("Russia", 0));
}

#[test]
fn united_states_washington_and_its_allies() {
    let doc = resolved(
        "The United States rejected the demands on Wednesday. Washington said its allies \
         in Europe agreed. The U.S. will send a written reply.",
    );
    same(&doc, ("United States", 0), ("Washington", 0));
    same(&doc, ("United States", 0), ("its", 0));
    same(&doc, ("United States", 0), ("U.S.", 0));
    let w = doc
        .entities
        .iter()
        .find(|e| doc.slice(e.span) == "its")
        .unwrap();
    assert_eq!(w.provenance.rule.as_deref(), Some("pronoun"));
}

#[test]
fn a_capital_as_a_place_is_not_its_government() {
    let doc = resolved(
        "The United States sent a delegation. The talks took place in Washington last week.",
    );
    differ(&doc, ("United States", 0), ("Washington", 0));
}

#[test]
fn putin_and_the_russian_president() {
    let doc = resolved(
        "Vladimir Putin spoke with Joe Biden by telephone on Tuesday. Putin said the call was \
         useful. The Russian president warned against new sanctions.",
    );
    same(&doc, ("Vladimir Putin", 0), ("Putin", 0));
    same(&doc, ("Vladimir Putin", 0), ("The Russian president", 0));
    differ(&doc, ("Vladimir Putin", 0), ("Joe Biden", 0));
}

#[test]
fn actor_country_decides_the_president() {
    // With actors attached (as the actor stage does), the country picks the person even when
    // the other one is more recent.
    let mut doc = annotated(
        "Vladimir Putin spoke with Joe Biden on Tuesday. Biden said the call was useful. \
         The Russian president warned against new sanctions.",
    );
    for e in &mut doc.entities {
        let country = match &doc.text[e.span.range()] {
            "Vladimir Putin" => "RU",
            "Joe Biden" | "Biden" => "US",
            _ => continue,
        };
        e.actor = Some(Actor {
            code: format!("{country}GOV"),
            name: doc.text[e.span.range()].to_string(),
            country: Some(country.into()),
            agents: Vec::new(),
            role: None,
            provenance: Provenance::new("test", "fixture"),
        });
    }
    resolver().resolve(&mut doc);
    same(&doc, ("Vladimir Putin", 0), ("The Russian president", 0));
    differ(&doc, ("Biden", 0), ("The Russian president", 0));
    let p = doc
        .entities
        .iter()
        .find(|e| doc.slice(e.span) == "The Russian president")
        .unwrap();
    assert_eq!(p.actor.as_ref().map(|a| a.code.as_str()), Some("RUGOV"));
}

#[test]
fn gender_keeps_two_people_apart() {
    let doc = resolved(
        "Angela Merkel met Emmanuel Macron in Berlin. She said the meeting went well, and he \
         thanked her for her hospitality.",
    );
    same(&doc, ("Angela Merkel", 0), ("She", 0));
    same(&doc, ("Emmanuel Macron", 0), ("he", 0));
    same(&doc, ("Angela Merkel", 0), ("her", 0));
}

#[test]
fn quoted_first_person_is_the_speaker() {
    let doc = resolved(
        "\"I have no intention of attacking anyone,\" Dmitry Peskov told reporters on Monday.",
    );
    same(&doc, ("Peskov", 0), ("I", 0));
}

#[test]
fn output_is_sorted_and_rerunning_is_stable() {
    let mut doc = resolved("NATO met on Friday. The alliance said it would respond.");
    let first = doc.entities.clone();
    assert!(first.windows(2).all(|w| w[0].span.start <= w[1].span.start));
    resolver().resolve(&mut doc);
    assert_eq!(doc.entities, first);
}

#[test]
fn a_new_person_noun_blocks_a_wrong_pronoun_link() {
    let doc = resolved(
        "Sergei Lavrov arrived in Geneva. A man was arrested outside the hotel. He was \
         carrying a knife.",
    );
    let he = doc.entities.iter().find(|e| doc.slice(e.span) == "He");
    assert!(he.is_none(), "He should go to the man: {}", show(&doc));
}

#[test]
fn a_description_before_the_name_joins_it() {
    let doc = resolved(
        "Russia's top diplomat said on Monday that talks would begin in January. \
         \"We will conduct most of the negotiations after the holidays,\" Russian Foreign \
         Minister Sergei Lavrov said in an interview.",
    );
    same(&doc, ("Russia's top diplomat", 0), ("Sergei Lavrov", 0));
    let d = doc
        .entities
        .iter()
        .find(|e| doc.slice(e.span) == "Russia's top diplomat")
        .unwrap();
    assert_eq!(d.provenance.rule.as_deref(), Some("role-before-name"));
}

#[test]
fn expletive_it_is_not_an_actor() {
    let doc = resolved("NATO met on Friday. It is important that the talks continue.");
    let it = doc.entities.iter().find(|e| doc.slice(e.span) == "It");
    assert!(it.is_none(), "expletive linked: {}", show(&doc));
}
