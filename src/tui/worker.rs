//! Work run on a thread of its own so the event loop never waits for it: a report or
//! an export on a big shop, a segmentation, a template preview that does too much.
//! Every worker sends what it finished on the app's one background channel, which
//! the event loop drains with the keys before drawing; only the answer to a
//! worker's newest request is taken.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rusqlite::InterruptHandle;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::clock::Clock;
use crate::lang::Lang;
use crate::services::{Result as ServiceResult, Shop};
use crate::tui::action::Module;
use crate::tui::screens::crm::controller::SegmentsResult;
use crate::tui::screens::messages::controller::PreviewResult;
use crate::tui::screens::reports::controller::ReportResult;

/// Finished background work, as the event loop receives it.
#[derive(Debug)]
pub enum Finished {
    Preview(Done<PreviewResult>),
    Report(Done<ReportResult>),
    Segments(Done<SegmentsResult>),
}

impl Finished {
    /// The module whose screen started the work (and shows its answer).
    pub fn module(&self) -> Module {
        match self {
            Finished::Preview(_) => Module::Messages,
            Finished::Report(_) => Module::Reports,
            Finished::Segments(_) => Module::Customers,
        }
    }
}

/// One request's answer.
#[derive(Debug)]
pub struct Done<T> {
    seq: u64,
    value: T,
}

/// The app's workers, one per kind of long work, all answering on one channel.
pub struct Workers {
    pub previews: Worker<PreviewResult>,
    pub reports: Worker<ReportResult>,
    pub segments: Worker<SegmentsResult>,
}

impl Workers {
    /// The workers, and the receiving end of their channel for the event loop.
    pub fn new() -> (Workers, UnboundedReceiver<Finished>) {
        let (tx, rx) = unbounded_channel();
        let workers = Workers {
            previews: Worker::new(tx.clone(), Finished::Preview),
            reports: Worker::new(tx.clone(), Finished::Report),
            segments: Worker::new(tx, Finished::Segments),
        };
        (workers, rx)
    }

    /// Requests whose answer has not come back yet.
    pub fn pending(&self) -> usize {
        self.previews.pending + self.reports.pending + self.segments.pending
    }
}

/// Runs requests of one kind, each on a thread of its own.
#[derive(Debug)]
pub struct Worker<T> {
    tx: UnboundedSender<Finished>,
    wrap: fn(Done<T>) -> Finished,
    /// The newest request; answers to older ones are dropped.
    latest: u64,
    /// Requests whose answer has not come back yet.
    pending: usize,
    /// Stops the newest request, while it runs.
    cancel: Option<Cancel>,
}

impl<T: Send + 'static> Worker<T> {
    fn new(tx: UnboundedSender<Finished>, wrap: fn(Done<T>) -> Finished) -> Worker<T> {
        Worker { tx, wrap, latest: 0, pending: 0, cancel: None }
    }

    /// Run `work` on a thread named `name`; if no thread can start, the answer is
    /// `failed` with the reason (say it with [`not_started`]). `work` may watch the
    /// [`Cancel`] that [`Worker::cancel`] pulls.
    pub fn start(
        &mut self,
        name: &str,
        work: impl FnOnce(&Cancel) -> T + Send + 'static,
        failed: impl FnOnce(String) -> T,
    ) {
        self.latest += 1;
        self.pending += 1;
        let cancel = Cancel::default();
        self.cancel = Some(cancel.clone());
        let (seq, tx, wrap) = (self.latest, self.tx.clone(), self.wrap);
        let spawned = std::thread::Builder::new().name(name.into()).spawn(move || {
            let _ = tx.send(wrap(Done { seq, value: work(&cancel) }));
        });
        if let Err(e) = spawned {
            let _ = self.tx.send(wrap(Done { seq, value: failed(e.to_string()) }));
        }
    }

    /// The answer to show, if `done` answers the newest request.
    pub fn accept(&mut self, done: Done<T>) -> Option<T> {
        self.pending = self.pending.saturating_sub(1);
        let newest = done.seq == self.latest;
        if newest {
            self.cancel = None;
        }
        newest.then_some(done.value)
    }

    /// Stop the running request (its query is interrupted) and drop its answer.
    pub fn cancel(&mut self) {
        if let Some(cancel) = self.cancel.take() {
            cancel.cancel();
        }
        self.latest += 1;
    }
}

/// `the report could not start: …` in `lang`: `what` is the work, already in `lang`;
/// `why` is the system's reason.
pub fn not_started(what: &str, why: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{what} could not start: {why}"),
        Lang::Id => format!("{what} tidak bisa dimulai: {why}"),
    }
}

/// Cancels work on a worker: before its query starts, or by interrupting it.
#[derive(Clone, Default)]
pub struct Cancel {
    cancelled: Arc<AtomicBool>,
    running: Arc<Mutex<Option<InterruptHandle>>>,
}

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cancel").field("cancelled", &self.is_cancelled()).finish()
    }
}

impl Cancel {
    /// The worker's connection is open; false if the work was cancelled meanwhile.
    fn attach(&self, handle: InterruptHandle) -> bool {
        *self.running.lock().unwrap_or_else(|e| e.into_inner()) = Some(handle);
        !self.is_cancelled()
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        if let Some(handle) = self.running.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            handle.interrupt();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    /// A connection of the worker's own to the shop's file, whose queries this
    /// cancels; None if the work was cancelled before it opened.
    pub fn open_shop(&self, db: &Path, clock: Arc<dyn Clock>) -> ServiceResult<Option<Shop>> {
        let shop = Shop::open(db, clock)?;
        Ok(self.attach(shop.interrupt_handle()).then_some(shop))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_cancelled_before_its_connection_opens_never_starts() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let cancel = Cancel::default();
        assert!(cancel.clone().attach(conn.get_interrupt_handle()), "not cancelled yet");
        cancel.cancel();
        assert!(!cancel.attach(conn.get_interrupt_handle()), "cancelled");
    }

    #[test]
    fn cancel_interrupts_the_running_query() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let cancel = Cancel::default();
        assert!(cancel.attach(conn.get_interrupt_handle()));
        let stopper = cancel.clone();
        let stop = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            stopper.cancel();
        });
        // Counts for ever unless interrupted.
        let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n";
        let result = conn.query_row(endless, [], |r| r.get::<_, i64>(0));
        stop.join().unwrap();
        let error = result.unwrap_err();
        assert_eq!(error.sqlite_error_code(), Some(rusqlite::ErrorCode::OperationInterrupted), "{error}");
    }

    #[test]
    fn only_the_newest_answer_is_taken_and_a_cancelled_one_is_dropped() {
        let (mut workers, mut rx) = Workers::new();
        let worker = &mut workers.segments;
        worker.start("one", |_| Err("first".into()), Err);
        worker.start("two", |_| Err("second".into()), Err);
        let answers: Vec<_> = (0..2)
            .filter_map(|_| {
                worker.accept(match rx.blocking_recv() {
                    Some(Finished::Segments(done)) => done,
                    other => panic!("{other:?}"),
                })
            })
            .collect();
        assert_eq!(answers.len(), 1);
        assert_eq!(answers[0].as_ref().unwrap_err(), "second");
        worker.start("three", |_| Err("third".into()), Err);
        worker.cancel();
        let Some(Finished::Segments(done)) = rx.blocking_recv() else { panic!() };
        assert!(worker.accept(done).is_none(), "cancelled: nobody waits for it");
        assert_eq!(workers.pending(), 0);
    }

    #[test]
    fn work_that_cannot_start_says_so_in_the_users_language() {
        assert_eq!(
            not_started("laporan", "Resource temporarily unavailable", Lang::Id),
            "laporan tidak bisa dimulai: Resource temporarily unavailable"
        );
        assert_eq!(not_started("the report", "x", Lang::En), "the report could not start: x");
    }
}
