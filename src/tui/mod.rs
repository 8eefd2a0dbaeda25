//! The terminal UI: an event loop that drains every queued key before drawing once,
//! over an `App` whose screens turn keys into actions and never touch the database.

pub mod action;
pub mod app;
pub mod i18n;
pub mod keymap;
pub mod screens;
pub mod theme;
pub mod widgets;
pub mod worker;

use std::time::Duration;

use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc;

pub use app::App;

/// Run the TUI until the user quits. The terminal is restored on exit and on panic.
/// A dispatcher, if given, sends messages in the background meanwhile.
pub fn run(app: App, dispatcher: Option<crate::messaging::dispatcher::Dispatcher>) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let background = dispatcher.map(crate::messaging::background::Background::start).transpose()?;
    let mut terminal = ratatui::init();
    let result = runtime.block_on(event_loop(&mut terminal, app));
    ratatui::restore();
    if let Some(background) = background {
        background.stop();
    }
    result
}

/// The input task: terminal events into a channel, so the loop can take everything
/// that is queued without ever polling the terminal stream outside its task.
fn spawn_input() -> mpsc::UnboundedReceiver<std::io::Result<Event>> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut events = EventStream::new();
        while let Some(event) = events.next().await {
            if tx.send(event).is_err() {
                break;
            }
        }
    });
    rx
}

async fn event_loop(terminal: &mut DefaultTerminal, mut app: App) -> anyhow::Result<()> {
    let mut input = spawn_input();
    let mut background = app.take_background();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    // The daily automatic backup: checked at start (the first tick is immediate) and
    // hourly, and run on a thread with its own connection; the result comes back here.
    let mut backup_check = tokio::time::interval(Duration::from_secs(3600));
    let (backup_done, mut backups) = mpsc::unbounded_channel();
    terminal.draw(|frame| app.render(frame))?;
    loop {
        let mut changed = false;
        tokio::select! {
            event = input.recv() => match event {
                Some(event) => {
                    changed |= app.handle_event(&event?);
                    // A barcode scanner types 14 keys in ~20 ms: take them all, then draw once.
                    while let Ok(event) = input.try_recv() {
                        changed |= app.handle_event(&event?);
                    }
                }
                None => return Ok(()),
            },
            Some(done) = async { background.as_mut()?.recv().await } => changed |= app.background_done(done),
            _ = tick.tick() => changed |= app.tick(),
            _ = backup_check.tick() => {
                if let Some(job) = app.start_backup() {
                    let done = backup_done.clone();
                    std::thread::spawn(move || done.send(job.run()));
                    changed = true;
                }
            }
            Some(result) = backups.recv() => {
                app.backup_finished(result);
                changed = true;
            }
        }
        if app.quit {
            return Ok(());
        }
        if app.suspend {
            app.suspend = false;
            suspend(terminal)?;
            changed = true;
        }
        if app.take_bell() {
            use std::io::Write;
            // The terminal bell: an unknown code must be heard, not only seen.
            let mut out = std::io::stdout();
            out.write_all(b"\x07")?;
            out.flush()?;
        }
        if changed {
            terminal.draw(|frame| app.render(frame))?;
        }
    }
}

/// Ctrl+Z: give the terminal back to the shell, stop, and take it again on `fg`.
#[cfg(unix)]
fn suspend(terminal: &mut DefaultTerminal) -> anyhow::Result<()> {
    ratatui::restore();
    // SAFETY: raising a signal on our own process has no memory-safety preconditions.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    *terminal = ratatui::init();
    terminal.clear()?;
    Ok(())
}

#[cfg(not(unix))]
fn suspend(_terminal: &mut DefaultTerminal) -> anyhow::Result<()> {
    Ok(())
}
