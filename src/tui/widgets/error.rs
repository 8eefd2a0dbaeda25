//! The one place a service's error becomes text for the screen, so every screen
//! says it the same way and in the user's language.

use crate::services::ServiceError;
use crate::tui::i18n::Lang;

/// What the screen shows for `err`.
pub fn error_text(err: &ServiceError, lang: Lang) -> String {
    err.text(lang)
}
