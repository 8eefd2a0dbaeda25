//! Time source. Instants are UTC epoch milliseconds; "today" depends on the shop's
//! time zone, so services ask the clock for the instant and convert with the zone.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

pub trait Clock: Send + Sync {
    fn now_ms(&self) -> i64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        Timestamp::now().as_millisecond()
    }
}

/// Test-only: the instant (RFC 3339, e.g. `2026-11-23T05:00:00Z`) a debug build of the
/// binary reads as "now", so tests that drive the real binary do not depend on the wall
/// clock, the time of day or the machine's time zone. Release builds ignore it.
pub const TEST_NOW_ENV: &str = "WARUNG_NOW";
/// Test-only, with [`TEST_NOW_ENV`]: the real instant (UTC epoch ms) at which the clock
/// read `WARUNG_NOW`; from there it runs at real speed. Several processes given the same
/// pair share one time line. Without it the process's own start is used.
pub const TEST_NOW_SINCE_ENV: &str = "WARUNG_NOW_SINCE";

/// The clock a warung process runs on: the system clock, or in debug builds the test
/// clock set by [`TEST_NOW_ENV`] and [`TEST_NOW_SINCE_ENV`]. A malformed value is a
/// mistake in a test, so it panics naming the value.
pub fn process_clock() -> Arc<dyn Clock> {
    if cfg!(debug_assertions)
        && let Some(value) = std::env::var_os(TEST_NOW_ENV)
    {
        let value = value.to_string_lossy();
        let reads: Timestamp = value.parse().unwrap_or_else(|e| panic!("{TEST_NOW_ENV}={value}: {e}"));
        let since = std::env::var(TEST_NOW_SINCE_ENV).ok().map_or_else(
            || SystemClock.now_ms(),
            |v| v.parse().unwrap_or_else(|e| panic!("{TEST_NOW_SINCE_ENV}={v}: {e}")),
        );
        return Arc::new(RunningClock::reading(reads.as_millisecond(), since));
    }
    Arc::new(SystemClock)
}

/// A clock that read `reads_ms` at the real instant `at_real_ms` and runs on at real speed.
pub struct RunningClock {
    offset_ms: i64,
}

impl RunningClock {
    pub fn reading(reads_ms: i64, at_real_ms: i64) -> Self {
        RunningClock { offset_ms: reads_ms - at_real_ms }
    }
}

impl Clock for RunningClock {
    fn now_ms(&self) -> i64 {
        SystemClock.now_ms() + self.offset_ms
    }
}

/// A clock tests and snapshots set by hand.
pub struct FixedClock(AtomicI64);

impl FixedClock {
    pub fn at_ms(ms: i64) -> Self {
        FixedClock(AtomicI64::new(ms))
    }

    /// Noon on `date` in Jakarta (UTC+7): a clock that reads well in snapshots.
    pub fn jakarta_noon(date: Date) -> Self {
        let zoned = date.at(12, 0, 0, 0).to_zoned(TimeZone::get("Asia/Jakarta").expect("bundled tz")).expect("valid");
        FixedClock::at_ms(zoned.timestamp().as_millisecond())
    }

    pub fn advance_ms(&self, delta: i64) {
        self.0.fetch_add(delta, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

pub fn timestamp(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The shop-local date of an instant.
pub fn local_date(ms: i64, tz: &TimeZone) -> Date {
    timestamp(ms).to_zoned(tz.clone()).date()
}

/// The instant (UTC epoch ms) a shop-local date begins.
pub fn day_start_ms(date: Date, tz: &TimeZone) -> i64 {
    date.to_zoned(tz.clone()).map(|z| z.timestamp().as_millisecond()).unwrap_or(i64::MAX)
}
