//! The Messages screen's live template preview, rendered on a worker thread: a
//! template that does too much work (until its fuel runs out) never stalls the screen.
//! Results come back through a channel the event loop listens on; only the newest
//! request's answer is shown.

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::services::messages::templates::preview;
use crate::services::messages::{MessageTemplate, MessageVars, RenderedMessage};

/// A finished preview.
#[derive(Debug)]
pub struct PreviewDone {
    seq: u64,
    result: Result<RenderedMessage, String>,
}

#[derive(Debug)]
pub struct PreviewWorker {
    tx: UnboundedSender<PreviewDone>,
    /// Taken by the event loop; kept here when there is none (tests wait on it).
    rx: Option<UnboundedReceiver<PreviewDone>>,
    /// The newest request; older answers are dropped.
    latest: u64,
    pending: usize,
}

impl Default for PreviewWorker {
    fn default() -> PreviewWorker {
        let (tx, rx) = unbounded_channel();
        PreviewWorker { tx, rx: Some(rx), latest: 0, pending: 0 }
    }
}

impl PreviewWorker {
    /// Render `template` with `vars` on a thread of its own.
    pub fn start(&mut self, template: MessageTemplate, vars: MessageVars) {
        self.latest += 1;
        self.pending += 1;
        let (seq, tx) = (self.latest, self.tx.clone());
        let spawned = std::thread::Builder::new().name("preview".into()).spawn(move || {
            let result = preview(&template, &vars).map_err(|e| e.to_string());
            let _ = tx.send(PreviewDone { seq, result });
        });
        if let Err(e) = spawned {
            self.pending -= 1;
            let _ = self.tx.send(PreviewDone { seq, result: Err(format!("preview could not start: {e}")) });
        }
    }

    /// For the event loop to listen on.
    pub fn take_receiver(&mut self) -> Option<UnboundedReceiver<PreviewDone>> {
        self.rx.take()
    }

    /// The result to show, if `done` answers the newest request.
    pub fn accept(&mut self, done: PreviewDone) -> Option<Result<RenderedMessage, String>> {
        self.pending = self.pending.saturating_sub(1);
        (done.seq == self.latest).then_some(done.result)
    }

    /// Block until every started preview is done (no event loop: tests, scripts).
    pub fn wait_all(&mut self) -> Vec<PreviewDone> {
        let mut done = Vec::new();
        if let Some(rx) = self.rx.as_mut() {
            for _ in 0..self.pending {
                match rx.blocking_recv() {
                    Some(d) => done.push(d),
                    None => break,
                }
            }
        }
        done
    }
}
