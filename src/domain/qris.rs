//! QRIS, Indonesia's QR payment standard (EMVCo merchant-presented mode). The shop
//! stores the static payload its bank gave it; the till turns it into a dynamic
//! one for the exact amount: point of initiation `01` = "12", the amount in tag
//! `54`, every other field kept as it was, and a fresh CRC-16/CCITT-FALSE in tag
//! `63`. The customer's banking app then shows the amount already filled in.
//!
//! A payload is a run of fields `IDLLVALUE`: a two-digit ID, a two-digit length,
//! then that many characters. It starts with `000201` (payload format 01) and ends
//! with `6304` and four hex digits of CRC over everything before them.

use super::Money;
use crate::lang::Lang;

/// Bank Indonesia's limit for one QRIS payment (Rp 10.000.000 per transaction).
pub const MAX_AMOUNT: Money = Money::new(10_000_000);

#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error, strum::EnumIter)]
pub enum QrisError {
    #[error(
        "not a QRIS payload: it must start with 000201 (EMVCo payload format 01); paste the text from the QR or import the QR image"
    )]
    NotEmvco,
    #[error("the QRIS payload is damaged at character {at}: {what}")]
    Damaged { at: usize, what: String },
    #[error("the QRIS payload's CRC is {found} but its content gives {expected}: it is damaged or mistyped")]
    Crc { found: String, expected: String },
    #[error("this QR is not an Indonesian rupiah QRIS ({0}); use the QRIS your bank gave the shop")]
    Foreign(String),
    #[error("QRIS takes at most Rp 10.000.000 in one payment, not {0}; split it (Tab: another method for the rest)")]
    AboveLimit(Money),
    #[error("a QRIS amount must be more than 0")]
    #[default]
    Zero,
}

impl QrisError {
    /// The sentence in `lang`; `Display` is the English one.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Id => match self {
                QrisError::NotEmvco => "bukan payload QRIS: harus diawali 000201 (format payload EMVCo 01); tempel teks dari QR atau impor gambar QR-nya".into(),
                QrisError::Damaged { at, what } => format!("payload QRIS rusak di karakter {at}: {what}"),
                QrisError::Crc { found, expected } => format!(
                    "CRC payload QRIS {found} padahal isinya menghasilkan {expected}: rusak atau salah ketik"
                ),
                QrisError::Foreign(what) => {
                    format!("QR ini bukan QRIS rupiah Indonesia ({what}); pakai QRIS yang diberikan bank untuk toko")
                }
                QrisError::AboveLimit(amount) => format!(
                    "QRIS paling banyak Rp 10.000.000 sekali bayar, bukan {amount}; pisahkan (Tab: cara lain untuk sisanya)"
                ),
                QrisError::Zero => "jumlah QRIS harus lebih dari 0".into(),
            },
        }
    }
}

/// A checked payload: its fields in order, without the CRC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    fields: Vec<(String, String)>,
}

/// CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection.
pub fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for byte in data {
        crc ^= u16::from(*byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

fn damaged(at: usize, what: impl Into<String>) -> QrisError {
    QrisError::Damaged { at: at + 1, what: what.into() }
}

/// The fields of a TLV run (`IDLLVALUE…`), checked for shape only.
fn fields(text: &str) -> Result<Vec<(String, String)>, QrisError> {
    let mut found = Vec::new();
    let mut at = 0;
    let chars: Vec<char> = text.chars().collect();
    while at < chars.len() {
        let head: String = chars.iter().skip(at).take(4).collect();
        if head.len() < 4 || !head.bytes().all(|b| b.is_ascii_digit()) {
            return Err(damaged(at, format!("expected a field ID and length (4 digits), found '{head}'")));
        }
        let length: usize = head[2..].parse().unwrap_or(0);
        if at + 4 + length > chars.len() {
            return Err(damaged(at, format!("field {} says {length} characters but the text ends first", &head[..2])));
        }
        let value: String = chars[at + 4..at + 4 + length].iter().collect();
        found.push((head[..2].to_string(), value));
        at += 4 + length;
    }
    Ok(found)
}

impl Payload {
    /// Check a payload as pasted or decoded from the bank's QR image.
    pub fn parse(text: &str) -> Result<Payload, QrisError> {
        let text = text.trim();
        if !text.starts_with("000201") {
            return Err(QrisError::NotEmvco);
        }
        let Some(crc_at) = text.len().checked_sub(8).filter(|at| text.is_char_boundary(*at)) else {
            return Err(damaged(0, "too short"));
        };
        let (body, crc_field) = text.split_at(crc_at);
        if !crc_field.starts_with("6304") {
            return Err(damaged(crc_at, "it must end with the CRC field 6304 and four hex digits"));
        }
        let mut fields = fields(body)?;
        let expected = format!("{:04X}", crc16(format!("{body}6304").as_bytes()));
        let found = crc_field[4..].to_ascii_uppercase();
        if found != expected {
            return Err(QrisError::Crc { found: crc_field[4..].to_string(), expected });
        }
        if fields.iter().any(|(id, _)| id == "63") {
            return Err(damaged(0, "a CRC field (63) before the end"));
        }
        let get = |id: &str| fields.iter().find(|(i, _)| i == id).map(|(_, v)| v.as_str());
        if get("58") != Some("ID") {
            return Err(QrisError::Foreign(format!("country {}", get("58").unwrap_or("missing"))));
        }
        if get("53") != Some("360") {
            return Err(QrisError::Foreign(format!("currency {}", get("53").unwrap_or("missing"))));
        }
        if !fields.iter().any(|(id, _)| ("26".."52").contains(&id.as_str())) {
            return Err(QrisError::Foreign("no merchant account (fields 26–51)".into()));
        }
        // A dynamic payload pasted by mistake: keep its merchant, drop its amount.
        fields.retain(|(id, _)| id != "54");
        Ok(Payload { fields })
    }

    pub fn merchant_name(&self) -> Option<&str> {
        self.fields.iter().find(|(id, _)| id == "59").map(|(_, v)| v.as_str())
    }

    /// The dynamic payload for `amount`: initiation 12, amount in tag 54 (in ID
    /// order), everything else as the shop's payload has it, and a new CRC.
    pub fn for_amount(&self, amount: Money) -> Result<String, QrisError> {
        if amount <= Money::ZERO {
            return Err(QrisError::Zero);
        }
        if amount > MAX_AMOUNT {
            return Err(QrisError::AboveLimit(amount));
        }
        let mut fields: Vec<(&str, String)> =
            self.fields.iter().filter(|(id, _)| id != "01").map(|(id, v)| (id.as_str(), v.clone())).collect();
        fields.insert(1, ("01", "12".to_string()));
        let at = fields.iter().position(|(id, _)| *id > "54").unwrap_or(fields.len());
        fields.insert(at, ("54", amount.rupiah().to_string()));
        let mut text: String = fields.iter().map(|(id, v)| format!("{id}{:02}{v}", v.chars().count())).collect();
        text.push_str("6304");
        let crc = crc16(text.as_bytes());
        text.push_str(&format!("{crc:04X}"));
        Ok(text)
    }
}

/// The amount a dynamic payload asks for (tag 54), once its CRC checks out.
pub fn amount_of(text: &str) -> Result<Option<Money>, QrisError> {
    Payload::parse(text)?;
    let body = &text.trim()[..text.trim().len() - 8];
    Ok(fields(body)?.into_iter().find(|(id, _)| id == "54").and_then(|(_, v)| v.parse().ok()).map(Money::new))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A static QRIS as a bank would print it (shortened merchant fields).
    pub fn static_payload() -> String {
        let body = "00020101021126240014ID.CO.QRIS.WWW0102015204541153033605802ID5908TOKOMAJU6007JAKARTA";
        let text = format!("{body}6304");
        format!("{text}{:04X}", crc16(text.as_bytes()))
    }

    #[test]
    fn crc16_ccitt_false_check_value() {
        assert_eq!(crc16(b"123456789"), 0x29B1);
    }

    #[test]
    fn a_static_payload_becomes_a_dynamic_one_for_the_amount() {
        let payload = Payload::parse(&static_payload()).unwrap();
        assert_eq!(payload.merchant_name(), Some("TOKOMAJU"));
        let dynamic = payload.for_amount(Money::new(45_200)).unwrap();
        assert!(dynamic.starts_with("000201010212"), "{dynamic}");
        assert!(dynamic.contains("53033605405452005802ID"), "amount after the currency: {dynamic}");
        assert_eq!(amount_of(&dynamic), Ok(Some(Money::new(45_200))));
        // Everything else is kept: made again from the dynamic payload, it comes out the same.
        assert_eq!(Payload::parse(&dynamic).unwrap().for_amount(Money::new(45_200)).unwrap(), dynamic);
    }

    #[test]
    fn damaged_and_foreign_payloads_are_refused_with_what_is_wrong() {
        let good = static_payload();
        let flipped = good.replace("TOKOMAJU", "TOKOMAJA");
        assert!(matches!(Payload::parse(&flipped), Err(QrisError::Crc { .. })));
        assert_eq!(Payload::parse("https://example.com/pay"), Err(QrisError::NotEmvco));
        let cut = &good[..good.len() - 2];
        assert!(matches!(Payload::parse(cut), Err(QrisError::Damaged { .. })));
        let body = "00020101021126240014ID.CO.QRIS.WWW0102015204541153038405802US5908TOKOMAJU6007JAKARTA6304";
        let foreign = format!("{body}{:04X}", crc16(body.as_bytes()));
        assert!(matches!(Payload::parse(&foreign), Err(QrisError::Foreign(_))), "US dollars");
    }

    #[test]
    fn amounts_above_the_qris_limit_or_zero_are_refused() {
        let payload = Payload::parse(&static_payload()).unwrap();
        assert!(payload.for_amount(MAX_AMOUNT).is_ok());
        assert_eq!(payload.for_amount(Money::new(10_000_001)), Err(QrisError::AboveLimit(Money::new(10_000_001))));
        assert_eq!(payload.for_amount(Money::ZERO), Err(QrisError::Zero));
    }
}
