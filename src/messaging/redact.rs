//! Provider answers sometimes echo the request back: an `Authorization` header, Basic
//! credentials, the access token. Everything a provider says passes through a
//! [`Redactor`] before it is stored (`last_error`, a halt reason), logged or printed.

use std::sync::LazyLock;

use regex::Regex;

use crate::services::Shop;
use crate::services::settings::SETTINGS;

/// What stands in for a removed credential.
pub const REDACTED: &str = "[redacted]";

/// Credential shapes, whatever the secret: the value of an `Authorization` header or
/// field, `Bearer …` and `Basic …` credentials, `token=…`-style fields, and Meta's
/// access tokens (`EAA…`).
static SHAPES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // Authorization: Bearer abc / "authorization":"Basic abc" / authorization=abc
        r#"(?i)(authorization["']?\s*[:=]\s*["']?)[^"'\r\n,;}]+"#,
        r"(?i)(\b(?:bearer|basic)\s+)[A-Za-z0-9._~+/=-]{4,}",
        r#"(?i)((?:access_token|auth_token|api_key|apikey|token|secret|password)["']?\s*[:=]\s*["']?)[^"'\s&,;}]+"#,
        r"()\bEAA[A-Za-z0-9]{16,}",
        // Credentials in a URL: https://user:password@host
        r"(?i)(\bhttps?://[^/\s:@]+:)[^@\s/]+(@)",
    ]
    .iter()
    .map(|pattern| Regex::new(pattern).expect("redaction patterns are valid"))
    .collect()
});

/// Removes the configured secrets and credential shapes from provider text.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    /// With these secret values (empty and very short ones are ignored: they would
    /// blank out ordinary words).
    pub fn new(secrets: impl IntoIterator<Item = String>) -> Redactor {
        let mut secrets: Vec<String> = secrets.into_iter().filter(|s| s.trim().chars().count() >= 4).collect();
        // Longest first, so a secret containing another is removed whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Redactor { secrets }
    }

    /// Every secret setting of the shop (stored or from the environment).
    pub fn for_shop(shop: &Shop) -> Redactor {
        Redactor::for_shop_and(shop, Vec::new())
    }

    /// The shop's secrets and these.
    pub fn for_shop_and(shop: &Shop, more: Vec<String>) -> Redactor {
        let settings = SETTINGS.iter().filter(|d| d.secret).filter_map(|d| shop.setting(d.key).ok());
        Redactor::new(settings.chain(more))
    }

    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        for shape in SHAPES.iter() {
            out = shape
                .replace_all(&out, |c: &regex::Captures<'_>| {
                    format!("{}{REDACTED}{}", &c[1], c.get(2).map_or("", |m| m.as_str()))
                })
                .into_owned();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_secrets_and_credential_shapes_are_removed() {
        let r = Redactor::new(["very-secret-token".to_string(), "".into(), "ab".into()]);
        let cases = [
            ("token very-secret-token refused", "token [redacted] refused"),
            ("Authorization: Bearer abc.def-123", "Authorization: [redacted]"),
            (
                r#"{"headers":{"Authorization":"Basic QUMxOnNlY3JldA=="}}"#,
                r#"{"headers":{"Authorization":"[redacted]"}}"#,
            ),
            ("sent with bearer EAAGm0PX4ZCpsBAxyz now", "sent with bearer [redacted] now"),
            ("EAAGm0PX4ZCpsBAxyzxyzxyz is invalid", "[redacted] is invalid"),
            ("url?access_token=abc123&x=1", "url?access_token=[redacted]&x=1"),
            (r#"{"token":"f0nnte"}"#, r#"{"token":"[redacted]"}"#),
            ("https://AC1:hunter22@api.twilio.com/x", "https://AC1:[redacted]@api.twilio.com/x"),
            ("Message undeliverable", "Message undeliverable"),
            ("WhatsApp error 131026: ab", "WhatsApp error 131026: ab"),
        ];
        for (input, want) in cases {
            assert_eq!(r.redact(input), want, "{input}");
        }
    }
}
