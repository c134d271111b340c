//! The store writer runs on its own thread, so one batch is written while the next is read
//! and cleaned. A bounded channel (one batch in flight) keeps memory flat when the disk is
//! slower than the readers.

use anyhow::{anyhow, Result};
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;
use tidings_doc::Doc;
use tidings_store::Store;

/// What the writer stored over the whole run.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    pub stored: usize,
    pub new_versions: usize,
    pub duplicates: usize,
}

impl Written {
    fn add(&mut self, store: &mut Store, docs: &[Doc]) -> Result<()> {
        let outcome = store.insert_batch(docs)?;
        self.stored += outcome.stored.len();
        self.new_versions += outcome.stored.iter().filter(|s| s.version > 1).count();
        self.duplicates += outcome.duplicates.len();
        Ok(())
    }
}

pub struct StoreWriter {
    batches: Option<SyncSender<Vec<Doc>>>,
    thread: Option<JoinHandle<Result<Written>>>,
    /// Set when writing on the caller's thread instead (one-core measurements).
    inline: Option<(Store, Written)>,
}

impl StoreWriter {
    /// Opens (creating or migrating) the store at `db` and starts the writer thread.
    pub fn start(db: &Path) -> Result<StoreWriter> {
        let store = Store::open(db)?;
        let (batches, incoming) = sync_channel::<Vec<Doc>>(1);
        let thread = std::thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || {
                let mut store = store;
                let mut written = Written::default();
                for docs in incoming {
                    written.add(&mut store, &docs)?;
                }
                Ok(written)
            })?;
        Ok(StoreWriter {
            batches: Some(batches),
            thread: Some(thread),
            inline: None,
        })
    }

    /// A writer that commits on the caller's thread: no overlap, one core.
    pub fn start_inline(db: &Path) -> Result<StoreWriter> {
        Ok(StoreWriter {
            batches: None,
            thread: None,
            inline: Some((Store::open(db)?, Written::default())),
        })
    }

    /// Queues a batch; waits while the previous one is still being written. An error means
    /// the writer stopped: [`StoreWriter::finish`] says why.
    pub fn write(&mut self, docs: Vec<Doc>) -> Result<()> {
        if let Some((store, written)) = &mut self.inline {
            return written.add(store, &docs);
        }
        let sent = self.batches.as_ref().map(|tx| tx.send(docs));
        match sent {
            Some(Ok(())) => Ok(()),
            _ => Err(self.failure()),
        }
    }

    /// Waits for every queued batch to be committed.
    pub fn finish(mut self) -> Result<Written> {
        if let Some((_, written)) = self.inline {
            return Ok(written);
        }
        self.batches.take();
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(anyhow!("the store writer thread panicked")),
            None => Err(anyhow!("the store writer was already finished")),
        }
    }

    fn failure(&mut self) -> anyhow::Error {
        self.batches.take();
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(Err(err))) => err,
            Some(Err(_)) => anyhow!("the store writer thread panicked"),
            _ => anyhow!("the store writer stopped"),
        }
    }
}
