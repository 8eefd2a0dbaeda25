//! Work run on a thread of its own so the event loop never waits for it: a report on
//! a big shop, a template preview that does too much. Every worker sends what it
//! finished on the app's one background channel, which the event loop listens on;
//! only the answer to a worker's newest request is taken.

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::message_preview::PreviewResult;
use super::reporting::ReportResult;

/// Finished background work, as the event loop receives it.
#[derive(Debug)]
pub enum Finished {
    Preview(Done<PreviewResult>),
    Report(Done<ReportResult>),
}

/// One request's answer.
#[derive(Debug)]
pub struct Done<T> {
    seq: u64,
    value: T,
}

/// The app's background channel: its sending end for the workers, its receiving end
/// for the event loop.
pub fn channel() -> (UnboundedSender<Finished>, UnboundedReceiver<Finished>) {
    unbounded_channel()
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
}

impl<T: Send + 'static> Worker<T> {
    pub fn new(tx: UnboundedSender<Finished>, wrap: fn(Done<T>) -> Finished) -> Worker<T> {
        Worker { tx, wrap, latest: 0, pending: 0 }
    }

    /// Run `work` on a thread named `name`; if no thread can start, the answer is
    /// `failed` with the reason.
    pub fn start(&mut self, name: &str, work: impl FnOnce() -> T + Send + 'static, failed: fn(String) -> T) {
        self.latest += 1;
        self.pending += 1;
        let (seq, tx, wrap) = (self.latest, self.tx.clone(), self.wrap);
        let spawned = std::thread::Builder::new().name(name.into()).spawn(move || {
            let _ = tx.send(wrap(Done { seq, value: work() }));
        });
        if let Err(e) = spawned {
            let _ = self.tx.send(wrap(Done { seq, value: failed(e.to_string()) }));
        }
    }

    /// The answer to show, if `done` answers the newest request.
    pub fn accept(&mut self, done: Done<T>) -> Option<T> {
        self.pending = self.pending.saturating_sub(1);
        (done.seq == self.latest).then_some(done.value)
    }

    /// Drop the answer of the running request when it comes (it was cancelled).
    pub fn forget(&mut self) {
        self.latest += 1;
    }

    pub fn pending(&self) -> usize {
        self.pending
    }
}
