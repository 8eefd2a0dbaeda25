//! The user's language. Every text a user reads exists in Indonesian and English:
//! screens give both at the call site (`lang.pick("Items", "Barang")`), services
//! give typed errors whose text is chosen here (see `ServiceError::text`).

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn pick<'a>(self, en: &'a str, id: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Id => id,
        }
    }

    /// `number`, written with a decimal point (`94.1`), with this language's decimal
    /// mark: `94,1` in Indonesian, where `.` groups thousands (`12.500`).
    pub fn decimal_mark(self, number: &str) -> String {
        match self {
            Lang::En => number.to_string(),
            Lang::Id => number.replace('.', ","),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "id" | "in" | "indonesian" | "bahasa" => Some(Lang::Id),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// From a LANG-style locale: `id_ID.UTF-8` → Indonesian, anything else → English.
    pub fn from_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("id") => Lang::Id,
            _ => Lang::En,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_take_the_languages_mark() {
        assert_eq!(Lang::Id.decimal_mark(&format!("{:.1}%", 94.06)), "94,1%");
        assert_eq!(Lang::En.decimal_mark(&format!("{:.1}%", 94.06)), "94.1%");
    }

    #[test]
    fn locale_picks_the_language() {
        assert_eq!(Lang::from_locale(Some("id_ID.UTF-8")), Lang::Id);
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
        assert_eq!(Lang::parse("ID"), Some(Lang::Id));
        assert_eq!(Lang::parse("fr"), None);
    }
}
