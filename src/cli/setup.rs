//! Opening the shop: TUI, demo, init, migrate, doctor.

use std::io::BufRead;
use std::path::Path;

use anyhow::Context;

use super::CannotOpen;
use crate::clock::process_clock;
use crate::domain::Role;
use crate::lang::Lang;
use crate::services::{Actor, Refusal, ServiceError, Shop};
use crate::store;
use crate::tui::{self, App, theme::Theme};

/// Opens the shop, saying on stderr how far any build of the report summaries (the
/// first open after an upgrade) has come.
pub fn open_shop(db: &Path, lang: Lang) -> anyhow::Result<Shop> {
    Shop::open_reporting(db, process_clock(), &mut |progress| eprintln!("{}", progress.text(lang)))
        .map_err(|cause| CannotOpen { path: db.to_path_buf(), cause }.into())
}

/// An existing shop, refusing to create an empty database by accident.
pub fn open_existing(db: &Path, lang: Lang) -> anyhow::Result<Shop> {
    if !db.exists() {
        return Err(ServiceError::from(Refusal::NoShop { path: db.display().to_string() }).into());
    }
    open_shop(db, lang)
}

/// `--lang` wins; then the shop's `ui.language` if someone set it; then `LANG`.
#[derive(Debug, Clone, Copy)]
pub struct LangChoice {
    pub given: Option<Lang>,
    pub fallback: Lang,
}

impl LangChoice {
    /// Before a shop is open (or for a command that does not look at its setting):
    /// `--lang`, then `LANG`.
    pub fn without_shop(self) -> Lang {
        self.given.unwrap_or(self.fallback)
    }

    fn for_shop(self, shop: &Shop) -> Lang {
        let stored = || shop.stored_setting("ui.language").ok().flatten().and_then(|l| Lang::parse(&l));
        self.given.or_else(stored).unwrap_or(self.fallback)
    }
}

pub fn open_tui(db: &Path, lang: LangChoice, login_hint: Option<&dyn Fn(Lang) -> String>) -> anyhow::Result<()> {
    let shop = open_shop(db, lang.without_shop())?;
    let lang = lang.for_shop(&shop);
    let login_hint = login_hint.map(|hint| hint(lang));
    let _log_guard = init_logging(db);
    let theme_name = shop.setting("ui.theme").unwrap_or_else(|_| "default".into());
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::load(&theme_name, no_color)?;
    let dispatcher = background_dispatcher(&shop, db);
    let app = App::new(shop, lang, theme, login_hint)?;
    tui::run(app, dispatcher)
}

/// The TUI sends messages itself unless `messaging.dispatch_in_tui` is `no`; a provider
/// that cannot be set up (a missing token) is logged and leaves the queue for later.
fn background_dispatcher(shop: &Shop, db: &Path) -> Option<crate::messaging::dispatcher::Dispatcher> {
    if shop.setting("messaging.dispatch_in_tui").ok()? != "yes" {
        return None;
    }
    crate::messaging::dispatcher::Dispatcher::from_settings(db, process_clock())
        .inspect_err(|e| tracing::warn!(error = %e, "messages are not sent from this app"))
        .ok()
}

/// Logs go to a daily-rotated file beside the database, never to the terminal.
pub(super) fn init_logging(db: &Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let folder = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("logs");
    // Logs may name customers and invoices: only the shop's account reads them.
    crate::files::private_dir(&folder).ok()?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("warung")
        .filename_suffix("log")
        .max_log_files(14)
        .build(&folder)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = tracing_subscriber::EnvFilter::try_from_env("WARUNG_LOG").unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt().with_writer(writer).with_ansi(false).with_env_filter(filter).try_init().ok()?;
    Some(guard)
}

pub fn demo(db: &Path, lang: LangChoice, own_file: bool) -> anyhow::Result<()> {
    if db.exists() {
        if own_file {
            // The default demo file is ours: start fresh every time.
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
            }
        } else {
            return Err(ServiceError::from(Refusal::DemoFileExists { path: db.display().to_string() }).into());
        }
    }
    let mut shop = open_shop(db, lang.without_shop())?;
    let login = shop.build_demo()?;
    drop(shop);
    let hint = move |lang: Lang| match lang {
        Lang::Id => format!(
            "Demo: masuk sebagai {} / {} (pemilik: {}, PIN {})",
            login.username, login.password, login.owner, login.pin
        ),
        Lang::En => format!(
            "Demo: log in as {} / {} (owner: {}, PIN {})",
            login.username, login.password, login.owner, login.pin
        ),
    };
    open_tui(db, lang, Some(&hint))
}

/// One line from standard input, or a hidden prompt (asked twice) on a terminal,
/// asking for the password of `for_user`.
pub fn read_password(from_stdin: bool, for_user: &str, lang: Lang) -> anyhow::Result<String> {
    let cannot_read = lang.pick("cannot read the password", "kata sandi tidak bisa dibaca");
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context(cannot_read)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    let prompt = format!("{} {for_user}: ", lang.pick("Password for", "Kata sandi untuk"));
    let first = rpassword::prompt_password(prompt).context(cannot_read)?;
    let again = rpassword::prompt_password(lang.pick("Repeat it: ", "Ulangi: ")).context(cannot_read)?;
    if first != again {
        return Err(ServiceError::from(Refusal::PasswordsDiffer).into());
    }
    Ok(first)
}

pub fn init(db: &Path, demo: bool, owner: &str, password_stdin: bool, lang: Lang) -> anyhow::Result<()> {
    if db.exists() && open_shop(db, lang)?.has_users()? {
        return Err(ServiceError::from(Refusal::ShopExists { path: db.display().to_string() }).into());
    }
    let mut shop = open_shop(db, lang)?;
    let path = db.display();
    if demo {
        let login = shop.build_demo()?;
        let (user, password, owner, pin) = (login.username, login.password, login.owner, login.pin);
        eprintln!(
            "{}",
            match lang {
                Lang::En => format!(
                    "Demo shop created at {path}. Log in as {user} / {password} (owner: {owner}; manager PIN {pin})."
                ),
                Lang::Id => format!(
                    "Toko demo dibuat di {path}. Masuk sebagai {user} / {password} (pemilik: {owner}; PIN manajer {pin})."
                ),
            }
        );
        return Ok(());
    }
    let password = read_password(password_stdin, owner, lang)?;
    shop.add_user(&Actor::command_line(), owner, "", Role::Owner, &password)?;
    eprintln!(
        "{}",
        match lang {
            Lang::En => format!("Shop created at {path}. Owner: {owner}. Run `warung --db {path}` to open it."),
            Lang::Id => format!("Toko dibuat di {path}. Pemilik: {owner}. Buka dengan `warung --db {path}`."),
        }
    );
    Ok(())
}

pub fn migrate(db: &Path, lang: Lang) -> anyhow::Result<()> {
    let before = store::peek_version(db)?;
    let shop = open_existing(db, lang)?;
    let after = shop.schema_version()?;
    let path = db.display();
    let done = match (lang, before == after) {
        (Lang::En, true) => format!("{path}: schema version {after} is up to date"),
        (Lang::Id, true) => format!("{path}: skema versi {after} sudah terbaru"),
        (Lang::En, false) => format!("{path}: schema upgraded from version {before} to {after}"),
        (Lang::Id, false) => format!("{path}: skema dinaikkan dari versi {before} ke {after}"),
    };
    eprintln!("{done}");
    Ok(())
}

pub fn doctor(db: &Path, repair_summaries: bool, lang: Lang) -> anyhow::Result<bool> {
    let mut shop = open_existing(db, lang)?;
    if repair_summaries {
        shop.repair_summaries(&mut |progress| eprintln!("{}", progress.text(lang)))?;
        eprintln!("{}", lang.pick("report summaries rebuilt", "ringkasan laporan dibangun ulang"));
    }
    let findings = shop.doctor()?;
    if findings.is_empty() {
        println!(
            "{}",
            lang.pick(
                "ok: integrity, foreign keys, stock ledger and report summaries all check out; no import left unfinished",
                "ok: integritas, kunci asing, buku stok dan ringkasan laporan semuanya cocok; tidak ada impor yang tertinggal"
            )
        );
        return Ok(true);
    }
    for finding in &findings {
        println!("{}", finding.text(lang));
    }
    eprintln!("{} {}", lang.pick("problems found by doctor:", "masalah yang ditemukan doctor:"), findings.len());
    Ok(false)
}
