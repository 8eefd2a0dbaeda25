//! Typed cells: every report column has one [`ColumnType`], and every cell of it is
//! a [`Value`] of that type (or [`Value::Null`]). Writers decide how each type looks
//! in their format; report sources never format anything.

use std::borrow::Cow;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};

use crate::domain::words::Vocabulary;
use crate::domain::{Money, Qty};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnType {
    /// Names, codes, notes: neutralised against formula injection in CSV.
    Text,
    /// A code from a fixed set (`sent`, `1-30`, `Monday`): written as it is, shown
    /// to people as its word in their language.
    Code(Vocabulary),
    /// Counts, ranks, days.
    Int,
    /// Whole rupiah.
    Money,
    /// Thousandths of a unit, written as a decimal (`1.5`).
    Qty,
    /// A shop-local calendar date.
    Date,
    /// A shop-local moment.
    DateTime,
    Bool,
}

impl ColumnType {
    /// Numbers are right-aligned in tables and stored as numbers in spreadsheets.
    pub fn is_numeric(self) -> bool {
        matches!(self, ColumnType::Int | ColumnType::Money | ColumnType::Qty)
    }

    pub fn code(self) -> &'static str {
        match self {
            ColumnType::Text | ColumnType::Code(_) => "text",
            ColumnType::Int => "int",
            ColumnType::Money => "money",
            ColumnType::Qty => "qty",
            ColumnType::Date => "date",
            ColumnType::DateTime => "datetime",
            ColumnType::Bool => "bool",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The column's name in every output format, and its English header on screen.
    pub name: &'static str,
    /// Its header on an Indonesian screen or table; machine formats never use it.
    pub header_id: &'static str,
    pub ty: ColumnType,
}

impl Column {
    pub const fn new(name: &'static str, header_id: &'static str, ty: ColumnType) -> Column {
        Column { name, header_id, ty }
    }
}

/// A moment as the shop's clock on the wall showed it, with the zone's offset then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub datetime: DateTime,
    pub offset: Offset,
}

impl LocalTime {
    /// The shop-local time of an instant (UTC epoch milliseconds).
    pub fn of_ms(ms: i64, tz: &TimeZone) -> LocalTime {
        let ts = Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
        let offset = tz.to_offset(ts);
        // Whole seconds: reports never show milliseconds.
        let ts = Timestamp::from_second(ts.as_second()).unwrap_or(ts);
        LocalTime { datetime: offset.to_datetime(ts), offset }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Text(Cow<'a, str>),
    Int(i64),
    Money(Money),
    Qty(Qty),
    Date(Date),
    DateTime(LocalTime),
    Bool(bool),
}

impl<'a> Value<'a> {
    pub fn text(text: &'a str) -> Value<'a> {
        Value::Text(Cow::Borrowed(text))
    }

    /// Text, or empty (`Null`) when there is none.
    pub fn opt_text(text: Option<&'a str>) -> Value<'a> {
        text.map_or(Value::Null, Value::text)
    }

    pub fn owned(text: String) -> Value<'static> {
        Value::Text(Cow::Owned(text))
    }

    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Text(t) => Value::Text(Cow::Owned(t.into_owned())),
            Value::Int(n) => Value::Int(n),
            Value::Money(m) => Value::Money(m),
            Value::Qty(q) => Value::Qty(q),
            Value::Date(d) => Value::Date(d),
            Value::DateTime(t) => Value::DateTime(t),
            Value::Bool(b) => Value::Bool(b),
        }
    }

    /// The type this value belongs in (`None` for `Null`, which fits any column).
    pub fn column_type(&self) -> Option<ColumnType> {
        Some(match self {
            Value::Null => return None,
            Value::Text(_) => ColumnType::Text,
            Value::Int(_) => ColumnType::Int,
            Value::Money(_) => ColumnType::Money,
            Value::Qty(_) => ColumnType::Qty,
            Value::Date(_) => ColumnType::Date,
            Value::DateTime(_) => ColumnType::DateTime,
            Value::Bool(_) => ColumnType::Bool,
        })
    }
}

/// Plain ISO text shared by the text formats: `2026-11-23`.
pub fn iso_date(date: Date) -> String {
    let mut out = String::with_capacity(10);
    push_iso_date(&mut out, date);
    out
}

/// `2026-11-23 14:05:09`, shop-local.
pub fn iso_datetime(time: &LocalTime) -> String {
    let mut out = String::with_capacity(19);
    push_iso_datetime(&mut out, time);
    out
}

pub fn push_iso_date(out: &mut String, date: Date) {
    match u32::try_from(date.year()) {
        Ok(year @ 0..=9999) => push_digits(out, year, 4),
        _ => {
            use std::fmt::Write;
            let _ = write!(out, "{:04}", date.year());
        }
    }
    out.push('-');
    push_digits(out, u32::from(date.month().unsigned_abs()), 2);
    out.push('-');
    push_digits(out, u32::from(date.day().unsigned_abs()), 2);
}

pub fn push_iso_datetime(out: &mut String, time: &LocalTime) {
    let d = time.datetime;
    push_iso_date(out, d.date());
    for (separator, part) in [(' ', d.hour()), (':', d.minute()), (':', d.second())] {
        out.push(separator);
        push_digits(out, u32::from(part.unsigned_abs()), 2);
    }
}

/// Append the last `width` (at most 4) decimal digits of `n`, zero-padded: a
/// report writes a million times without `fmt`'s machinery.
fn push_digits(out: &mut String, mut n: u32, width: usize) {
    let mut digits = [b'0'; 4];
    for slot in digits[..width].iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
    }
    for digit in &digits[..width] {
        out.push(char::from(*digit));
    }
}

/// RFC 3339 with the shop's offset, for JSON: `2026-11-23T14:05:09+07:00`.
pub fn rfc3339(time: &LocalTime) -> String {
    let mut out = iso_datetime(time).replacen(' ', "T", 1);
    let total = time.offset.seconds();
    let sign = if total < 0 { '-' } else { '+' };
    let (hours, minutes) = (total.unsigned_abs() / 3600, total.unsigned_abs() % 3600 / 60);
    out.push_str(&format!("{sign}{hours:02}:{minutes:02}"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_time_uses_the_shop_zone_and_drops_milliseconds() {
        let tz = TimeZone::get("Asia/Jakarta").unwrap();
        // 2026-11-23 05:00:00.750 UTC is noon in Jakarta.
        let ms = jiff::civil::date(2026, 11, 23)
            .at(5, 0, 0, 0)
            .to_zoned(TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_millisecond()
            + 750;
        let t = LocalTime::of_ms(ms, &tz);
        assert_eq!(iso_datetime(&t), "2026-11-23 12:00:00");
        assert_eq!(rfc3339(&t), "2026-11-23T12:00:00+07:00");
        let tz = TimeZone::get("America/St_Johns").unwrap();
        assert_eq!(rfc3339(&LocalTime::of_ms(ms, &tz)), "2026-11-23T01:30:00-03:30");
        assert_eq!(iso_date(jiff::civil::date(987, 1, 2)), "0987-01-02");
        assert_eq!(iso_date(jiff::civil::date(-5, 12, 31)), "-005-12-31");
        let late = LocalTime::of_ms(ms - 750 + 23 * 3_600_000 + 59 * 60_000 + 59_000, &TimeZone::UTC);
        assert_eq!(iso_datetime(&late), "2026-11-24 04:59:59");
    }
}
