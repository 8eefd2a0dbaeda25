//! The WhatsApp Business Account's template endpoints (Graph API): create or edit the
//! shop's templates (`POST /{waba-id}/message_templates`, `POST /{template-id}`) and
//! read every template's status and quality (`GET /{waba-id}/message_templates`).

use serde_json::Value;

use super::classify;
use super::redact::Redactor;
use crate::services::messages::platform::TemplatePush;
use crate::services::{Result, Shop};
use crate::store::message_templates::PlatformState;

/// The fields `status` asks for.
const FIELDS: &str = "id,name,language,status,category,quality_score,rejected_reason";

pub struct WhatsAppAccount {
    client: reqwest::Client,
    base_url: String,
    token: String,
    waba_id: String,
    redactor: Redactor,
}

/// One template as the platform lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteTemplate {
    pub name: String,
    pub language: String,
    pub category: String,
    pub state: PlatformState,
}

impl WhatsAppAccount {
    pub fn from_settings(shop: &Shop) -> Result<WhatsAppAccount> {
        let need = |key: &str| super::providers::required_setting(shop, key);
        let token = need("whatsapp_cloud.token")?;
        Ok(WhatsAppAccount {
            client: super::providers::http_client(super::providers::REQUEST_TIMEOUT)?,
            base_url: need("whatsapp_cloud.base_url")?.trim_end_matches('/').to_string(),
            waba_id: need("whatsapp_cloud.waba_id")?,
            redactor: Redactor::for_shop_and(shop, vec![token.clone()]),
            token,
        })
    }

    /// The Graph error of an answer, classified and redacted, as one line.
    fn failure(&self, status: u16, text: &str) -> String {
        let answer: Value = serde_json::from_str(text).unwrap_or_default();
        let error = &answer["error"];
        let message = error["error_user_msg"].as_str().or(error["message"].as_str()).unwrap_or(text);
        let reason = match classify::graph(status, error["code"].as_i64(), message, None) {
            super::SendOutcome::HaltChannel(r) => format!("{r} (check whatsapp_cloud.token)"),
            other => format!("{other:?}"),
        };
        self.redactor.redact(&reason)
    }

    async fn call(&self, request: reqwest::RequestBuilder) -> std::result::Result<Value, String> {
        let response = request.bearer_auth(&self.token).send().await.map_err(|e| {
            self.redactor.redact(&format!("could not reach the Graph API: {}", classify::without_url(&e)))
        })?;
        let status = response.status().as_u16();
        let text = response.text().await.map_err(|e| self.redactor.redact(&e.to_string()))?;
        if !(200..300).contains(&status) {
            return Err(self.failure(status, &text));
        }
        serde_json::from_str(&text).map_err(|_| self.redactor.redact(&format!("not JSON: {text}")))
    }

    /// Create the template, or edit it when the platform already has it (by id).
    pub async fn push(&self, push: &TemplatePush) -> std::result::Result<PlatformState, String> {
        let request = match &push.platform_id {
            Some(id) => {
                // An edit names neither the template nor its language: those cannot change.
                let mut body = push.body.clone();
                if let Some(fields) = body.as_object_mut() {
                    fields.remove("name");
                    fields.remove("language");
                    fields.remove("parameter_format");
                }
                self.client.post(format!("{}/{id}", self.base_url)).json(&body)
            }
            None => self.client.post(format!("{}/{}/message_templates", self.base_url, self.waba_id)).json(&push.body),
        };
        let answer = self.call(request).await?;
        Ok(PlatformState {
            id: answer["id"].as_str().map(str::to_string).or_else(|| push.platform_id.clone()),
            // A created or edited template is reviewed before it may be sent.
            status: Some(answer["status"].as_str().unwrap_or("PENDING").to_string()),
            quality: None,
            reason: None,
        })
    }

    /// Every template on the account, following the pages.
    pub async fn templates(&self) -> std::result::Result<Vec<RemoteTemplate>, String> {
        let mut url = format!("{}/{}/message_templates", self.base_url, self.waba_id);
        let mut query = vec![("fields", FIELDS.to_string()), ("limit", "100".to_string())];
        let mut all = Vec::new();
        for _ in 0..100 {
            let answer = self.call(self.client.get(&url).query(&query)).await?;
            for t in answer["data"].as_array().into_iter().flatten() {
                let text = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_string);
                all.push(RemoteTemplate {
                    name: text(&t["name"]).unwrap_or_default(),
                    language: text(&t["language"]).unwrap_or_default(),
                    category: text(&t["category"]).unwrap_or_default(),
                    state: PlatformState {
                        id: text(&t["id"]),
                        status: text(&t["status"]),
                        quality: text(&t["quality_score"]["score"]),
                        reason: text(&t["rejected_reason"]).filter(|r| r != "NONE"),
                    },
                });
            }
            match answer["paging"]["next"].as_str() {
                Some(next) => {
                    url = next.to_string();
                    query.clear();
                }
                None => break,
            }
        }
        Ok(all)
    }
}
