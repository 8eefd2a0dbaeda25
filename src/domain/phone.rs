//! Indonesian mobile numbers, stored as digits with the country code (`628123456789`),
//! which is also what WhatsApp and SMS gateways want.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Phone(String);

#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error, strum::EnumIter)]
pub enum PhoneError {
    #[default]
    #[error("phone number is empty")]
    Empty,
    #[error("phone number '{0}' contains '{1}'; use digits, spaces, '-', or a leading '+'")]
    BadCharacter(String, char),
    #[error("'{0}' is not an Indonesian mobile number (it should start 08, +628 or 628)")]
    NotMobile(String),
    #[error("phone number '{0}' is too short")]
    TooShort(String),
    #[error("phone number '{0}' is too long")]
    TooLong(String),
}

impl PhoneError {
    /// The sentence in `lang`; `Display` is the English one.
    pub fn text(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::En, _) => self.to_string(),
            (Lang::Id, PhoneError::Empty) => "nomor HP kosong".into(),
            (Lang::Id, PhoneError::BadCharacter(number, c)) => {
                format!("nomor HP '{number}' berisi '{c}'; pakai angka, spasi, '-', atau '+' di depan")
            }
            (Lang::Id, PhoneError::NotMobile(number)) => {
                format!("'{number}' bukan nomor HP Indonesia (harus diawali 08, +628 atau 628)")
            }
            (Lang::Id, PhoneError::TooShort(number)) => format!("nomor HP '{number}' terlalu pendek"),
            (Lang::Id, PhoneError::TooLong(number)) => format!("nomor HP '{number}' terlalu panjang"),
        }
    }
}

impl Phone {
    /// Accepts `0812-3456-789`, `+62 812…`, `62…`, `0062…` and `812…`.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let original = input.trim();
        if original.is_empty() {
            return Err(PhoneError::Empty);
        }
        let mut digits = String::with_capacity(original.len());
        for (i, ch) in original.chars().enumerate() {
            match ch {
                '0'..='9' => digits.push(ch),
                ' ' | '-' | '.' | '(' | ')' => {}
                '+' if i == 0 => {}
                other => return Err(PhoneError::BadCharacter(original.to_string(), other)),
            }
        }
        let national = if let Some(rest) = digits.strip_prefix("0062") {
            rest
        } else if let Some(rest) = digits.strip_prefix("62") {
            rest
        } else if let Some(rest) = digits.strip_prefix('0') {
            rest
        } else {
            digits.as_str()
        };
        let mut chars = national.chars();
        let mobile_prefix = matches!((chars.next(), chars.next()), (Some('8'), Some('1'..='3' | '5'..='9')));
        if !mobile_prefix {
            if national.len() < 3 {
                return Err(PhoneError::TooShort(original.to_string()));
            }
            return Err(PhoneError::NotMobile(original.to_string()));
        }
        // `8x` plus 7–10 further digits.
        let subscriber = national.len() - 2;
        if subscriber < 7 {
            return Err(PhoneError::TooShort(original.to_string()));
        }
        if subscriber > 10 {
            return Err(PhoneError::TooLong(original.to_string()));
        }
        Ok(Phone(format!("62{national}")))
    }

    /// Normalised digits with country code: `628123456789`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What a person in Indonesia writes: `0812-3456-789`.
    pub fn local(&self) -> String {
        let national = &self.0[2..];
        let mut out = String::from("0");
        for (i, ch) in national.chars().enumerate() {
            if i == 3 || i == 7 {
                out.push('-');
            }
            out.push(ch);
        }
        out
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_form_normalises_to_62() {
        for input in
            ["0812-3456-789", "+62 812 3456 789", "628123456789", "0062 812-3456-789", "8123456789", "(0812) 3456.789"]
        {
            assert_eq!(Phone::parse(input).map(|p| p.as_str().to_string()), Ok("628123456789".to_string()), "{input}");
        }
    }

    #[test]
    fn accepts_the_shortest_and_longest_mobile_numbers() {
        assert_eq!(Phone::parse("0811234567").unwrap().as_str(), "62811234567");
        assert_eq!(Phone::parse("081212345678").unwrap().as_str(), "6281212345678");
        assert!(Phone::parse("0859 1234 5678").is_ok());
    }

    #[test]
    fn rejects_bad_numbers_with_a_reason() {
        assert_eq!(Phone::parse("  "), Err(PhoneError::Empty));
        assert_eq!(Phone::parse("0812-ABC"), Err(PhoneError::BadCharacter("0812-ABC".into(), 'A')));
        assert_eq!(Phone::parse("021-5551234"), Err(PhoneError::NotMobile("021-5551234".into())));
        assert_eq!(Phone::parse("0841234567"), Err(PhoneError::NotMobile("0841234567".into())));
        assert_eq!(Phone::parse("081234"), Err(PhoneError::TooShort("081234".into())));
        assert_eq!(Phone::parse("08123456789012"), Err(PhoneError::TooLong("08123456789012".into())));
        assert_eq!(Phone::parse("+1 415 555 0100"), Err(PhoneError::NotMobile("+1 415 555 0100".into())));
        assert!(matches!(Phone::parse("08+12345678"), Err(PhoneError::BadCharacter(_, '+'))));
    }

    #[test]
    fn shows_local_form() {
        assert_eq!(Phone::parse("628123456789").unwrap().local(), "0812-3456-789");
    }
}
