//! How payment methods are named on screen (till, receivables, payables).

use crate::domain::PaymentMethod;
use crate::tui::i18n::Lang;

/// The method's name as the screens show it.
pub fn method_label(method: PaymentMethod, lang: Lang) -> &'static str {
    match method {
        PaymentMethod::Cash => lang.pick("Cash", "Tunai"),
        PaymentMethod::Transfer => "Transfer",
        PaymentMethod::Qris => "QRIS",
        PaymentMethod::Credit => lang.pick("Credit", "Kredit/bon"),
        PaymentMethod::Points => lang.pick("Points", "Poin"),
    }
}
