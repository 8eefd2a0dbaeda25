//! The dispatcher inside the TUI (setting `messaging.dispatch_in_tui`): on its own
//! thread with its own runtime and connection, so a busy database or a slow provider
//! never stalls the screen.

use std::thread::JoinHandle;

use tokio::sync::watch;

use super::dispatcher::Dispatcher;

pub struct Background {
    stop: watch::Sender<bool>,
    thread: JoinHandle<()>,
}

impl Background {
    pub fn start(mut dispatcher: Dispatcher) -> std::io::Result<Background> {
        let (stop, stopped) = watch::channel(false);
        let thread = std::thread::Builder::new().name("dispatcher".into()).spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(runtime) => runtime,
                Err(e) => return tracing::error!(error = %e, "dispatcher could not start"),
            };
            if let Err(e) = runtime.block_on(dispatcher.run(stopped)) {
                tracing::error!(error = %e, "dispatcher stopped");
            }
        })?;
        Ok(Background { stop, thread })
    }

    /// Ask it to stop after the message in flight, and wait for that.
    pub fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.thread.join();
    }
}
