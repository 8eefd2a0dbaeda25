//! Command-line interface: clap definitions and one handler per subcommand. Data goes
//! to stdout, messages to stderr; exit 0 on success, non-zero with a one-line reason.

mod assistant;
mod backup;
mod config;
mod help_id;
mod hub;
mod labels;
mod messages;
mod messaging;
mod mistakes;
mod receipts;
mod recommend;
mod report;
mod segment;
mod setup;
mod terminal;
mod transfer;
mod users;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::lang::Lang;
use crate::services::{Refusal, ServiceError};

#[derive(Debug, Parser)]
#[command(name = "warung", version, about = "Keyboard-first point of sale for Indonesian small shops")]
pub struct Cli {
    /// Database file [default: <data dir>/warung/warung.db]
    #[arg(long, global = true, env = "WARUNG_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Language of the screens [default: from LANG: id* → Indonesian, else English]
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Id,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the TUI on a fresh demo shop (its login is shown on screen)
    Demo,
    /// Create the database and its owner
    Init {
        /// Fill the new shop with the demo data
        #[arg(long)]
        demo: bool,
        /// Owner's username
        #[arg(long, default_value = "owner")]
        owner: String,
        /// Read the owner's password from the first line of standard input
        #[arg(long)]
        password_stdin: bool,
    },
    /// Import items, customers, suppliers or past sales from CSV (all rows or none)
    Import {
        /// What the file holds
        #[arg(value_enum, required_unless_present = "abandon")]
        kind: Option<transfer::ImportArg>,
        /// The CSV file (its columns: README, "CSV import and export")
        #[arg(required_unless_present = "abandon")]
        file: Option<PathBuf>,
        /// Give up the unfinished import run RUN that `warung doctor` names: what it
        /// wrote stays, the rest of its file is not written
        #[arg(long, value_name = "RUN", conflicts_with_all = ["kind", "file", "dry_run", "generate_barcodes", "affect_stock"])]
        abandon: Option<i64>,
        /// Check the file and report what would change, writing nothing
        #[arg(long)]
        dry_run: bool,
        /// Give items without a barcode a generated in-store EAN-13
        #[arg(long)]
        generate_barcodes: bool,
        /// sales: record each imported line as a stock move (stock on hand drops)
        #[arg(long)]
        affect_stock: bool,
    },
    /// Export items, customers or suppliers (the import's columns)
    Export {
        /// What to export
        #[arg(value_enum)]
        kind: RecordKindArg,
        /// The file's format
        #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
        format: FormatArg,
        /// Write here instead of standard output
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the --output file if it exists
        #[arg(long, requires = "output")]
        force: bool,
    },
    /// Print a report: CSV (default), JSON, xlsx or an aligned table
    Report(report::ReportArgs),
    /// Score (RFM) and cluster (k-means) the customers who bought; stores the run and prints a summary
    Segment {
        /// Number of clusters, or `auto` (best silhouette over 2…8; the elbow is shown too)
        #[arg(long, default_value = "3", value_name = "N|auto")]
        k: String,
        /// Measure as of this day, YYYY-MM-DD [default: today]
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Show a past sale's receipt, print it, or write its A4 invoice
    Receipt(ReceiptArgs),
    /// Barcode labels for the goods and price labels for the shelf (PDF, SVG or ESC/POS)
    Labels(labels::LabelsArgs),
    /// The editable receipt and invoice templates
    Template {
        #[command(subcommand)]
        action: TemplateAction,
    },
    /// Marketing campaigns: create one for a segment or every opted-in customer, then send it
    Campaign {
        #[command(subcommand)]
        action: CampaignAction,
    },
    /// Queue the reminders due today (idempotent: run it as often as you like)
    Remind {
        #[command(subcommand)]
        what: RemindWhat,
    },
    /// Recommendations: recount the items bought together (the till's suggestions)
    Recommend {
        #[command(subcommand)]
        action: RecommendAction,
    },
    /// The WhatsApp assistant: try what it answers
    Assistant {
        #[command(subcommand)]
        action: AssistantAction,
    },
    /// Read or change settings
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Manage users
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Copy the shop to FILE while it stays open (checked, mode 0600)
    Backup {
        /// Where to write the copy
        #[arg(required_unless_present = "auto")]
        file: Option<PathBuf>,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
        /// The daily backup into setting backup.folder, keeping 7 daily and 4 weekly (for cron)
        #[arg(long, conflicts_with_all = ["file", "force"])]
        auto: bool,
    },
    /// Replace the shop with a backup FILE (the current one is kept beside it)
    Restore { file: PathBuf },
    /// Send queued WhatsApp/SMS messages through messaging.provider (until Ctrl+C)
    Dispatch(messaging::DispatchArgs),
    /// Receive provider webhooks: statuses, inbound messages, opt-outs
    Webhook {
        /// Address to listen on, e.g. 127.0.0.1:8080
        #[arg(long, value_name = "ADDR")]
        listen: std::net::SocketAddr,
    },
    /// Association hub (PostgreSQL): set it up, join it, push daily figures, read its reports
    Hub {
        #[command(subcommand)]
        action: hub::HubAction,
    },
    /// The WhatsApp Business Account: push the shop's templates, read their status
    Whatsapp {
        #[command(subcommand)]
        what: messaging::WhatsappCommand,
    },
    /// Bring the database schema up to date
    Migrate,
    /// Check the database: integrity, foreign keys, stock cache = ledger, report summaries = ledger
    Doctor {
        /// Rebuild the report summaries from the sales ledger (the ledger is not touched), then check
        #[arg(long)]
        repair_summaries: bool,
    },
    /// Print shell completions
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, clap::Args)]
pub struct ReceiptArgs {
    /// Invoice number, e.g. INV/261123/0001
    pub invoice: String,
    /// Paper width in characters: 32 (58 mm) or 48 (80 mm) [default: setting receipt.width]
    #[arg(long)]
    pub width: Option<usize>,
    /// Send it to the printer in the setting printer.target
    #[arg(long)]
    pub print: bool,
    /// Replace the --a4 file if it exists
    #[arg(long, requires = "a4")]
    pub force: bool,
    /// Write a printable A4 invoice (HTML) to this file
    #[arg(long, value_name = "FILE")]
    pub a4: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum TemplateAction {
    /// Every template and whether it was changed
    List,
    /// Print a template (the shop's, or the shipped one)
    Show { name: String },
    /// Replace a template with FILE (`-` for standard input); checked before it is saved
    Set { name: String, file: PathBuf },
    /// Go back to the shipped template
    Reset { name: String },
    /// Render a sample sale with the template in FILE, saving nothing
    Preview { name: String, file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum CampaignAction {
    /// Create a campaign; prints id, recipients, holdout and estimated_cost (rupiah)
    Create {
        /// The campaign's name, for its report
        #[arg(long)]
        name: String,
        /// A cluster label or RFM segment of the latest `warung segment` run
        #[arg(long, required_unless_present = "all", conflicts_with = "all", value_name = "LABEL")]
        segment: Option<String>,
        /// Every opted-in customer
        #[arg(long)]
        all: bool,
        /// A campaign message template, e.g. promo
        #[arg(long)]
        template: String,
        /// Percentage of the audience kept unsent to measure the campaign's effect
        #[arg(long, default_value = "0", value_name = "PCT")]
        holdout: String,
        /// The campaign's last day, YYYY-MM-DD: none of its messages is delivered after it
        #[arg(long, value_name = "DATE")]
        ends: Option<String>,
    },
    /// Queue one message per recipient not held out
    Send { id: i64 },
}

#[derive(Debug, Clone, Copy, Subcommand)]
pub enum RemindWhat {
    /// Debt reminders: before the due date, on it, and every few days while overdue
    Receivables,
    /// Refill reminders to opted-in customers whose usual items are due (a share held out)
    Refills,
}

#[derive(Debug, Subcommand)]
pub enum RecommendAction {
    /// Recount each item's bought-together partners over the last year of sales
    Refresh,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RecordKindArg {
    Items,
    Customers,
    Suppliers,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FormatArg {
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum AssistantAction {
    /// Print exactly the reply the assistant would send to TEXT from PHONE (nothing is
    /// stored or queued unless --apply)
    Test {
        text: String,
        /// The customer's phone the message comes from
        #[arg(long, value_name = "PHONE")]
        from: String,
        /// Really run it: store the message and queue the reply
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print one setting, or every setting as KEY=VALUE
    Get {
        key: Option<String>,
        /// Show secrets (tokens) instead of ********
        #[arg(long)]
        reveal: bool,
    },
    /// Change a setting
    Set {
        key: String,
        /// The new value (a secret: use --stdin instead)
        #[arg(required_unless_present = "stdin")]
        value: Option<String>,
        /// Read the value from the first line of standard input, so a secret (a token)
        /// never shows in `ps` or the shell history
        #[arg(long, conflicts_with = "value")]
        stdin: bool,
    },
    /// Save the shop's QRIS (qris.payload) from the QR image the bank gave (PNG or JPEG)
    ImportQris { image: std::path::PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add a user (password from a prompt, or --password-stdin)
    Add {
        username: String,
        /// What the user may do
        #[arg(long, value_parser = ["owner", "manager", "cashier"], default_value = "cashier")]
        role: String,
        /// Full name, as receipts and reports show it
        #[arg(long, default_value = "")]
        name: String,
        /// Read the password from the first line of standard input
        #[arg(long)]
        password_stdin: bool,
    },
    /// Change a user's password
    Passwd {
        username: String,
        /// Read the new password from the first line of standard input
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users
    List,
    /// Stop a user from logging in
    Disable { username: String },
    /// Let a disabled user log in again
    Enable { username: String },
    /// Lift a user's lockout after wrong passwords or PINs
    Unlock { username: String },
    /// Set the phone of an owner or manager for the assistant's owner commands (`none` removes it)
    Phone { username: String, phone: String },
}

/// The command line, parsed. An Indonesian user (`--lang id`, else `LANG=id…`) reads
/// the help in Indonesian ([`help_id`]) and a mistake in the command line too
/// ([`mistakes`]); a mistake ends the process with clap's exit code.
pub fn parse() -> Cli {
    use clap::{CommandFactory, FromArgMatches, Parser};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = mistakes::lang_of_args(&args, std::env::var("LANG").ok().as_deref());
    let parsed = match lang {
        Lang::En => Cli::try_parse_from(&args),
        Lang::Id => {
            let mut command = help_id::in_indonesian(Cli::command());
            let matches = command.try_get_matches_from_mut(&args);
            matches.and_then(|matches| Cli::from_arg_matches(&matches).map_err(|error| error.format(&mut command)))
        }
    };
    parsed.unwrap_or_else(|error| match (lang, mistakes::in_indonesian(&error)) {
        (Lang::Id, Some(text)) => {
            eprint!("{text}");
            std::process::exit(error.exit_code())
        }
        _ => error.exit(),
    })
}

/// `--lang`, if given.
fn lang_option(cli: &Cli) -> Option<Lang> {
    cli.lang.map(|l| match l {
        LangArg::Id => Lang::Id,
        LangArg::En => Lang::En,
    })
}

/// The language when the shop has no say: `--lang`, else from `LANG`.
pub fn lang(cli: &Cli) -> Lang {
    lang_option(cli).unwrap_or_else(|| Lang::from_locale(std::env::var("LANG").ok().as_deref()))
}

fn data_dir() -> anyhow::Result<PathBuf> {
    let base = directories::BaseDirs::new().ok_or(ServiceError::from(Refusal::NoHomeFolder))?;
    Ok(base.data_dir().join("warung"))
}

/// A date given to `flag` as `YYYY-MM-DD`.
fn date_flag(flag: &str, text: &str) -> Result<jiff::civil::Date, ServiceError> {
    crate::reports::period::parse_date(text)
        .map_err(|problem| Refusal::BadFlag { flag: flag.to_string(), problem }.into())
}

/// A shop file that could not be opened, and why; said in the user's language.
#[derive(Debug, thiserror::Error)]
#[error("cannot open {}", .path.display())]
pub struct CannotOpen {
    pub path: PathBuf,
    #[source]
    pub cause: ServiceError,
}

impl CannotOpen {
    pub fn text(&self, lang: Lang) -> String {
        let path = self.path.display();
        format!("{} {path}: {}", lang.pick("cannot open", "tidak bisa membuka"), self.cause.text(lang))
    }
}

pub fn default_db() -> anyhow::Result<PathBuf> {
    Ok(data_dir()?.join("warung.db"))
}

fn db_path(cli: &Cli) -> anyhow::Result<PathBuf> {
    cli.db.clone().map(Ok).unwrap_or_else(default_db)
}

/// Run the parsed command line. `Ok(false)` means "finished, but report failure"
/// (e.g. doctor found problems).
pub fn run(cli: Cli) -> anyhow::Result<bool> {
    let lang = setup::LangChoice { given: lang_option(&cli), fallback: lang(&cli) };
    let db = db_path(&cli)?;
    // What the command line says speaks `--lang`, else `LANG`.
    let said = lang.without_shop();
    match cli.command {
        None => setup::open_tui(&db, lang, None).map(|()| true),
        Some(Command::Demo) => {
            let own_file = cli.db.is_none();
            let path = match cli.db {
                Some(path) => path,
                None => data_dir()?.join("demo.db"),
            };
            setup::demo(&path, lang, own_file).map(|()| true)
        }
        Some(Command::Init { demo, owner, password_stdin }) => {
            setup::init(&db, demo, &owner, password_stdin, said).map(|()| true)
        }
        Some(Command::Import { kind, file, abandon, dry_run, generate_barcodes, affect_stock }) => {
            let options = crate::services::import::ImportOptions { dry_run, generate_barcodes };
            match (abandon, kind, file) {
                (Some(run), _, _) => transfer::abandon(&db, run, said),
                (None, Some(kind), Some(file)) => transfer::import(&db, kind, &file, options, affect_stock, said),
                // clap requires KIND and FILE without --abandon.
                (None, _, _) => unreachable!("clap requires the kind and the file"),
            }
            .map(|()| true)
        }
        Some(Command::Export { kind, format, output, force }) => {
            transfer::export(&db, kind, format, output.as_deref(), force, said).map(|()| true)
        }
        Some(Command::Report(args)) => report::run(&db, &args, said).map(|()| true),
        Some(Command::Segment { k, as_of }) => segment::run(&db, &k, as_of.as_deref(), said).map(|()| true),
        Some(Command::Receipt(args)) => receipts::receipt(&db, &args, said).map(|()| true),
        Some(Command::Labels(args)) => labels::run(&db, &args, said).map(|()| true),
        Some(Command::Template { action }) => receipts::template(&db, &action, said).map(|()| true),
        Some(Command::Campaign { action }) => messages::campaign(&db, &action, said).map(|()| true),
        Some(Command::Remind { what }) => messages::remind(&db, &what, said).map(|()| true),
        Some(Command::Recommend { action }) => recommend::run(&db, &action, said).map(|()| true),
        Some(Command::Assistant { action }) => assistant::run(&db, &action, said).map(|()| true),
        Some(Command::Config { action }) => config::run(&db, action, said).map(|()| true),
        Some(Command::User { action }) => users::run(&db, action, said).map(|()| true),
        Some(Command::Backup { file, force, auto }) => {
            backup::backup(&db, file.as_deref(), force, auto, said).map(|()| true)
        }
        Some(Command::Restore { file }) => backup::restore(&db, &file, said).map(|()| true),
        Some(Command::Dispatch(args)) => messaging::dispatch(&db, &args, said),
        Some(Command::Webhook { listen }) => messaging::webhook(&db, listen, said).map(|()| true),
        Some(Command::Hub { action }) => hub::run(&db, action, said).map(|()| true),
        Some(Command::Whatsapp { what }) => messaging::whatsapp(&db, &what, said),
        Some(Command::Migrate) => setup::migrate(&db, said).map(|()| true),
        Some(Command::Doctor { repair_summaries }) => setup::doctor(&db, repair_summaries, said),
        Some(Command::Completions { shell }) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "warung", &mut std::io::stdout());
            Ok(true)
        }
    }
}
