//! End-to-end behaviour of the tagger on short texts.

use tidings_doc::{Doc, Meta, Timex};
use tidings_time::{anchor_of, Dct, TimeTagger};

fn tagger() -> TimeTagger {
    TimeTagger::load_default().expect("built-in rules load")
}

/// (text, type, value) of each timex.
fn tag(text: &str, dct: Option<&str>) -> Vec<(String, String, String)> {
    let dct = dct.map(|d| Dct::parse(d, "test").unwrap());
    tagger()
        .tag(text, &[], &[], dct.as_ref())
        .into_iter()
        .map(|t| (slice(text, &t).to_string(), t.kind, t.value))
        .collect()
}

fn slice<'a>(text: &'a str, t: &Timex) -> &'a str {
    &text[t.span.start as usize..t.span.end as usize]
}

fn one(text: &str, dct: Option<&str>) -> (String, String, String) {
    let found = tag(text, dct);
    assert_eq!(found.len(), 1, "{text:?} → {found:?}");
    found.into_iter().next().unwrap()
}

fn triple(text: &str, kind: &str, value: &str) -> (String, String, String) {
    (text.into(), kind.into(), value.into())
}

#[test]
fn explicit_and_relative_dates() {
    let dct = Some("1998-01-08");
    assert_eq!(
        one("It opened on Jan. 6, 1994 in Paris.", dct),
        triple("Jan. 6, 1994", "DATE", "1994-01-06")
    );
    assert_eq!(
        one("Sales fell last week.", dct),
        triple("last week", "DATE", "1998-W01")
    );
    assert_eq!(
        one("He left two years ago.", dct),
        triple("two years ago", "DATE", "1996")
    );
    assert_eq!(
        one("They met in the summer of 1995.", dct),
        triple("the summer of 1995", "DATE", "1995-SU")
    );
    assert_eq!(
        one("Profit rose in the third quarter.", dct),
        triple("the third quarter", "DATE", "1998-Q3")
    );
    assert_eq!(
        one("Prices soared in the late 1970s.", dct),
        triple("the late 1970s", "DATE", "197")
    );
    assert_eq!(
        one("It was built in the 20th century.", dct),
        triple("the 20th century", "DATE", "19")
    );
    assert_eq!(
        one("It ended yesterday.", dct),
        triple("yesterday", "DATE", "1998-01-07")
    );
    assert_eq!(
        one("We leave this evening.", dct),
        triple("this evening", "TIME", "1998-01-08TEV")
    );
    assert_eq!(
        one("The vote is at 3 p.m. today.", dct).2,
        "1998-01-08T15:00"
    );
}

#[test]
fn durations_sets_and_references() {
    let dct = Some("1998-01-08");
    assert_eq!(
        one("They talked for two and a half years.", dct),
        triple("two and a half years", "DURATION", "P2Y6M")
    );
    assert_eq!(one("over the past three years", dct).2, "P3Y");
    // TimeBank annotates "in recent weeks" mostly as a fuzzy duration (7 of 12 times).
    assert_eq!(
        one("in recent weeks", dct),
        triple("recent weeks", "DURATION", "PXW")
    );
    assert_eq!(
        one("in past years", dct),
        triple("past years", "DATE", "PAST_REF")
    );
    assert_eq!(
        one("He jogs every Monday.", dct),
        triple("every Monday", "SET", "XXXX-WXX-1")
    );
    assert_eq!(
        one("The paper appears daily.", dct),
        triple("daily", "SET", "P1D")
    );
    assert_eq!(
        one("Prices are high now.", dct),
        triple("now", "DATE", "PRESENT_REF")
    );
    let approx = tagger().tag("It took about three hours.", &[], &[], None);
    assert_eq!(approx[0].modifier.as_deref(), Some("APPROX"));
    assert_eq!(approx[0].value, "PT3H");
    let set = tagger().tag("He jogs every Monday.", &[], &[], None);
    assert_eq!(set[0].quant.as_deref(), Some("EVERY"));
}

#[test]
fn without_a_dct_values_stay_underspecified() {
    assert_eq!(one("The meeting is on January 12.", None).2, "XXXX-01-12");
    assert_eq!(one("They met on Monday.", None).2, "XXXX-WXX-1");
    assert_eq!(one("It happened last week.", None).2, "XXXX-WXX");
    assert_eq!(one("It lasted 10 days.", None).2, "P10D");
}

#[test]
fn ages_and_counts_are_not_timexes() {
    assert!(tag("The 6-year-old boy sent 2000 letters.", Some("1998-01-08")).is_empty());
    assert!(tag("Mr. Reupke, 52 years old, will retire.", Some("1998-01-08")).is_empty());
    assert!(tag(
        "Employees 55 years old or older may go.",
        Some("1998-01-08")
    )
    .is_empty());
    // Not an age: the duration stays.
    assert_eq!(one("He served 52 years.", Some("1998-01-08")).2, "P52Y");
    assert_eq!(one("The 1998 budget passed.", Some("1998-01-08")).2, "1998");
}

#[test]
fn holidays_by_computation_table_and_country() {
    let dct = Some("2021-12-27");
    assert_eq!(one("Talks start after Easter.", dct).2, "2022-04-17");
    assert_eq!(one("They met at Thanksgiving 1999.", dct).2, "1999-11-25");
    assert_eq!(
        one("Shops close for Eid al-Fitr 2021.", dct).2,
        "2021-05-13"
    );
    assert_eq!(
        one("Kyiv celebrated Independence Day 2021.", dct).2,
        "2021-08-24"
    );
    assert_eq!(
        one("Americans celebrated Independence Day 2021.", dct).2,
        "2021-07-04"
    );
}

#[test]
fn may_the_modal_is_not_a_month_with_nlp_tokens() {
    let nlp = tidings_nlp::Pipeline::load_default().expect("the committed NLP models load");
    let text = "Prices May rise. They met in May.";
    let mut doc = Doc::new("may", Meta::default(), text);
    nlp.annotate(&mut doc);
    let dct = Dct::parse("1998-01-08", "test").unwrap();
    let found = tagger().tag(text, &doc.tokens, &doc.sentences, Some(&dct));
    let texts: Vec<&str> = found.iter().map(|t| slice(text, t)).collect();
    assert_eq!(texts, ["May"], "{found:?}");
    assert_eq!(found[0].span.start as usize, text.rfind("May").unwrap());
}

#[test]
fn annotate_uses_the_published_date_and_anchors_events() {
    let nlp = tidings_nlp::Pipeline::load_default().expect("the committed NLP models load");
    let text = "The council will meet on January 12. Lavrov spoke on Monday.";
    let mut meta = Meta::default();
    meta.offer("published", "2021-12-27", "flag");
    let mut doc = Doc::new("d", meta, text);
    nlp.annotate(&mut doc);
    tagger().annotate(&mut doc);
    let values: Vec<&str> = doc.timexes.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(values, ["2022-01-12", "2021-12-27"]);
    assert_eq!(doc.timexes[0].anchor.as_deref(), Some("2021-12-27 (flag)"));
    assert_eq!(doc.timexes[0].provenance.by, "time");
    let token_of = |word: &str| {
        doc.tokens
            .iter()
            .position(|t| &text[t.span.start as usize..t.span.end as usize] == word)
            .unwrap()
    };
    assert_eq!(anchor_of(&doc, token_of("meet")), Some(0));
    assert_eq!(anchor_of(&doc, token_of("spoke")), Some(1));
    let (index, days) = tidings_time::event_time(&doc, token_of("meet")).unwrap();
    assert_eq!(index, 0);
    let (first, last) = days.unwrap();
    assert_eq!(
        (first.iso(), last.iso()),
        ("2022-01-12".to_string(), "2022-01-12".to_string())
    );
}

#[test]
fn user_rules_extend_and_override_with_located_errors() {
    let dir = std::env::temp_dir().join(format!("tidings-time-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("extra.lex"), "[rel]\nyesteryear = -1\n").unwrap();
    std::fs::write(
        dir.join("extra.rules"),
        "yesteryear: yesteryear => DATE rel(unit=Y,offset=-1)\n",
    )
    .unwrap();
    let custom = TimeTagger::load_with(&dir).unwrap();
    let dct = Dct::parse("1998-01-08", "test").unwrap();
    let found = custom.tag("Snows of yesteryear.", &[], &[], Some(&dct));
    assert_eq!(found[0].value, "1997");
    assert_eq!(found[0].provenance.rule.as_deref(), Some("yesteryear"));
    std::fs::write(
        dir.join("extra.rules"),
        "ok: now => DATE PRESENT_REF\nbroken line\n",
    )
    .unwrap();
    let err = TimeTagger::load_with(&dir)
        .err()
        .expect("a broken rule file is refused")
        .to_string();
    assert!(err.contains("extra.rules:2"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn run_on_text_without_sentence_ends_is_tagged_whole() {
    // 15,000 timexes in one unpunctuated "sentence" (its speed is `examples/bench.rs`'s job).
    let text = "they met on Monday and again two weeks ago in the third quarter ".repeat(5_000);
    let dct = Dct::parse("1998-01-08", "test").unwrap();
    let found = tagger().tag(&text, &[], &[], Some(&dct));
    assert_eq!(found.len(), 15_000);
}

#[test]
fn the_tagger_is_shared_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<TimeTagger>();
    let tagger = tagger();
    let dct = Dct::parse("1998-01-08", "test").unwrap();
    let values: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = ["yesterday", "tomorrow"]
            .iter()
            .map(|word| {
                let (tagger, dct) = (&tagger, &dct);
                scope.spawn(move || tagger.tag(word, &[], &[], Some(dct))[0].value.clone())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(values, ["1998-01-07", "1998-01-09"]);
}

#[test]
fn a_bare_weekday_in_news_is_the_latest_one_unless_the_clause_points_ahead() {
    // 1990-08-15 is a Wednesday.
    let dct = Some("1990-08-15");
    assert_eq!(
        one("Trading resumes Friday in Kuwait.", dct).2,
        "1990-08-10"
    );
    assert_eq!(
        one("The talks will resume Friday in Geneva.", dct).2,
        "1990-08-17"
    );
    assert_eq!(
        one("International Women's Day is this coming Sunday.", dct).2,
        "1990-08-19"
    );
}

#[test]
fn both_ends_of_a_dashed_range_are_tagged() {
    let found = tag(
        "Throughout 1915-17, and in the Northern Expedition (1926-1928).",
        None,
    );
    let values: Vec<&str> = found.iter().map(|t| t.2.as_str()).collect();
    assert_eq!(values, ["1915", "1917", "1926", "1928"], "{found:?}");
    let found = tag("the battle on 12-14 July 1950 and on April 6-7.", None);
    let values: Vec<&str> = found.iter().map(|t| t.2.as_str()).collect();
    assert_eq!(
        values,
        ["1950-07-12", "1950-07-14", "XXXX-04-06", "XXXX-04-07"],
        "{found:?}"
    );
}

#[test]
fn within_is_a_signal_outside_the_duration() {
    assert_eq!(
        one("He will leave within a week.", Some("1998-01-08")),
        triple("a week", "DURATION", "P1W")
    );
}

#[test]
fn current_after_a_determiner_is_the_present_too() {
    // TimeBank tags "current" after the/its/his 9 times out of 13.
    let dct = Some("1998-01-08");
    assert_eq!(
        one("He returned to his current job.", dct),
        triple("current", "DATE", "PRESENT_REF")
    );
    assert_eq!(
        one("Based on the current number of shares, it pays more.", dct),
        triple("current", "DATE", "PRESENT_REF")
    );
}

#[test]
fn scheduling_words_and_since_point_the_direction() {
    // 1990-08-15 is a Wednesday.
    let dct = Some("1990-08-15");
    assert_eq!(
        one("The talks, set to resume Monday, may stall.", dct).2,
        "1990-08-20"
    );
    assert_eq!(
        one("The stock is to resume trading in Paris Tuesday.", dct).2,
        "1990-08-21"
    );
    // "since" looks back even when a future cue is near.
    assert_eq!(
        one(
            "The ship has been on patrol since March and was scheduled to return.",
            dct
        )
        .2,
        "1990-03"
    );
}

#[test]
fn until_after_a_deadline_verb_points_ahead_and_due_after_had_been_back() {
    let nlp = tidings_nlp::Pipeline::load_default().expect("the committed NLP models load");
    // 2000-03-30 is a Thursday.
    let dct = Dct::parse("2000-03-30", "test").unwrap();
    let value = |text: &str| {
        let mut doc = Doc::new("until", Meta::default(), text);
        nlp.annotate(&mut doc);
        let found = tagger().tag(text, &doc.tokens, &doc.sentences, Some(&dct));
        assert_eq!(found.len(), 1, "{text:?} → {found:?}");
        found[0].value.clone()
    };
    assert_eq!(
        value("Officials postponed until Tuesday any action on the case."),
        "2000-04-04"
    );
    assert_eq!(
        value("The agency extended its deadline until Tuesday."),
        "2000-04-04"
    );
    assert_eq!(value("The strike lasted until Tuesday."), "2000-03-28");
    // "due to" after a past auxiliary: the time is over.
    assert_eq!(
        value("The offer had been due to expire Friday."),
        "2000-03-24"
    );
}

#[test]
fn the_quarter_is_the_one_the_report_named() {
    let dct = Some("1989-10-26");
    let values = |text: &str| -> Vec<String> { tag(text, dct).into_iter().map(|t| t.2).collect() };
    assert_eq!(
        values("Sun posted a loss for its fiscal first quarter. Sales in the quarter rose 39% from a year earlier."),
        ["1989-Q1", "1989-Q1", "1988-Q1"]
    );
    // A later quarter mentioned in passing does not change the report's quarter.
    assert_eq!(
        values("Net rose in the third quarter, after a flat second quarter. The latest period included a gain."),
        ["1989-Q3", "1989-Q2", "1989-Q3"]
    );
    // A quarter with its year is history, not the report's: the latest completed one stays.
    assert_eq!(
        values("It lost money in the third quarter of 1984. Sales rose in the quarter."),
        ["1984-Q3", "1989-Q3"]
    );
}
