//! WAL checkpoints off the till's commits. SQLite folds the write-ahead log into the
//! database file (copying its pages, then an fsync of each file) inside whichever
//! commit fills the log to 1000 pages; on the scale shop that is one checkout in ten,
//! and it takes that checkout 15–60 ms instead of under 1 ms (BENCHMARKS.md). A
//! connection that [`defer`]s leaves the checkpoint to a [`Checkpointer`], a thread
//! with a connection of its own that folds the log in every second without blocking
//! the writers (PASSIVE).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;

use super::Result;

/// This connection's commits no longer checkpoint; a [`Checkpointer`] must.
pub fn defer(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    Ok(())
}

/// Checkpoints the shop's file every `every` until dropped.
pub struct Checkpointer {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    pub fn start(path: &Path, every: Duration) -> Result<Checkpointer> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || {
                while !stopped.load(Ordering::Relaxed) {
                    std::thread::park_timeout(every);
                    // A busy file is tried again next time; the log only grows meanwhile.
                    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                        tracing::warn!("background checkpoint: {e}");
                    }
                }
            })
            .map_err(|error| super::backup::BackupProblem::CheckpointThread { error })?;
        Ok(Checkpointer { stop, thread: Some(thread) })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_folded_into_the_file_by_the_thread_not_by_the_commits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shop.db");
        let conn = Connection::open(&path).unwrap();
        let _: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)).unwrap();
        defer(&conn).unwrap();
        conn.execute("CREATE TABLE t (x BLOB)", []).unwrap();
        let file_size = || std::fs::metadata(&path).unwrap().len();
        for _ in 0..50 {
            conn.execute("INSERT INTO t VALUES (zeroblob(8192))", []).unwrap();
        }
        // 50 commits of 2+ pages each stay in the log: the file holds none of them.
        assert!(file_size() < 100_000, "{}", file_size());
        let _checkpointer = Checkpointer::start(&path, Duration::from_millis(10)).unwrap();
        let waited = std::time::Instant::now();
        while file_size() < 400_000 && waited.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(file_size() >= 400_000, "checkpointed into the file: {}", file_size());
    }
}
