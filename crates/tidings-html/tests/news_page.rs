//! Whole-page extraction on small hand-written pages: chrome out, body in, metadata with origins.

use tidings_html::{extract, HtmlError};

const NEWS_PAGE: &str = r##"<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Harbour council approves tidal barrier | The Coastal Herald</title>
  <meta property="og:title" content="Harbour council approves tidal barrier">
  <meta property="og:site_name" content="The Coastal Herald">
  <meta name="author" content="Mara Lindqvist">
  <meta property="article:published_time" content="2024-03-05T09:30:00Z">
  <link rel="canonical" href="https://herald.example/news/2024/03/05/tidal-barrier">
  <script>window.dataLayer = [{"page": "article"}];</script>
  <style>.cookie-banner { position: fixed; }</style>
</head>
<body>
  <div class="cookie-banner" id="cookie-consent">We use cookies to improve your experience. Accept all cookies or manage your preferences.</div>
  <header class="site-header">
    <nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
  </header>
  <div class="layout">
    <main>
      <article class="story">
        <h1>Harbour council approves tidal barrier</h1>
        <p class="byline">By Mara Lindqvist</p>
        <time datetime="2024-03-05">5 March 2024</time>
        <div class="story-body">
          <p>The harbour council voted on Tuesday to build a tidal barrier across the estuary, ending a decade of argument about how to protect the old town from winter storms.</p>
          <p>The barrier, which will cost an estimated 140 million euros, is due to be finished in 2029. Councillors said the design allows fishing boats to pass at all states of the tide, a concern raised by the local cooperative.</p>
          <h2>Opposition from residents</h2>
          <p>Residents of the east bank, whose homes lie outside the protected area, said they would challenge the decision in court, arguing that the barrier would push floodwater towards their streets.</p>
          <blockquote>We have been forgotten once again, and we will not accept it quietly.</blockquote>
          <ul>
            <li>Construction starts in the spring of 2025, after a public consultation.</li>
            <li>The national flood agency will pay for two thirds of the cost.</li>
          </ul>
          <p class="related-links"><a href="/news/1">Related: Storm damage along the coast</a></p>
        </div>
        <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email this story</a></div>
      </article>
      <section class="related-stories">
        <h3>More from News</h3>
        <ul>
          <li><a href="/a">Ferry timetable changes for the summer season announced</a></li>
          <li><a href="/b">Local school wins national robotics championship this year</a></li>
          <li><a href="/c">New cycle path opens along the northern seafront promenade</a></li>
        </ul>
      </section>
      <section id="comments" class="comments-area">
        <h3>Leave a Reply</h3>
        <p>Your email address will not be published. Required fields are marked with an asterisk, and comments are moderated.</p>
        <div class="comment"><p>Great news at last, this should have happened years ago, and it is about time the council acted on it.</p></div>
      </section>
    </main>
    <aside class="sidebar">
      <h3>Most read</h3>
      <p>Weather warning issued for the weekend as strong winds are expected across the region, with gusts of up to 90 km/h.</p>
    </aside>
  </div>
  <footer class="site-footer"><p>© 2024 The Coastal Herald. All rights reserved. Registered in the harbour district, company number 123456.</p></footer>
</body>
</html>"##;

#[test]
fn keeps_the_body_and_drops_the_chrome() {
    let a = extract(NEWS_PAGE, Some("https://herald.example/x")).unwrap();
    for body in [
        "The harbour council voted on Tuesday to build a tidal barrier across the estuary",
        "Councillors said the design allows fishing boats to pass",
        "Opposition from residents",
        "We have been forgotten once again",
        "Construction starts in the spring of 2025",
        "The national flood agency will pay",
    ] {
        assert!(a.text.contains(body), "missing {body:?} in:\n{}", a.text);
    }
    for chrome in [
        "cookies",
        "Home",
        "Sport",
        "Share on Facebook",
        "Ferry timetable",
        "Leave a Reply",
        "Your email address",
        "Great news at last",
        "Weather warning",
        "All rights reserved",
        "Related: Storm damage",
        "dataLayer",
        "position: fixed",
    ] {
        assert!(
            !a.text.contains(chrome),
            "chrome {chrome:?} in:\n{}",
            a.text
        );
    }
    // the headline is metadata, not body text
    assert!(!a.text.contains("Harbour council approves"));
}

#[test]
fn paragraphs_are_separated_by_blank_lines() {
    let a = extract(NEWS_PAGE, None).unwrap();
    let paras: Vec<&str> = a.text.split("\n\n").collect();
    assert!(paras.contains(&"Opposition from residents"));
    assert!(paras.contains(&"The national flood agency will pay for two thirds of the cost."));
    assert!(paras
        .iter()
        .all(|p| !p.is_empty() && !p.contains('\n') && !p.contains("  ") && p.trim() == *p));
    assert!(
        paras[0].starts_with("The harbour council voted"),
        "{}",
        a.text
    );
}

#[test]
fn reads_metadata_with_origins() {
    let a = extract(NEWS_PAGE, Some("https://herald.example/x")).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Harbour council approves tidal barrier")
    );
    assert_eq!(a.author.as_deref(), Some("Mara Lindqvist"));
    assert_eq!(a.published.as_deref(), Some("2024-03-05T09:30:00Z"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://herald.example/news/2024/03/05/tidal-barrier")
    );
    assert_eq!(a.site_name.as_deref(), Some("The Coastal Herald"));
    assert_eq!(a.language.as_deref(), Some("en-GB"));
    let o = |k: &str| a.origins.get(k).map(String::as_str);
    assert_eq!(o("title"), Some("html:<h1>"));
    assert_eq!(o("author"), Some("html:meta[name=author]"));
    assert_eq!(o("published"), Some("html:meta[article:published_time]"));
    assert_eq!(o("url"), Some("html:link[rel=canonical]"));
    assert_eq!(o("site"), Some("html:og:site_name"));
    assert_eq!(o("language"), Some("html:<html lang>"));
}

#[test]
fn json_ld_wins_and_entities_are_decoded() {
    let page = r#"<html><head>
      <title>Ignored &amp; generic title</title>
      <script type="application/ld+json">
        {"@context": "https://schema.org", "@graph": [
          {"@type": "WebSite", "name": "Wire Desk"},
          {"@type": "NewsArticle", "headline": "Talks resume in Geneva",
           "author": [{"@type": "Person", "name": "Ana Ruiz"}, {"@type": "Person", "name": "Li Wei"}],
           "datePublished": "2022-01-10T08:00:00+01:00"}]}
      </script></head>
      <body><div class="content">
        <p>Delegations from both countries met in Geneva on Monday &mdash; the first round since talks broke down &amp; the envoys left in December.</p>
        <p>Officials said the meeting lasted six hours and that a second round would follow &quot;within weeks&quot;, without giving a date.</p>
      </div></body></html>"#;
    let a = extract(page, None).unwrap();
    assert_eq!(a.title.as_deref(), Some("Talks resume in Geneva"));
    assert_eq!(a.author.as_deref(), Some("Ana Ruiz, Li Wei"));
    assert_eq!(a.published.as_deref(), Some("2022-01-10T08:00:00+01:00"));
    assert_eq!(a.site_name.as_deref(), Some("Wire Desk"));
    for f in ["title", "author", "published", "site"] {
        assert_eq!(a.origins.get(f).map(String::as_str), Some("json-ld"), "{f}");
    }
    assert!(a
        .text
        .contains("on Monday — the first round since talks broke down & the envoys"));
    assert!(a.text.contains("would follow \"within weeks\""));
    assert!(!a.text.contains("&amp;") && !a.text.contains('<'));
}

#[test]
fn fallbacks_for_title_and_date() {
    let page = r#"<html><head><title>Quiet budget passes - Daily Post</title></head><body>
      <div><p>The regional budget passed without debate on Thursday evening, with spending on roads and schools unchanged from the year before, officials said.</p>
      <p>Opposition members did not attend the vote, saying they had not been given the final figures in time to read them before the session began.</p></div>
      </body></html>"#;
    let a = extract(page, Some("https://post.example/2023/11/16/budget")).unwrap();
    assert_eq!(a.title.as_deref(), Some("Quiet budget passes"));
    assert_eq!(a.origins["title"], "html:<title>");
    assert_eq!(a.published.as_deref(), Some("2023-11-16"));
    assert_eq!(a.origins["published"], "url-path");
    assert_eq!(
        a.url.as_deref(),
        Some("https://post.example/2023/11/16/budget")
    );
    assert_eq!(a.origins["url"], "page-url");
    assert_eq!(a.site_name.as_deref(), Some("post.example"));
}

#[test]
fn pages_without_content_are_errors() {
    assert_eq!(extract("", None), Err(HtmlError::NoContent));
    assert_eq!(extract("   \n ", None), Err(HtmlError::NoContent));
    assert_eq!(
        extract(
            "<html><body><nav><a href='/'>Home</a></nav></body></html>",
            None
        ),
        Err(HtmlError::NoContent)
    );
    assert_eq!(
        extract(
            "<script>var x = 'a long script that is not content at all';</script>",
            None
        ),
        Err(HtmlError::NoContent)
    );
}

#[test]
fn hostile_input_does_not_panic() {
    let para =
        "<p>Some words that make a sentence, with commas, and enough length to count as text.</p>";
    // deep nesting, below the depth guard
    let deep = format!("{}{para}{}", "<div>".repeat(1_900), "</div>".repeat(1_900));
    let a = extract(&deep, None).unwrap();
    assert!(a.text.contains("Some words that make a sentence"));
    let deep_inline = format!("{}{para}", "<span><b><i>".repeat(600));
    let _ = extract(&deep_inline, None);
    // huge attributes
    let huge = format!(
        "<div class=\"{}\" style=\"{}\" data-x=\"{}\">{para}</div>",
        "x".repeat(1_000_000),
        "display:block;".repeat(50_000),
        "y".repeat(1_000_000)
    );
    assert!(extract(&huge, None).unwrap().text.contains("Some words"));
    // broken markup, stray end tags, unterminated comments and tags, odd bytes
    for broken in [
        "<p>unclosed <b>bold <i>italic</p></div></span><p>next",
        "<!-- never closed <p>hidden",
        "<div <p class=>>< /p>&#xFFFFFF;&#0;&bogus;\u{0}\u{FFFD}",
        "</html></body><html><body></html>",
        "<table><tr><td><table><td><p>cell text that is long enough to be counted maybe, or not</table>",
        "<script type=\"application/ld+json\">{\"@type\": [\"NewsArticle\"], \"author\": {\"name\": ",
        "<meta property=\"og:title\" content=\"\"><meta name=\"author\">",
    ] {
        let _ = extract(broken, Some("not a url"));
    }
}

#[test]
fn pages_nested_too_deep_are_refused() {
    let para =
        "<p>Some words that make a sentence, with commas, and enough length to count as text.</p>";
    let deep = format!(
        "{}{para}{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    assert!(matches!(
        extract(&deep, None),
        Err(HtmlError::TooDeep { depth }) if depth >= 100_000
    ));
    // Closing tags do not help once the parser has had to open them all.
    let unclosed = format!("<html><body>{}{para}", "<span><b><i>".repeat(1_000));
    assert!(matches!(
        extract(&unclosed, None),
        Err(HtmlError::TooDeep { depth: 3_002 })
    ));
    // `<div/>` is an open div in HTML: the slash does not hide it.
    let slashed = format!("{}{para}", "<div/>".repeat(5_000));
    assert!(matches!(
        extract(&slashed, None),
        Err(HtmlError::TooDeep { .. })
    ));
    // Nor do stray end tags of elements that are not open.
    let stray = format!("{}{para}", "<div></span></b>".repeat(5_000));
    assert!(matches!(
        extract(&stray, None),
        Err(HtmlError::TooDeep { .. })
    ));
    assert_eq!(
        HtmlError::TooDeep { depth: 100_000 }.to_string(),
        "HTML nested more than 2000 levels deep (hostile or broken page)"
    );
}

#[test]
fn unclosed_paragraphs_and_list_items_are_not_depth() {
    let sentence = "Some words that make a sentence, with commas, and enough length to count.";
    let paras = format!(
        "<html><body><article><h1>Many paragraphs</h1>{}</article></body></html>",
        format!("<p>{sentence}\n").repeat(3_000)
    );
    let a = extract(&paras, None).unwrap();
    assert_eq!(a.text.matches(sentence).count(), 3_000);
    let items = format!(
        "<html><body><article><ul>{}</ul></article></body></html>",
        format!("<li>{sentence}\n").repeat(3_000)
    );
    let a = extract(&items, None).unwrap();
    assert_eq!(a.text.matches(sentence).count(), 3_000);
    // Void elements, comments, scripts and SVG's `/>` are not depth either.
    let chrome = format!(
        "<html><body><article>{}<p>{sentence}</p></article></body></html>",
        "<br><img src=x><!-- <div> --><script>'<div>'</script><svg><path/></svg>".repeat(3_000)
    );
    assert!(extract(&chrome, None).unwrap().text.contains(sentence));
}
