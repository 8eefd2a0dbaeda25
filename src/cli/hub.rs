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
        #[arg(long)]
        name: String,
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
    #[arg(value_enum)]
    pub name: HubReportName,
    /// First day, YYYY-MM-DD [default: 29 days before --to]
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day, inclusive [default: today]
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
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

pub fn run(db: &Path, action: HubAction) -> anyhow::Result<()> {
    match action {
        HubAction::InitServer { url, share_benchmarks } => {
            let url = HubUrl::parse(&url)?;
            let done = hub::schema::init_server(&url, share_benchmarks.map(|s| s == "yes"))?;
            match done.applied.as_slice() {
                [] => eprintln!("the hub at {} is up to date (schema {})", url.place(), done.version),
                applied => eprintln!("hub schema at {}: applied {applied:?}, now {}", url.place(), done.version),
            }
            eprintln!(
                "members log in as roles in {}; grant {} to whoever reads every shop",
                done.roles.shops(),
                done.roles.reader()
            );
        }
        HubAction::AddShop { code, name, url, new_password } => {
            let url = HubUrl::parse(&url)?;
            let shop = hub::schema::add_shop(&url, &code, &name, new_password)?;
            eprintln!("shop {code} added as role {}; give the shop this URL (shown only now):", shop.role);
            println!("{}", shop.url.reveal());
        }
        HubAction::Join { url, shop } => {
            let mut store = open_existing(db)?;
            store.hub_join(&Actor::command_line(), &url, &shop)?;
            let (url, _) = store.hub_url()?;
            eprintln!("joined {} as shop {shop}; `warung hub push` sends the figures", url.masked());
        }
        HubAction::Push { since } => {
            let mut store = open_existing(db)?;
            let since = date("--since", since.as_deref())?;
            let plan = store.hub_push(since)?;
            eprintln!(
                "pushed {} day(s) and {} month(s) ({} to {})",
                plan.days.len(),
                plan.months.len(),
                plan.from,
                plan.through
            );
        }
        HubAction::Status => status(db)?,
        HubAction::Report(args) => report(db, &args)?,
    }
    Ok(())
}

fn status(db: &Path) -> anyhow::Result<()> {
    let store = open_existing(db)?;
    let status = store.hub_status()?;
    let tz = store.time_zone();
    let when = |ms: Option<i64>| {
        ms.map_or_else(
            || "never".to_string(),
            |ms| crate::reports::LocalTime::of_ms(ms, &tz).datetime.strftime("%Y-%m-%d %H:%M").to_string(),
        )
    };
    println!("hub: {}", status.url);
    println!("shop: {}", status.shop);
    println!(
        "last push: {} (through {})",
        when(status.last.pushed_at),
        status.last.through_day.as_deref().unwrap_or("-")
    );
    if let Some(error) = &status.last.last_error {
        println!("last try failed: {} at {}", error, when(status.last.attempted_at));
    }
    if let Some(b) = &status.benchmark {
        println!(
            "association median {} to {} ({} shops): net {}, repeat rate {}%; this shop: net {}, {}%",
            b.from,
            b.to,
            b.shops,
            b.median_net.rupiah(),
            b.median_repeat_rate.decimal(),
            b.own_net.rupiah(),
            b.own_repeat_rate.decimal()
        );
    }
    let days = (status.today - status.waiting_since).get_days() + 1;
    println!(
        "waiting: the {days} day(s) from {} to {} are checked and the changed ones sent by the next push",
        status.waiting_since, status.today
    );
    Ok(())
}

fn report(db: &Path, args: &HubReportArgs) -> anyhow::Result<()> {
    let (url, today) = match &args.url {
        // The administrator's own day (no shop, no shop time zone).
        Some(url) => {
            let now = crate::clock::process_clock().now_ms();
            (HubUrl::parse(url)?, crate::clock::local_date(now, &jiff::tz::TimeZone::system()))
        }
        None => {
            let store = open_existing(db)?;
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
            let mut sink = format.sink(std::io::stdout().lock());
            hub::reports::run(&url, report, range.from, range.to, &mut sink)?;
        }
        Some(path) => {
            write_atomically(path, args.force, |out| {
                let mut sink = format.sink(out);
                Ok(hub::reports::run(&url, report, range.from, range.to, &mut sink)? as usize)
            })
            .with_context(|| format!("{} was not written", path.display()))?;
        }
    }
    Ok(())
}
