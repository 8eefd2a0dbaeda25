//! `warung hub …`: the association's administrator sets the hub up and adds member
//! shops; a member shop joins, pushes and reads; anyone with the admin URL reads
//! every shop. Passwords are never printed, except the new shop's URL, once.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};

use super::date_flag;
use super::report::ReportFormatArg;
use super::setup::open_existing;
use crate::files::write_atomically;
use crate::hub::{self, HubUrl};
use crate::lang::Lang;
use crate::reports::DateRange;
use crate::services::{Actor, Refusal, ServiceError};

#[derive(Debug, Subcommand)]
pub enum HubAction {
    /// (Association) create or update the hub's schema and roles in a PostgreSQL database
    InitServer {
        /// postgres://ADMIN:PASSWORD@HOST:PORT/DATABASE of a user who may create roles
        #[arg(long, value_name = "ADMIN_URL", env = "WARUNG_HUB_ADMIN_URL", hide_env_values = true)]
        url: String,
        /// Let member shops see the association's medians (net sales, repeat rate) [default: unchanged; at first no]
        #[arg(long, value_parser = ["yes", "no"])]
        share_benchmarks: Option<String>,
    },
    /// (Association) add a member shop; prints once the URL it joins with
    AddShop {
        /// The shop's code: 1–32 of a-z, 0-9 and _
        code: String,
        /// The shop's name as the association's reports show it
        #[arg(long)]
        name: String,
        /// The hub's administrator connection (postgres://…)
        #[arg(long, value_name = "ADMIN_URL", env = "WARUNG_HUB_ADMIN_URL", hide_env_values = true)]
        url: String,
        /// The shop is already a member: give its login a new password (the old URL stops working)
        #[arg(long)]
        new_password: bool,
    },
    /// (Member) join the hub with the URL the association gave (checks it can connect and write)
    Join {
        /// postgres://… ; the password may instead be in WARUNG_HUB_PASSWORD
        #[arg(long)]
        url: String,
        /// This shop's code in the hub
        #[arg(long)]
        shop: String,
    },
    /// (Member) send the days that changed since the last push
    Push {
        /// Send every day from this one (YYYY-MM-DD) again, changed or not (a hub that lost them)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
    },
    /// (Member) the hub joined, the last push, and what is waiting
    Status,
    /// Association reports read from the hub
    Report(HubReportArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum HubReportName {
    Members,
    Months,
    Categories,
    Messages,
}

#[derive(Debug, Args)]
pub struct HubReportArgs {
    /// The association report
    #[arg(value_enum)]
    pub name: HubReportName,
    /// First day, YYYY-MM-DD [default: 29 days before --to]
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day, inclusive [default: today]
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// csv, json and xlsx for other programs; table is for reading
    #[arg(long, value_enum, default_value_t = ReportFormatArg::Csv)]
    pub format: ReportFormatArg,
    /// Write here instead of standard output
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Read the hub as this user (the association's administrator) instead of the joined shop
    #[arg(long, value_name = "ADMIN_URL", env = "WARUNG_HUB_ADMIN_URL", hide_env_values = true)]
    pub url: Option<String>,
}

fn date(flag: &str, text: Option<&str>) -> anyhow::Result<Option<jiff::civil::Date>> {
    text.map(|t| date_flag(flag, t)).transpose().map_err(Into::into)
}

pub fn run(db: &Path, action: HubAction, lang: Lang) -> anyhow::Result<()> {
    match action {
        HubAction::InitServer { url, share_benchmarks } => {
            let url = HubUrl::parse(&url)?;
            let done = hub::schema::init_server(&url, share_benchmarks.map(|s| s == "yes"))?;
            let (place, version) = (url.place(), done.version);
            let said = match (done.applied.as_slice(), lang) {
                ([], Lang::En) => format!("the hub at {place} is up to date (schema {version})"),
                ([], Lang::Id) => format!("hub di {place} sudah terbaru (skema {version})"),
                (applied, Lang::En) => format!("hub schema at {place}: applied {applied:?}, now {version}"),
                (applied, Lang::Id) => format!("skema hub di {place}: diterapkan {applied:?}, sekarang {version}"),
            };
            eprintln!("{said}");
            let (shops, reader) = (done.roles.shops(), done.roles.reader());
            eprintln!(
                "{}",
                match lang {
                    Lang::En =>
                        format!("members log in as roles in {shops}; grant {reader} to whoever reads every shop"),
                    Lang::Id => format!(
                        "anggota masuk sebagai peran dalam {shops}; berikan {reader} kepada yang membaca semua toko"
                    ),
                }
            );
        }
        HubAction::AddShop { code, name, url, new_password } => {
            let url = HubUrl::parse(&url)?;
            let shop = hub::schema::add_shop(&url, &code, &name, new_password)?;
            let role = &shop.role;
            eprintln!(
                "{}",
                match lang {
                    Lang::En => format!("shop {code} added as role {role}; give the shop this URL (shown only now):"),
                    Lang::Id => format!(
                        "toko {code} ditambahkan sebagai peran {role}; berikan URL ini ke toko itu (hanya tampil sekarang):"
                    ),
                }
            );
            println!("{}", shop.url.reveal());
        }
        HubAction::Join { url, shop } => {
            let mut store = open_existing(db, lang)?;
            store.hub_join(&Actor::command_line(), &url, &shop)?;
            let (url, _) = store.hub_url()?;
            let url = url.masked();
            eprintln!(
                "{}",
                match lang {
                    Lang::En => format!("joined {url} as shop {shop}; `warung hub push` sends the figures"),
                    Lang::Id => format!("bergabung ke {url} sebagai toko {shop}; `warung hub push` mengirim angkanya"),
                }
            );
        }
        HubAction::Push { since } => {
            let mut store = open_existing(db, lang)?;
            let since = date("--since", since.as_deref())?;
            let plan = store.hub_push(since)?;
            let (days, months, from, through) = (plan.days.len(), plan.months.len(), plan.from, plan.through);
            eprintln!(
                "{}",
                match lang {
                    Lang::En => format!("pushed {days} day(s) and {months} month(s) ({from} to {through})"),
                    Lang::Id => format!("terkirim {days} hari dan {months} bulan ({from} sampai {through})"),
                }
            );
        }
        HubAction::Status => status(db, lang)?,
        HubAction::Report(args) => report(db, &args, lang)?,
    }
    Ok(())
}

fn status(db: &Path, lang: Lang) -> anyhow::Result<()> {
    let store = open_existing(db, lang)?;
    let status = store.hub_status()?;
    let tz = store.time_zone();
    let when = |ms: Option<i64>| {
        ms.map_or_else(
            || lang.pick("never", "belum pernah").to_string(),
            |ms| crate::reports::LocalTime::of_ms(ms, &tz).datetime.strftime("%Y-%m-%d %H:%M").to_string(),
        )
    };
    println!("hub: {}", status.url);
    println!("{}: {}", lang.pick("shop", "toko"), status.shop);
    let (pushed, through) = (when(status.last.pushed_at), status.last.through_day.as_deref().unwrap_or("-"));
    println!(
        "{}",
        match lang {
            Lang::En => format!("last push: {pushed} (through {through})"),
            Lang::Id => format!("kiriman terakhir: {pushed} (sampai {through})"),
        }
    );
    if let Some(error) = &status.last.last_error {
        let at = when(status.last.attempted_at);
        println!(
            "{}",
            match lang {
                Lang::En => format!("last try failed: {error} at {at}"),
                Lang::Id => format!("percobaan terakhir gagal: {error} pada {at}"),
            }
        );
    }
    if let Some(b) = &status.benchmark {
        let (from, to, shops) = (b.from, b.to, b.shops);
        let (median_net, median_rate) = (b.median_net.rupiah(), b.median_repeat_rate.text_in(lang));
        let (own_net, own_rate) = (b.own_net.rupiah(), b.own_repeat_rate.text_in(lang));
        println!(
            "{}",
            match lang {
                Lang::En => format!(
                    "association median {from} to {to} ({shops} shops): net {median_net}, repeat rate {median_rate}%; \
                     this shop: net {own_net}, {own_rate}%"
                ),
                Lang::Id => format!(
                    "median asosiasi {from} sampai {to} ({shops} toko): bersih {median_net}, tingkat belanja ulang \
                     {median_rate}%; toko ini: bersih {own_net}, {own_rate}%"
                ),
            }
        );
    }
    let days = (status.today - status.waiting_since).get_days() + 1;
    let (since, today) = (status.waiting_since, status.today);
    println!(
        "{}",
        match lang {
            Lang::En => format!(
                "waiting: the {days} day(s) from {since} to {today} are checked and the changed ones sent by the next push"
            ),
            Lang::Id => format!(
                "menunggu: {days} hari dari {since} sampai {today} diperiksa dan yang berubah dikirim pada kiriman berikutnya"
            ),
        }
    );
    Ok(())
}

fn report(db: &Path, args: &HubReportArgs, lang: Lang) -> anyhow::Result<()> {
    let (url, today) = match &args.url {
        // The administrator's own day (no shop, no shop time zone).
        Some(url) => {
            let now = crate::clock::process_clock().now_ms();
            (HubUrl::parse(url)?, crate::clock::local_date(now, &jiff::tz::TimeZone::system()))
        }
        None => {
            let store = open_existing(db, lang)?;
            let today = crate::clock::local_date(store.now_ms(), &store.time_zone());
            (store.hub_login()?.0, today)
        }
    };
    let (from, to) = (date("--from", args.from.as_deref())?, date("--to", args.to.as_deref())?);
    let range = DateRange::resolve(from, to, today).map_err(|problem| ServiceError::from(Refusal::Report(problem)))?;
    let report = hub::reports::find(match args.name {
        HubReportName::Members => "members",
        HubReportName::Months => "months",
        HubReportName::Categories => "categories",
        HubReportName::Messages => "messages",
    })?;
    let format = args.format.format();
    match &args.output {
        None => {
            let mut sink = format.sink(std::io::stdout().lock(), lang);
            hub::reports::run(&url, report, range.from, range.to, &mut sink)?;
        }
        Some(path) => {
            write_atomically(path, args.force, |out| {
                let mut sink = format.sink(out, lang);
                Ok(hub::reports::run(&url, report, range.from, range.to, &mut sink)? as usize)
            })
            .with_context(|| format!("{} {}", path.display(), lang.pick("was not written", "tidak ditulis")))?;
        }
    }
    Ok(())
}
