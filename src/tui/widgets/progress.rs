//! Work running in the background, as a screen shows it: a spinner, what runs, the
//! seconds so far, and that Esc stops it.

const SPINNER: [char; 4] = ['|', '/', '-', '\\'];

use crate::tui::i18n::Lang;

/// What runs, and since when (shop clock, ms).
#[derive(Debug, Clone)]
pub struct Running {
    name: String,
    started_ms: i64,
    now_ms: i64,
}

impl Running {
    pub fn new(name: &str, now_ms: i64) -> Running {
        Running { name: name.to_string(), started_ms: now_ms, now_ms }
    }

    /// Once a second, for the time shown.
    pub fn tick(&mut self, now_ms: i64) {
        self.now_ms = now_ms;
    }

    /// `| sales running… 3s · Esc cancels`
    pub fn line(&self, lang: Lang) -> String {
        let seconds = (self.now_ms - self.started_ms).max(0) / 1000;
        let spin = SPINNER[(seconds % SPINNER.len() as i64) as usize];
        format!(
            "{spin} {} {}… {seconds}s · {}",
            self.name,
            lang.pick("running", "berjalan"),
            lang.pick("Esc cancels", "Esc batal")
        )
    }
}
