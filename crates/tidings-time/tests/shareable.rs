//! The tagger is loaded once and shared by every worker thread of a run.

#[test]
fn the_tagger_is_send_and_sync() {
    fn shareable<T: Send + Sync>() {}
    shareable::<tidings_time::TimeTagger>();
}
