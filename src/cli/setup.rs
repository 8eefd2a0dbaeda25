//! Opening the shop: TUI, demo, init, migrate, doctor.

use std::io::BufRead;
use std::path::Path;

use anyhow::Context;

use crate::clock::process_clock;
use crate::domain::Role;
use crate::lang::Lang;
use crate::services::{Actor, Shop};
use crate::store;
use crate::tui::{self, App, theme::Theme};

pub fn open_shop(db: &Path) -> anyhow::Result<Shop> {
    Shop::open_reporting(db, process_clock(), &mut |progress| eprintln!("{progress}"))
        .with_context(|| format!("cannot open {}", db.display()))
}

/// An existing shop, refusing to create an empty database by accident.
pub fn open_existing(db: &Path) -> anyhow::Result<Shop> {
    if !db.exists() {
        anyhow::bail!("no shop at {} (create one with `warung init`, or pass --db PATH)", db.display());
    }
    open_shop(db)
}

/// `--lang` wins; then the shop's `ui.language` if someone set it; then `LANG`.
#[derive(Debug, Clone, Copy)]
pub struct LangChoice {
    pub given: Option<Lang>,
    pub fallback: Lang,
}

impl LangChoice {
    fn for_shop(self, shop: &Shop) -> Lang {
        let stored = || shop.stored_setting("ui.language").ok().flatten().and_then(|l| Lang::parse(&l));
        self.given.or_else(stored).unwrap_or(self.fallback)
    }
}

pub fn open_tui(db: &Path, lang: LangChoice, login_hint: Option<&dyn Fn(Lang) -> String>) -> anyhow::Result<()> {
    let shop = open_shop(db)?;
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
            anyhow::bail!("{} already exists; `warung demo --db` only creates a new file", db.display());
        }
    }
    let mut shop = open_shop(db)?;
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

/// One line from standard input, or a hidden prompt (asked twice) on a terminal.
pub fn read_password(from_stdin: bool, prompt: &str) -> anyhow::Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("cannot read the password from standard input")?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    let first = rpassword::prompt_password(format!("{prompt}: ")).context("cannot read the password")?;
    let again = rpassword::prompt_password("Repeat it: ").context("cannot read the password")?;
    if first != again {
        anyhow::bail!("the two passwords differ");
    }
    Ok(first)
}

pub fn init(db: &Path, demo: bool, owner: &str, password_stdin: bool) -> anyhow::Result<()> {
    if db.exists() && open_shop(db)?.has_users()? {
        anyhow::bail!("{} already has a shop; refusing to initialise it again", db.display());
    }
    let mut shop = open_shop(db)?;
    if demo {
        let login = shop.build_demo()?;
        eprintln!(
            "Demo shop created at {}. Log in as {} / {} (owner: {}; manager PIN {}).",
            db.display(),
            login.username,
            login.password,
            login.owner,
            login.pin
        );
        return Ok(());
    }
    let password = read_password(password_stdin, &format!("Password for {owner}"))?;
    shop.add_user(&Actor::command_line(), owner, "", Role::Owner, &password)?;
    eprintln!("Shop created at {}. Owner: {owner}. Run `warung --db {}` to open it.", db.display(), db.display());
    Ok(())
}

pub fn migrate(db: &Path) -> anyhow::Result<()> {
    let before = store::peek_version(db)?;
    let shop = open_existing(db)?;
    let after = shop.schema_version()?;
    if before == after {
        eprintln!("{}: schema version {after} is up to date", db.display());
    } else {
        eprintln!("{}: schema upgraded from version {before} to {after}", db.display());
    }
    Ok(())
}

pub fn doctor(db: &Path, repair_summaries: bool) -> anyhow::Result<bool> {
    let mut shop = open_existing(db)?;
    if repair_summaries {
        shop.repair_summaries(&mut |progress| eprintln!("{progress}"))?;
        eprintln!("ringkasan laporan dibangun ulang / report summaries rebuilt");
    }
    let findings = shop.doctor()?;
    if findings.is_empty() {
        println!(
            "ok: integrity, foreign keys, stock ledger and report summaries all check out; no import left unfinished"
        );
        return Ok(true);
    }
    for finding in &findings {
        println!("{finding}");
    }
    eprintln!("doctor found {} problem(s)", findings.len());
    Ok(false)
}
