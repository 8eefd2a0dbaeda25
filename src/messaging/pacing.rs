//! How fast and when messages may go: a per-provider rate with jitter, a gap between
//! two messages to the same recipient, and quiet hours in the shop's time zone.

use std::collections::HashMap;
use std::time::Duration;

use jiff::tz::TimeZone;
use rand::Rng;
use tokio::time::Instant;

/// Quiet hours as minutes after local midnight; may wrap midnight (21:00-08:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub start: u16,
    pub end: u16,
}

impl QuietHours {
    /// `21:00-08:00`, or `none` (→ `None`). Bad text also gives `None`; the setting is
    /// validated when saved.
    pub fn parse(text: &str) -> Option<QuietHours> {
        let (a, b) = text.trim().split_once('-')?;
        let minutes = |t: &str| -> Option<u16> {
            let (h, m) = t.trim().split_once(':')?;
            let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
            (h < 24 && m < 60).then_some(h * 60 + m)
        };
        let quiet = QuietHours { start: minutes(a)?, end: minutes(b)? };
        (quiet.start != quiet.end).then_some(quiet)
    }

    fn contains(&self, minute: u16) -> bool {
        if self.start < self.end {
            (self.start..self.end).contains(&minute)
        } else {
            minute >= self.start || minute < self.end
        }
    }

    /// If `now_ms` falls in quiet hours: the instant they end.
    pub fn ends_after(&self, now_ms: i64, tz: &TimeZone) -> Option<i64> {
        let zoned = crate::clock::timestamp(now_ms).to_zoned(tz.clone());
        let minute = zoned.hour() as u16 * 60 + zoned.minute() as u16;
        if !self.contains(minute) {
            return None;
        }
        let mut date = zoned.date();
        if minute >= self.end {
            date = date.tomorrow().ok()?;
        }
        let end = date.at((self.end / 60) as i8, (self.end % 60) as i8, 0, 0).to_zoned(tz.clone()).ok()?;
        Some(end.timestamp().as_millisecond())
    }
}

/// Spaces requests to one provider: at most one per `interval`, plus up to `jitter`.
pub struct RateLimiter {
    interval: Duration,
    jitter: Duration,
    next: Option<Instant>,
}

impl RateLimiter {
    pub fn new(interval: Duration, jitter: Duration) -> RateLimiter {
        RateLimiter { interval, jitter, next: None }
    }

    /// No limit (benchmarks, tests).
    pub fn unthrottled() -> RateLimiter {
        RateLimiter::new(Duration::ZERO, Duration::ZERO)
    }

    pub fn per_second(rate: u32) -> RateLimiter {
        RateLimiter::new(Duration::from_secs(1) / rate.max(1), Duration::ZERO)
    }

    /// QR-code gateways such as Fonnte get one message per 5 s with up to 3 s jitter,
    /// so the phone behind them does not look like a bot.
    pub fn qr_gateway() -> RateLimiter {
        RateLimiter::new(Duration::from_secs(5), Duration::from_secs(3))
    }

    pub fn is_unthrottled(&self) -> bool {
        self.interval.is_zero() && self.jitter.is_zero()
    }

    /// Wait for the next slot.
    pub async fn wait(&mut self) {
        if self.is_unthrottled() {
            return;
        }
        let now = Instant::now();
        let slot = self.next.map_or(now, |next| next.max(now));
        tokio::time::sleep_until(slot).await;
        let jitter =
            if self.jitter.is_zero() { Duration::ZERO } else { rand::rng().random_range(Duration::ZERO..self.jitter) };
        self.next = Some(slot + self.interval + jitter);
    }

    /// How many messages to claim at once: about ten seconds' worth.
    pub fn batch_size(&self) -> usize {
        if self.is_unthrottled() {
            return 100;
        }
        let per_ten_seconds =
            Duration::from_secs(10).as_millis() / (self.interval + self.jitter / 2).as_millis().max(1);
        (per_ten_seconds as usize).clamp(1, 100)
    }
}

/// Remembers when each recipient last got a message from this process.
pub struct RecipientGap {
    gap_ms: i64,
    last: HashMap<String, i64>,
}

impl RecipientGap {
    pub fn new(gap: Duration) -> RecipientGap {
        RecipientGap { gap_ms: gap.as_millis() as i64, last: HashMap::new() }
    }

    /// When `phone` may next get a message, if not now.
    pub fn wait_until(&self, phone: &str, now_ms: i64) -> Option<i64> {
        let next = self.last.get(phone)? + self.gap_ms;
        (next > now_ms).then_some(next)
    }

    pub fn record(&mut self, phone: &str, now_ms: i64) {
        if self.gap_ms > 0 {
            if self.last.len() > 10_000 {
                let horizon = now_ms - self.gap_ms;
                self.last.retain(|_, at| *at > horizon);
            }
            self.last.insert(phone.to_string(), now_ms);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jakarta() -> TimeZone {
        TimeZone::get("Asia/Jakarta").unwrap()
    }

    fn at(h: i8, m: i8) -> i64 {
        jiff::civil::date(2026, 11, 23).at(h, m, 0, 0).to_zoned(jakarta()).unwrap().timestamp().as_millisecond()
    }

    #[test]
    fn quiet_hours_wrap_midnight_and_end_in_the_morning() {
        let quiet = QuietHours::parse("21:00-08:00").unwrap();
        assert_eq!(quiet.ends_after(at(12, 0), &jakarta()), None);
        assert_eq!(quiet.ends_after(at(7, 59), &jakarta()), Some(at(8, 0)));
        assert_eq!(quiet.ends_after(at(8, 0), &jakarta()), None);
        let next_morning = at(8, 0) + 24 * 3600 * 1000;
        assert_eq!(quiet.ends_after(at(21, 0), &jakarta()), Some(next_morning));
        assert_eq!(quiet.ends_after(at(23, 30), &jakarta()), Some(next_morning));
        assert_eq!(QuietHours::parse("none"), None);
        let day = QuietHours::parse("12:00-13:00").unwrap();
        assert_eq!(day.ends_after(at(12, 30), &jakarta()), Some(at(13, 0)));
    }

    #[test]
    fn recipient_gap() {
        let mut gap = RecipientGap::new(Duration::from_secs(6));
        assert_eq!(gap.wait_until("62812", 1_000), None);
        gap.record("62812", 1_000);
        assert_eq!(gap.wait_until("62812", 2_000), Some(7_000));
        assert_eq!(gap.wait_until("62813", 2_000), None);
        assert_eq!(gap.wait_until("62812", 7_000), None);
    }

    #[tokio::test(start_paused = true)]
    async fn rate_limiter_spaces_requests() {
        let mut limiter = RateLimiter::per_second(20);
        let start = Instant::now();
        for _ in 0..21 {
            limiter.wait().await;
        }
        assert_eq!(Instant::now() - start, Duration::from_secs(1));
        assert_eq!(limiter.batch_size(), 100);
        assert_eq!(RateLimiter::qr_gateway().batch_size(), 1);
    }
}
