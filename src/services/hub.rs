//! A member shop and its association's hub: joining, working out what to push,
//! pushing, and saying what waits. The figures are `reports::member_days`; the
//! PostgreSQL side is `crate::hub`.
//!
//! What a push sends: every day from the earliest of (the last pushed day, the day
//! of anything recorded or voided since the last push, whatever its date) up to
//! today, less the days whose figures the hub already holds (a digest per day).
//! A failed push records nothing but its error, so the next one sends it all again:
//! nothing lost, and an upsert per day means nothing counted twice.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;

use super::{Actor, Refusal, Result, ServiceError, Shop};
use crate::clock::{Clock, local_date};
use crate::domain::hub::{DayFigures, MonthRetention, is_shop_code};
use crate::hub::{HubError, HubUrl, Member};
use crate::reports::DateRange;
use crate::reports::member_days::{member_days, member_months};
use crate::store;
use crate::store::hub::PushState;

/// Minutes between the dispatcher's tries while the hub cannot be reached.
const RETRY_MS: i64 = 15 * 60 * 1000;

/// Days the association's medians cover, ending with the last pushed day.
const BENCHMARK_DAYS: i64 = 30;

/// How often the background pusher asks whether a push is due.
const CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// For a shop that joined a hub: a thread with its own connection that pushes once a
/// shop day, and after a failure tries again every [`RETRY_MS`] until it gets through.
/// (The hub client blocks, so it stays off the dispatcher's async loop.)
pub fn push_daily_in_background(shop: &Shop, db: &Path, clock: Arc<dyn Clock>) {
    if shop.setting("hub.url").map_or(true, |url| url.is_empty()) {
        return;
    }
    let db = db.to_path_buf();
    let spawned = std::thread::Builder::new().name("hub-push".into()).spawn(move || {
        let Ok(mut shop) = Shop::open(&db, clock) else { return };
        loop {
            if shop.hub_push_due().unwrap_or(false) {
                match shop.hub_push(None) {
                    Ok(plan) => tracing::info!(days = plan.days.len(), "pushed to the hub"),
                    Err(e) => tracing::warn!(error = %e, "hub push failed; it stays waiting"),
                }
            }
            std::thread::sleep(CHECK_EVERY);
        }
    });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "hub pusher not started");
    }
}

fn hub_error(e: HubError) -> ServiceError {
    Refusal::Hub(e).into()
}

/// What a push would send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushPlan {
    /// The days looked at, `from` to today.
    pub from: Date,
    pub through: Date,
    /// Of them, those whose figures the hub does not hold yet.
    pub days: Vec<DayFigures>,
    pub months: Vec<MonthRetention>,
    /// The sale and return ids and the instant the figures were read at.
    marks: (i64, i64),
    read_at: i64,
}

/// What `warung hub status` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubStatus {
    /// The hub's URL with its password masked, and this shop's code there.
    pub url: String,
    pub shop: String,
    pub last: PushState,
    /// The association's medians fetched with the last push, if it shares them.
    pub benchmark: Option<crate::domain::hub::Benchmark>,
    /// The next push looks at the days from this one to today (without working
    /// out their figures, which takes a while on a big shop).
    pub waiting_since: Date,
    pub today: Date,
}

impl Shop {
    /// The hub this shop joined, with its password (`hub.password`, or `WARUNG_HUB_PASSWORD`).
    pub fn hub_url(&self) -> Result<(HubUrl, String)> {
        let url = self.setting("hub.url")?;
        let shop = self.setting("hub.shop")?;
        if url.is_empty() || shop.is_empty() {
            return Err(Refusal::HubNotJoined.into());
        }
        let password = self.setting("hub.password")?;
        Ok((HubUrl::parse(&url).map_err(hub_error)?.with_password(Some(password)), shop))
    }

    /// [`Shop::hub_url`], refusing one without a password (before any connection is tried).
    pub fn hub_login(&self) -> Result<(HubUrl, String)> {
        let (url, shop) = self.hub_url()?;
        if url.password().is_none() {
            return Err(Refusal::HubNoPassword.into());
        }
        Ok((url, shop))
    }

    /// Join the hub at `url` as shop `code`: connect, prove a write, and keep the
    /// URL (its password as the secret `hub.password`, unless it came from
    /// `WARUNG_HUB_PASSWORD`).
    pub fn hub_join(&mut self, actor: &Actor, url: &str, code: &str) -> Result<()> {
        actor.require(crate::domain::Permission::ChangeSettings, "join a hub")?;
        if !is_shop_code(code) {
            return Err(hub_error(HubError::BadShopCode { code: code.to_string() }));
        }
        let given = HubUrl::parse(url).map_err(hub_error)?;
        let in_url = given.password().map(str::to_string);
        let url = given.with_password(Some(self.setting("hub.password")?)).with_password(in_url.clone());
        if url.password().is_none() {
            return Err(Refusal::HubUrlNoPassword.into());
        }
        let mut member = Member::connect(&url, code).map_err(hub_error)?;
        member.check_write().map_err(hub_error)?;
        // Another hub (or another shop code) holds none of what was pushed before.
        let (before_url, before_shop) = (self.setting("hub.url")?, self.setting("hub.shop")?);
        if (before_url.as_str(), before_shop.as_str()) != (url.without_password().as_str(), code) {
            self.write(|tx| Ok(store::hub::forget_pushes(tx)?))?;
        }
        self.set_setting(actor, "hub.url", &url.without_password())?;
        self.set_setting(actor, "hub.shop", code)?;
        if let Some(password) = in_url {
            self.set_setting(actor, "hub.password", &password)?;
        }
        Ok(())
    }

    /// The first day the next push looks at: the last pushed day (or the first day
    /// with anything to count), or the day of anything recorded or voided since, if earlier.
    pub fn hub_waiting_since(&self) -> Result<Date> {
        let conn = self.store.conn();
        let tz = self.time_zone();
        let today = local_date(self.now_ms(), &tz);
        let last = store::hub::state(conn)?;
        let pushed = last.through_day.as_deref().and_then(|d| d.parse::<Date>().ok());
        let start = match pushed {
            Some(day) => Some(day),
            None => store::hub::first_activity(conn)?.map(|ms| local_date(ms, &tz)),
        };
        let changed = store::hub::earliest_change(conn, &last)?.map(|ms| local_date(ms, &tz));
        Ok([start, changed].into_iter().flatten().min().unwrap_or(today).min(today))
    }

    /// What the next push sends (`since`: every day from then on too, changed or not).
    pub fn hub_plan(&self, since: Option<Date>) -> Result<PushPlan> {
        let conn = self.store.conn();
        let tz = self.time_zone();
        let read_at = self.now_ms();
        let today = local_date(read_at, &tz);
        let marks = store::hub::marks(conn)?;
        // `since` can only widen the window: what changed before it still goes.
        let waiting = self.hub_waiting_since()?;
        let from = since.map_or(waiting, |day| day.min(waiting));
        let costs = self.messaging_costs()?;
        let range = DateRange { from, to: today };
        let failed = super::analytics::failed;
        let days = member_days(conn, &tz, &costs, &range).map_err(failed)?;
        let months = member_months(conn, from, today).map_err(failed)?;
        let pushed: HashMap<String, String> =
            store::hub::pushed_digests(conn, &from.first_of_month().to_string()[..7], &today.to_string())?
                .into_iter()
                .collect();
        // `since` sends its days again even if the hub should hold them (it lost them).
        let fresh = |key: String, digest: String| since.is_some() || pushed.get(&key) != Some(&digest);
        Ok(PushPlan {
            from,
            through: today,
            days: days.into_iter().filter(|d| fresh(day_key(d), d.digest())).collect(),
            months: months.into_iter().filter(|m| fresh(month_key(m), m.digest())).collect(),
            marks,
            read_at,
        })
    }

    /// Push what changed since the last push (or every day from `since`).
    pub fn hub_push(&mut self, since: Option<Date>) -> Result<PushPlan> {
        let (url, code) = self.hub_login()?;
        let plan = self.hub_plan(since)?;
        let sent = Member::connect(&url, &code).and_then(|mut member| {
            member.upload(&plan.days, &plan.months)?;
            // The medians are a bonus: a hub that cannot give them leaves them out.
            let from = plan.through.saturating_sub(jiff::ToSpan::days(BENCHMARK_DAYS - 1));
            Ok(member.benchmark(from, plan.through).unwrap_or(None))
        });
        let benchmark = match sent {
            Ok(benchmark) => benchmark,
            Err(e) => {
                let message = e.to_string();
                let now = self.now_ms();
                self.write(|tx| Ok(store::hub::record_failure(tx, &message, now)?))?;
                return Err(hub_error(e));
            }
        };
        self.write(|tx| {
            store::hub::save_benchmark(tx, benchmark.as_ref())?;
            for day in &plan.days {
                store::hub::record_pushed(tx, &day_key(day), &day.digest(), plan.read_at)?;
            }
            for month in &plan.months {
                store::hub::record_pushed(tx, &month_key(month), &month.digest(), plan.read_at)?;
            }
            Ok(store::hub::record_success(tx, &plan.through.to_string(), plan.marks, plan.read_at)?)
        })?;
        Ok(plan)
    }

    /// Whether the dispatcher should push now: joined, not pushed yet today, and
    /// not tried in the last few minutes.
    pub fn hub_push_due(&self) -> Result<bool> {
        if self.setting("hub.url")?.is_empty() {
            return Ok(false);
        }
        let last = store::hub::state(self.store.conn())?;
        let now = self.now_ms();
        let tz = self.time_zone();
        let pushed_today = last.pushed_at.is_some_and(|at| local_date(at, &tz) == local_date(now, &tz));
        let tried_lately = last.attempted_at.is_some_and(|at| last.last_error.is_some() && now - at < RETRY_MS);
        Ok(!pushed_today && !tried_lately)
    }

    pub fn hub_status(&self) -> Result<HubStatus> {
        let (url, shop) = self.hub_url()?;
        Ok(HubStatus {
            url: url.masked(),
            shop,
            last: store::hub::state(self.store.conn())?,
            benchmark: store::hub::benchmark(self.store.conn())?,
            waiting_since: self.hub_waiting_since()?,
            today: local_date(self.now_ms(), &self.time_zone()),
        })
    }
}

fn day_key(day: &DayFigures) -> String {
    day.day.map(|d| d.to_string()).unwrap_or_default()
}

fn month_key(month: &MonthRetention) -> String {
    month.month.to_string()[..7].to_string()
}
