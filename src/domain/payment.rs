//! How a sale is paid.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentMethod {
    Cash,
    Transfer,
    Qris,
    /// On account: becomes a receivable.
    Credit,
    /// A member's points (at the till only; not among `ALL`, which other payments use).
    Points,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 4] =
        [PaymentMethod::Cash, PaymentMethod::Transfer, PaymentMethod::Qris, PaymentMethod::Credit];

    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Transfer => "transfer",
            PaymentMethod::Qris => "qris",
            PaymentMethod::Credit => "credit",
            PaymentMethod::Points => "points",
        }
    }
}

impl fmt::Display for PaymentMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a payment method (use cash, transfer, qris or credit)")]
pub struct UnknownPaymentMethod(pub String);

impl FromStr for PaymentMethod {
    type Err = UnknownPaymentMethod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cash" | "tunai" => Ok(PaymentMethod::Cash),
            "transfer" | "tf" => Ok(PaymentMethod::Transfer),
            "qris" => Ok(PaymentMethod::Qris),
            "credit" | "kredit" | "hutang" | "bon" => Ok(PaymentMethod::Credit),
            "points" | "poin" => Ok(PaymentMethod::Points),
            _ => Err(UnknownPaymentMethod(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_english_and_indonesian_names() {
        assert_eq!("Tunai".parse(), Ok(PaymentMethod::Cash));
        assert_eq!("bon".parse(), Ok(PaymentMethod::Credit));
        assert_eq!("QRIS".parse(), Ok(PaymentMethod::Qris));
        assert!("cek".parse::<PaymentMethod>().is_err());
    }
}
