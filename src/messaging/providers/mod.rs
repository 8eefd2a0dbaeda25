//! Providers behind one small trait. Each turns a message into one request and the
//! answer into a classified [`SendOutcome`]; none of them logs a credential.

pub mod file;
pub mod fonnte;
pub mod twilio;
pub mod whatsapp_cloud;

use std::path::Path;
use std::time::Duration;

use futures::future::BoxFuture;

use super::{OutgoingMessage, SendOutcome};
use crate::services::{Refusal, Result, Shop};

pub trait Provider: Send + Sync {
    /// The name used in settings and `channel_state` (`file`, `whatsapp_cloud`, …).
    fn name(&self) -> &'static str;
    fn send<'a>(&'a self, msg: &'a OutgoingMessage) -> BoxFuture<'a, SendOutcome>;

    /// The credentials it sends, to be removed from anything it answers.
    fn secrets(&self) -> Vec<String> {
        Vec::new()
    }

    /// Of `ids` (messages whose request may or may not have arrived), those this
    /// provider provably took, with their provider ids; `None` when it cannot tell and
    /// statuses must come from its webhooks.
    fn taken(&self, _ids: &[i64]) -> Option<std::collections::HashMap<i64, String>> {
        None
    }
}

/// How long one request may take before its outcome counts as unknown.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// The provider chosen in `messaging.provider`, configured from settings (secrets may
/// come from environment variables, see [`crate::services::settings::env_var`]).
/// A setting that must be set, or an error naming it and its environment variable.
pub fn required_setting(shop: &Shop, key: &str) -> Result<String> {
    let value = shop.setting(key)?;
    if value.trim().is_empty() {
        return Err(
            Refusal::SettingMissing { key: key.to_string(), env: crate::services::settings::env_var(key) }.into()
        );
    }
    Ok(value)
}

pub fn from_settings(shop: &Shop, db: &Path, timeout: Duration) -> Result<Box<dyn Provider>> {
    let need = |key: &str| required_setting(shop, key);
    let client = || http_client(timeout);
    Ok(match shop.setting("messaging.provider")?.as_str() {
        "whatsapp_cloud" => Box::new(whatsapp_cloud::WhatsAppCloud {
            client: client()?,
            base_url: need("whatsapp_cloud.base_url")?,
            phone_number_id: need("whatsapp_cloud.phone_number_id")?,
            token: need("whatsapp_cloud.token")?,
        }),
        "fonnte" => Box::new(fonnte::Fonnte {
            client: client()?,
            base_url: need("fonnte.base_url")?,
            token: need("fonnte.token")?,
        }),
        "twilio" => Box::new(twilio::Twilio {
            client: client()?,
            base_url: need("twilio.base_url")?,
            account_sid: need("twilio.account_sid")?,
            auth_token: need("twilio.auth_token")?,
            from: need("twilio.from")?,
        }),
        _ => Box::new(file::FileProvider::open(&file_path(shop, db)?)?),
    })
}

/// Twilio for SMS beside a WhatsApp-only provider, when its settings are complete.
pub fn sms_fallback(shop: &Shop, timeout: Duration) -> Result<Option<Box<dyn Provider>>> {
    if !shop.sms_fallback_configured()? {
        return Ok(None);
    }
    Ok(Some(Box::new(twilio::Twilio {
        client: http_client(timeout)?,
        base_url: shop.setting("twilio.base_url")?,
        account_sid: shop.setting("twilio.account_sid")?,
        auth_token: shop.setting("twilio.auth_token")?,
        from: shop.setting("twilio.from")?,
    })))
}

/// `messaging.file_path`, or messages.jsonl beside the database.
pub fn file_path(shop: &Shop, db: &Path) -> Result<std::path::PathBuf> {
    let set = shop.setting("messaging.file_path")?;
    Ok(if set.trim().is_empty() {
        db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("messages.jsonl")
    } else {
        set.into()
    })
}

pub fn http_client(timeout: Duration) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(10))
        .user_agent(concat!("warung/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Refusal::HttpSetup { detail: e.to_string() }.into())
}

/// The body of an answer, shortened for an error message.
async fn answer_text(response: reqwest::Response) -> std::result::Result<String, reqwest::Error> {
    let text = response.text().await?;
    Ok(text.chars().take(300).collect())
}
