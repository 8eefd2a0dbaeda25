//! Invoice number formats such as `INV/{YYMMDD}/{SEQ:4}`.
//!
//! Placeholders: `{YYYY}`, `{YY}`, `{MM}`, `{DD}`, `{YYMMDD}`, `{YYYYMMDD}` (the shop's
//! local date) and `{SEQ}` or `{SEQ:n}` (the sequence, zero-padded to n digits).
//! Exactly one `{SEQ}` is required so numbers can never repeat.

use jiff::civil::Date;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceFormatError {
    #[error("invoice format needs exactly one {{SEQ}} or {{SEQ:n}} placeholder")]
    MissingSeq,
    #[error("invoice format has an unknown placeholder {{{0}}} (use YYYY, YY, MM, DD, YYMMDD, YYYYMMDD, SEQ)")]
    Unknown(String),
    #[error("invoice format has an unclosed '{{'")]
    Unclosed,
    #[error("invoice format {{SEQ:{0}}}: the width must be 1–9")]
    Width(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Date(&'static str),
    Seq(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceFormat {
    parts: Vec<Part>,
}

impl InvoiceFormat {
    pub fn parse(format: &str) -> Result<Self, InvoiceFormatError> {
        let mut parts = Vec::new();
        let mut rest = format;
        let mut seq_count = 0;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let close = rest[open..].find('}').ok_or(InvoiceFormatError::Unclosed)? + open;
            let name = &rest[open + 1..close];
            let part = match name {
                "YYYY" => Part::Date("%Y"),
                "YY" => Part::Date("%y"),
                "MM" => Part::Date("%m"),
                "DD" => Part::Date("%d"),
                "YYMMDD" => Part::Date("%y%m%d"),
                "YYYYMMDD" => Part::Date("%Y%m%d"),
                "SEQ" => Part::Seq(1),
                other => match other.strip_prefix("SEQ:") {
                    Some(width) => match width.parse::<usize>() {
                        Ok(w @ 1..=9) => Part::Seq(w),
                        _ => return Err(InvoiceFormatError::Width(width.to_string())),
                    },
                    None => return Err(InvoiceFormatError::Unknown(other.to_string())),
                },
            };
            if matches!(part, Part::Seq(_)) {
                seq_count += 1;
            }
            parts.push(part);
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        if seq_count != 1 {
            return Err(InvoiceFormatError::MissingSeq);
        }
        Ok(InvoiceFormat { parts })
    }

    /// The key under which the sequence counts: the format with the date filled in
    /// and `{SEQ}` left out, so `INV/{YYMMDD}/{SEQ:4}` restarts at 1 each day while
    /// `INV-{SEQ:6}` counts forever.
    pub fn sequence_scope(&self, date: Date) -> String {
        self.render_with(date, |_| String::from("#"))
    }

    pub fn render(&self, date: Date, sequence: u64) -> String {
        self.render_with(date, |width| format!("{sequence:0width$}"))
    }

    fn render_with(&self, date: Date, seq: impl Fn(usize) -> String) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Date(pattern) => out.push_str(&date.strftime(pattern).to_string()),
                Part::Seq(width) => out.push_str(&seq(*width)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn renders_the_default_format() {
        let f = InvoiceFormat::parse("INV/{YYMMDD}/{SEQ:4}").unwrap();
        assert_eq!(f.render(date(2026, 11, 23), 7), "INV/261123/0007");
        assert_eq!(f.render(date(2026, 11, 23), 12345), "INV/261123/12345");
        assert_eq!(f.sequence_scope(date(2026, 11, 23)), "INV/261123/#");
    }

    #[test]
    fn other_placeholders() {
        let f = InvoiceFormat::parse("{YYYY}-{MM}-{DD}-{SEQ}").unwrap();
        assert_eq!(f.render(date(2026, 1, 5), 3), "2026-01-05-3");
        let f = InvoiceFormat::parse("TK{SEQ:6}").unwrap();
        assert_eq!(f.sequence_scope(date(2026, 1, 5)), f.sequence_scope(date(2027, 3, 1)));
    }

    #[test]
    fn rejects_bad_formats() {
        assert_eq!(InvoiceFormat::parse("INV/{YYMMDD}"), Err(InvoiceFormatError::MissingSeq));
        assert_eq!(InvoiceFormat::parse("{SEQ}{SEQ}"), Err(InvoiceFormatError::MissingSeq));
        assert_eq!(InvoiceFormat::parse("INV/{HH}/{SEQ}"), Err(InvoiceFormatError::Unknown("HH".into())));
        assert_eq!(InvoiceFormat::parse("INV/{SEQ"), Err(InvoiceFormatError::Unclosed));
        assert_eq!(InvoiceFormat::parse("{SEQ:0}"), Err(InvoiceFormatError::Width("0".into())));
    }
}
