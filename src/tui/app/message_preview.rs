//! The Messages screen's live template preview, rendered on a worker thread: a
//! template that does too much work (until its fuel runs out) never stalls the screen.

use super::worker::Worker;
use crate::services::messages::templates::preview;
use crate::services::messages::{MessageTemplate, MessageVars, RenderedMessage};

pub type PreviewResult = Result<RenderedMessage, String>;

impl Worker<PreviewResult> {
    /// Render `template` with `vars` on a thread of its own.
    pub fn start_preview(&mut self, template: MessageTemplate, vars: MessageVars) {
        self.start(
            "preview",
            move || preview(&template, &vars).map_err(|e| e.to_string()),
            |e| Err(format!("preview could not start: {e}")),
        );
    }
}
