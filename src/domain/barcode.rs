//! Barcodes: any scanned code is accepted; codes shaped like EAN-13, EAN-8 or UPC-A
//! must carry a correct check digit. Generated codes are EAN-13 in the GS1 in-store
//! range (prefix 20–29) so they never collide with a manufacturer's code.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BarcodeError {
    #[error("barcode is empty")]
    Empty,
    #[error("barcode '{0}' is longer than 48 characters")]
    TooLong(String),
    #[error("barcode '{0}' may only contain letters, digits, '-', '.' and '/'")]
    BadCharacter(String),
    #[error("barcode '{code}' has a wrong {kind} check digit (expected {expected})")]
    CheckDigit { code: String, kind: &'static str, expected: u8 },
    #[error("in-store prefix must be 20–29, not {0}")]
    Prefix(u8),
    #[error("in-store barcode sequence {0} does not fit in 10 digits")]
    SequenceExhausted(u64),
}

impl BarcodeError {
    /// The sentence in `lang`; `Display` is the English one.
    pub fn text(&self, lang: crate::lang::Lang) -> String {
        match lang {
            crate::lang::Lang::En => self.to_string(),
            crate::lang::Lang::Id => match self {
                BarcodeError::Empty => "barcode kosong".into(),
                BarcodeError::TooLong(code) => format!("barcode '{code}' lebih dari 48 karakter"),
                BarcodeError::BadCharacter(code) => {
                    format!("barcode '{code}' hanya boleh berisi huruf, angka, '-', '.' dan '/'")
                }
                BarcodeError::CheckDigit { code, kind, expected } => {
                    format!("angka periksa {kind} barcode '{code}' salah (seharusnya {expected})")
                }
                BarcodeError::Prefix(prefix) => format!("awalan barcode toko harus 20–29, bukan {prefix}"),
                BarcodeError::SequenceExhausted(n) => format!("urutan barcode toko {n} tidak muat dalam 10 angka"),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbology {
    Ean13,
    Ean8,
    UpcA,
    Other,
}

/// GS1 mod-10 check digit over the digits that precede it.
pub fn gs1_check_digit(payload: &[u8]) -> u8 {
    // Weights alternate 3,1,… starting from the digit next to the check digit.
    let sum: u32 = payload.iter().rev().enumerate().map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 }).sum();
    ((10 - sum % 10) % 10) as u8
}

fn symbology_of(code: &str) -> Symbology {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Symbology::Other;
    }
    match code.len() {
        13 => Symbology::Ean13,
        8 => Symbology::Ean8,
        12 => Symbology::UpcA,
        _ => Symbology::Other,
    }
}

/// Digits shaped like a retail barcode (EAN-8, UPC-A, EAN-13, GTIN-14) with a
/// correct check digit: what a scanner sends, not what a person types as money.
pub fn looks_scanned(text: &str) -> bool {
    let code = text.trim();
    if !matches!(code.len(), 8 | 12 | 13 | 14) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u8> = code.bytes().map(|b| b - b'0').collect();
    let (payload, check) = digits.split_at(digits.len() - 1);
    gs1_check_digit(payload) == check[0]
}

/// Validate a scanned or typed code and return it trimmed.
pub fn validate(input: &str) -> Result<String, BarcodeError> {
    let code = input.trim();
    if code.is_empty() {
        return Err(BarcodeError::Empty);
    }
    if code.len() > 48 {
        return Err(BarcodeError::TooLong(code.to_string()));
    }
    if !code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '/')) {
        return Err(BarcodeError::BadCharacter(code.to_string()));
    }
    let kind = match symbology_of(code) {
        Symbology::Ean13 => "EAN-13",
        Symbology::Ean8 => "EAN-8",
        Symbology::UpcA => "UPC-A",
        Symbology::Other => return Ok(code.to_string()),
    };
    let digits: Vec<u8> = code.bytes().map(|b| b - b'0').collect();
    let (payload, check) = digits.split_at(digits.len() - 1);
    let expected = gs1_check_digit(payload);
    if check[0] != expected {
        return Err(BarcodeError::CheckDigit { code: code.to_string(), kind, expected });
    }
    Ok(code.to_string())
}

/// The `sequence`-th in-store EAN-13 code under `prefix` (20–29): prefix, ten digits
/// of sequence, check digit.
pub fn in_store_ean13(prefix: u8, sequence: u64) -> Result<String, BarcodeError> {
    if !(20..=29).contains(&prefix) {
        return Err(BarcodeError::Prefix(prefix));
    }
    if sequence > 9_999_999_999 {
        return Err(BarcodeError::SequenceExhausted(sequence));
    }
    let payload = format!("{prefix:02}{sequence:010}");
    let digits: Vec<u8> = payload.bytes().map(|b| b - b'0').collect();
    Ok(format!("{payload}{}", gs1_check_digit(&digits)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanned_shapes_are_recognised() {
        assert!(looks_scanned("8996626506137"));
        assert!(looks_scanned(" 089686010947 "));
        assert!(!looks_scanned("8996626506138"), "wrong check digit");
        assert!(!looks_scanned("200000"));
        assert!(!looks_scanned("AQ-600"));
    }

    #[test]
    fn accepts_real_product_codes() {
        // Indomie goreng, Aqua 600ml style EAN-13 codes from Indonesia (899 prefix).
        assert_eq!(validate("8998866200578"), Ok("8998866200578".into()));
        assert_eq!(validate(" 4006381333931 "), Ok("4006381333931".into()));
        assert_eq!(validate("96385074"), Ok("96385074".into())); // EAN-8
        assert_eq!(validate("036000291452"), Ok("036000291452".into())); // UPC-A
    }

    #[test]
    fn rejects_wrong_check_digits_naming_the_expected_one() {
        assert_eq!(
            validate("4006381333932"),
            Err(BarcodeError::CheckDigit { code: "4006381333932".into(), kind: "EAN-13", expected: 1 })
        );
        assert!(matches!(validate("96385075"), Err(BarcodeError::CheckDigit { kind: "EAN-8", .. })));
        assert!(matches!(validate("036000291453"), Err(BarcodeError::CheckDigit { kind: "UPC-A", .. })));
    }

    #[test]
    fn accepts_other_codes_as_they_are() {
        assert_eq!(validate("ABC-123"), Ok("ABC-123".into()));
        assert_eq!(validate("12345"), Ok("12345".into()));
        assert_eq!(validate(""), Err(BarcodeError::Empty));
        assert!(matches!(validate("a b"), Err(BarcodeError::BadCharacter(_))));
        assert!(matches!(validate(&"1".repeat(49)), Err(BarcodeError::TooLong(_))));
    }

    #[test]
    fn generates_valid_in_store_codes() {
        let first = in_store_ean13(20, 1).unwrap();
        assert_eq!(first.len(), 13);
        assert!(first.starts_with("200000000001"));
        assert_eq!(validate(&first), Ok(first.clone()));
        for seq in [0, 7, 123_456, 9_999_999_999] {
            let code = in_store_ean13(29, seq).unwrap();
            assert!(validate(&code).is_ok(), "{code}");
        }
        assert_eq!(in_store_ean13(19, 1), Err(BarcodeError::Prefix(19)));
        assert_eq!(in_store_ean13(20, 10_000_000_000), Err(BarcodeError::SequenceExhausted(10_000_000_000)));
    }

    #[test]
    fn generated_codes_are_unique_per_sequence() {
        let codes: std::collections::HashSet<String> = (0..10_000).map(|s| in_store_ean13(21, s).unwrap()).collect();
        assert_eq!(codes.len(), 10_000);
    }
}
