//! Stored codes as people read them. A report writes a message's state, a debt's
//! age bucket or a weekday as its code (`sent`, `1-30`, `Monday`: scripts rely on
//! them); a screen or an aligned table shows the word for it in the user's language.

use std::borrow::Cow;

use super::receivable::AgingBucket;
use super::rfm::segment_name;
use super::tier::PriceTier;
use crate::lang::Lang;

/// A set of codes one column draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vocabulary {
    /// English weekday names, `Monday` first.
    Weekday,
    /// [`AgingBucket`] codes: `current`, `1-30`, …, `90+`.
    AgingBucket,
    /// [`PriceTier`] codes: `retail`, `wholesale1`, `wholesale2`.
    PriceTier,
    /// A sales-ledger line: `sale` or `return`.
    LineKind,
    /// An outbox message's kind: `receipt`, `winback`, …
    MessageKind,
    /// An outbox message's state: `pending`, `sent`, …
    MessageStatus,
    /// A WhatsApp order's state: `new`, `confirmed`, `completed`, `cancelled`.
    OrderStatus,
    /// A member-points move: `earn`, `redeem`, `unearn`, `refund`, `expire`.
    PointsMove,
    /// What a recommendation was: a `refill` reminder or a `till` suggestion.
    Recommendation,
    /// The span a health row covers: `before` the range, or the range (`after`).
    Span,
    /// An RFM segment or a cluster's stored name (`At risk`, `Regulars`).
    Segment,
}

/// (code, English, Indonesian) rows of a vocabulary.
pub type Table = &'static [(&'static str, &'static str, &'static str)];

const WEEKDAYS: Table = &[
    ("Monday", "Monday", "Senin"),
    ("Tuesday", "Tuesday", "Selasa"),
    ("Wednesday", "Wednesday", "Rabu"),
    ("Thursday", "Thursday", "Kamis"),
    ("Friday", "Friday", "Jumat"),
    ("Saturday", "Saturday", "Sabtu"),
    ("Sunday", "Sunday", "Minggu"),
];

const LINE_KINDS: Table = &[("sale", "sale", "penjualan"), ("return", "return", "retur")];

/// Every outbox state, in the order the outbox filter offers them.
pub const MESSAGE_STATUSES: Table = &[
    ("pending", "pending", "menunggu"),
    ("failed", "failed", "gagal"),
    ("dead", "dead", "berhenti"),
    ("unknown", "unknown", "tak pasti"),
    ("skipped", "skipped", "dilewati"),
    ("held", "held", "ditahan"),
    ("sending", "sending", "mengirim"),
    ("sent", "sent", "terkirim"),
    ("delivered", "delivered", "sampai"),
    ("read", "read", "dibaca"),
    ("cancelled", "cancelled", "batal"),
];

/// Every outbox kind, in the order the outbox filter offers them.
pub const MESSAGE_KINDS: Table = &[
    ("receipt", "receipt", "struk"),
    ("reminder", "reminder", "pengingat"),
    ("winback", "win-back", "ajak balik"),
    ("birthday", "birthday", "ulang tahun"),
    ("campaign", "campaign", "kampanye"),
    ("refill", "refill", "beli lagi"),
    // The assistant's answers, and the owner's digest and alerts: short enough for
    // the outbox's Kind column.
    ("reply", "assistant", "asisten"),
    ("digest", "to owner", "ke pemilik"),
];

const ORDER_STATUSES: Table = &[
    ("new", "new", "baru"),
    ("confirmed", "confirmed", "dikonfirmasi"),
    ("completed", "completed", "selesai"),
    ("cancelled", "cancelled", "batal"),
];

const POINTS_MOVES: Table = &[
    ("earn", "earned", "diperoleh"),
    ("redeem", "redeemed", "ditukar"),
    // A returned sale takes back what it earned and gives back what it redeemed.
    ("unearn", "taken back", "ditarik"),
    ("refund", "given back", "dikembalikan"),
    ("expire", "expired", "kedaluwarsa"),
];

const RECOMMENDATIONS: Table =
    &[("refill", "refill reminders", "pengingat beli lagi"), ("till", "till suggestions", "saran di kasir")];

const SPANS: Table = &[("before", "before", "sebelum"), ("after", "after", "sesudah")];

/// The word for `code` in `table`; a code the table lacks shows as it is.
fn word_in(table: Table, code: &str, lang: Lang) -> &str {
    table.iter().find(|(c, _, _)| *c == code).map_or(code, |(_, en, id)| lang.pick(en, id))
}

impl Vocabulary {
    /// How `code` reads in `lang`; a code it does not know shows as it is.
    pub fn word<'a>(self, code: &'a str, lang: Lang) -> Cow<'a, str> {
        let table = match self {
            Vocabulary::Weekday => WEEKDAYS,
            Vocabulary::LineKind => LINE_KINDS,
            Vocabulary::MessageKind => MESSAGE_KINDS,
            Vocabulary::MessageStatus => MESSAGE_STATUSES,
            Vocabulary::OrderStatus => ORDER_STATUSES,
            Vocabulary::PointsMove => POINTS_MOVES,
            Vocabulary::Recommendation => RECOMMENDATIONS,
            Vocabulary::Span => SPANS,
            Vocabulary::AgingBucket => {
                let bucket = AgingBucket::ALL.into_iter().find(|b| b.code() == code);
                return Cow::Borrowed(bucket.map_or(code, |b| b.label(lang)));
            }
            Vocabulary::PriceTier => {
                return Cow::Borrowed(code.parse::<PriceTier>().map_or(code, |tier| tier.label(lang)));
            }
            Vocabulary::Segment => return Cow::Owned(segment_name(code, lang)),
        };
        Cow::Borrowed(word_in(table, code, lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_as_words_and_unknown_codes_as_they_are() {
        let id = |vocabulary: Vocabulary, code: &'static str| vocabulary.word(code, Lang::Id).into_owned();
        assert_eq!(id(Vocabulary::Weekday, "Monday"), "Senin");
        assert_eq!(id(Vocabulary::AgingBucket, "current"), "belum jatuh tempo");
        assert_eq!(id(Vocabulary::AgingBucket, "90+"), "90+");
        assert_eq!(id(Vocabulary::PriceTier, "wholesale1"), "Grosir 1");
        assert_eq!(id(Vocabulary::LineKind, "return"), "retur");
        assert_eq!(id(Vocabulary::MessageKind, "winback"), "ajak balik");
        assert_eq!(id(Vocabulary::MessageStatus, "delivered"), "sampai");
        assert_eq!(id(Vocabulary::OrderStatus, "completed"), "selesai");
        assert_eq!(id(Vocabulary::PointsMove, "expire"), "kedaluwarsa");
        assert_eq!(id(Vocabulary::Recommendation, "till"), "saran di kasir");
        assert_eq!(id(Vocabulary::Span, "before"), "sebelum");
        assert_eq!(id(Vocabulary::Segment, "At risk"), "Berisiko");
        assert_eq!(id(Vocabulary::Segment, "Occasional 2"), "Sesekali 2");
        assert_eq!(id(Vocabulary::MessageStatus, "sideways"), "sideways");
        assert_eq!(Vocabulary::AgingBucket.word("current", Lang::En), "current");
        assert_eq!(Vocabulary::PriceTier.word("retail", Lang::En), "Retail");
    }
}
