//! Time source. Instants are UTC epoch milliseconds; "today" depends on the shop's
//! time zone, so services ask the clock for the instant and convert with the zone.

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
