//! Message templates: the variables each kind of message fills, rendering through the
//! receipts' minijinja engine (with its `rupiah` filter), the WhatsApp template name and
//! parameter order, and the services that list, save and preview them.
//!
//! A template is saved only after it renders the sample values of its kind, and its
//! WhatsApp parameters are variables that kind fills, so a trigger never meets a broken one.

use serde::Serialize;

use crate::clock::local_date;
use crate::domain::assistant::{AssistantText, MAX_REPLY_CHARS};
use crate::domain::{Money, Permission};
use crate::lang::Lang;
use crate::services::assistant::texts as assistant_texts;
use crate::services::receipt::templates::render_bounded;
use crate::services::{Actor, Refusal, Result, ServiceError, Shop, Thing, Tx};
use crate::store::message_templates::{self as store_templates, MessageTemplateRow};
use crate::store::outbox::{self, NewMessage};

/// What triggers a message: fills its variables, names its outbox kind, and decides
/// whether it is marketing (opted-in customers only, priced as marketing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageKind {
    Receipt,
    Reminder,
    Winback,
    Birthday,
    Campaign,
    Refill,
    /// A text of the WhatsApp assistant: free text, sent only inside the 24-hour
    /// window a customer's message opened (or to the owner's own phone).
    Assistant(AssistantText),
}

const COMMON: &[&str] = &["customer_name", "customer_code", "store_name"];

impl MessageKind {
    /// The kinds triggers queue, each its own outbox `kind`.
    pub const TRIGGERED: [MessageKind; 6] = [
        MessageKind::Receipt,
        MessageKind::Reminder,
        MessageKind::Winback,
        MessageKind::Birthday,
        MessageKind::Campaign,
        MessageKind::Refill,
    ];

    /// Every kind: the triggered ones, then the assistant's texts.
    pub fn all() -> impl Iterator<Item = MessageKind> {
        MessageKind::TRIGGERED.into_iter().chain(AssistantText::ALL.map(MessageKind::Assistant))
    }

    /// The outbox `kind` of the triggered kinds; the assistant's texts go out as
    /// `reply` (answers) or `digest` (digest and alerts).
    pub fn code(self) -> &'static str {
        match self {
            MessageKind::Receipt => "receipt",
            MessageKind::Reminder => "reminder",
            MessageKind::Winback => "winback",
            MessageKind::Birthday => "birthday",
            MessageKind::Campaign => "campaign",
            MessageKind::Refill => "refill",
            MessageKind::Assistant(text) => text.code(),
        }
    }

    pub fn is_marketing(self) -> bool {
        !matches!(self, MessageKind::Receipt | MessageKind::Reminder | MessageKind::Assistant(_))
    }

    /// Free text (never an approved WhatsApp template): the assistant's.
    pub fn is_free_text(self) -> bool {
        matches!(self, MessageKind::Assistant(_))
    }

    /// The variables a template of this kind may use, beyond the common ones.
    fn own_variables(self) -> &'static [&'static str] {
        match self {
            MessageKind::Receipt => &["invoice", "total", "credit", "points_earned", "points_balance"],
            MessageKind::Reminder => &["invoice", "total", "balance", "due_date", "days_overdue"],
            MessageKind::Winback => &["days_silent"],
            MessageKind::Refill => &["items"],
            // Per recipient: a campaign always has one.
            MessageKind::Campaign => &["recommended_items"],
            MessageKind::Birthday => &[],
            MessageKind::Assistant(text) => assistant_texts::variables(text),
        }
    }

    /// Every variable a template of this kind may use.
    pub fn variables(self) -> Vec<&'static str> {
        COMMON.iter().chain(self.own_variables()).copied().collect()
    }

    /// Sample values of this kind's variables, for checking and previewing.
    pub(crate) fn sample(self, customer_name: &str, customer_code: &str, store_name: &str) -> MessageVars {
        let mut samples = self.samples(customer_name, customer_code, store_name);
        samples.swap_remove(0)
    }

    /// Every set of sample values a template of this kind is checked with (an
    /// assistant text has one per branch it may take); the first is the preview's.
    fn samples(self, customer_name: &str, customer_code: &str, store_name: &str) -> Vec<MessageVars> {
        let mut vars = MessageVars::new(customer_name, customer_code, store_name);
        match self {
            MessageKind::Receipt => {
                vars.invoice = Some("INV/261123/0001".into());
                vars.total = Some(57_500);
                vars.credit = Some(0);
                vars.points_earned = Some(5);
                vars.points_balance = Some(120);
            }
            MessageKind::Reminder => {
                vars.invoice = Some("INV/261109/0007".into());
                vars.total = Some(150_000);
                vars.balance = Some(100_000);
                vars.due_date = Some("23-11-2026".into());
                vars.days_overdue = Some(0);
            }
            MessageKind::Winback => vars.days_silent = Some(60),
            MessageKind::Refill => vars.items = Some("Beras 5kg dan Gas 3kg".into()),
            MessageKind::Campaign => vars.recommended_items = Some("Telur Ayam 1kg dan Kecap Bango".into()),
            MessageKind::Birthday => {}
            MessageKind::Assistant(text) => {
                return assistant_texts::samples(text)
                    .into_iter()
                    .map(|own| MessageVars { assistant: own, ..vars.clone() })
                    .collect();
            }
        }
        vec![vars]
    }
}

impl std::str::FromStr for MessageKind {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        MessageKind::all().find(|k| k.code().eq_ignore_ascii_case(s.trim())).ok_or_else(|| {
            let codes: Vec<&str> = MessageKind::all().map(|k| k.code()).collect();
            format!("'{s}' is not a message kind (use {})", codes.join(", "))
        })
    }
}

/// The values a message template is rendered with. Money is whole rupiah (format it
/// with `|rupiah`); dates are `DD-MM-YYYY`. Values a kind does not fill are absent,
/// so using them is an error when the template is saved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct MessageVars {
    pub customer_name: String,
    pub customer_code: String,
    pub store_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoice: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub balance: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_overdue: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_silent: Option<i64>,
    /// Member points the sale earned, and the balance after it (points switched on).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points_earned: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points_balance: Option<i64>,
    /// Refill: the items due, as one phrase (`Beras 5kg, Telur 1kg dan Gas 3kg`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    /// Campaign: up to three items often bought with the customer's usual ones and not
    /// bought by them lately, as one phrase; empty when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommended_items: Option<String>,
    /// An assistant text's own variables (see `services::assistant::texts`).
    #[serde(flatten)]
    pub assistant: serde_json::Map<String, serde_json::Value>,
}

/// Variables holding rupiah: WhatsApp parameters get them formatted (`Rp 50.000`).
const MONEY_VARIABLES: &[&str] = &["total", "credit", "balance"];

impl MessageVars {
    pub fn new(customer_name: &str, customer_code: &str, store_name: &str) -> MessageVars {
        MessageVars {
            customer_name: customer_name.into(),
            customer_code: customer_code.into(),
            store_name: store_name.into(),
            ..Default::default()
        }
    }

    fn as_json(&self) -> serde_json::Map<String, serde_json::Value> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        }
    }

    /// These values with each of `names` replaced by a marker nobody writes (text) or a
    /// number nobody uses (money, days), so where a parameter lands in the rendered
    /// text can be found.
    pub(crate) fn with_markers(&self, names: &[String]) -> MessageVars {
        let mut map = self.as_json();
        for (i, name) in names.iter().enumerate() {
            let marker = match map.get(name) {
                Some(serde_json::Value::Number(_)) => serde_json::json!(907_000_000 + 1_013 * i as i64),
                _ => serde_json::json!(format!("\u{27e6}{name}\u{27e7}")),
            };
            map.insert(name.clone(), marker);
        }
        serde_json::from_value(serde_json::Value::Object(map)).unwrap_or_else(|_| self.clone())
    }

    /// The text of variable `name` as a WhatsApp parameter, if it has a value.
    pub(crate) fn param_text(&self, name: &str) -> Option<String> {
        match self.as_json().get(name)? {
            serde_json::Value::Number(n) if MONEY_VARIABLES.contains(&name) => {
                n.as_i64().map(|r| Money::new(r).to_string())
            }
            serde_json::Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }
}

/// `DD-MM-YYYY`, as Indonesians write dates.
pub fn date_text(date: jiff::civil::Date) -> String {
    date.strftime("%d-%m-%Y").to_string()
}

/// A message template as edited on the Messages screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageTemplate {
    pub key: String,
    pub kind: MessageKind,
    pub body: String,
    /// The approved WhatsApp template it is sent as, outside the 24-hour window.
    pub wa_name: String,
    pub wa_language: String,
    /// Variable names in the order of the WhatsApp template's parameters.
    pub wa_params: Vec<String>,
}

/// A rendered message: the text and the outbox `params_json` the dispatcher sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMessage {
    pub body: String,
    pub wa_params: Vec<String>,
    pub params_json: String,
}

/// WhatsApp allows 1024 characters in a template body.
const MAX_BODY_CHARS: usize = 1024;

fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl MessageTemplate {
    fn from_row(row: MessageTemplateRow) -> Result<MessageTemplate> {
        let kind = row
            .kind
            .parse()
            .map_err(|_: String| Refusal::TemplateUnknownKind { key: row.key.clone(), kind: row.kind })?;
        let wa_params = serde_json::from_str(&row.wa_params)
            .map_err(|e| Refusal::TemplateParamsNotList { key: row.key.clone(), detail: e.to_string() })?;
        Ok(MessageTemplate {
            key: row.key,
            kind,
            body: row.body,
            wa_name: row.wa_name,
            wa_language: row.wa_language,
            wa_params,
        })
    }

    /// Render with `vars`: the body, and the WhatsApp parameters in their order.
    pub fn render(&self, vars: &MessageVars) -> Result<RenderedMessage> {
        // Quantities as the template's readers write them: `1,5` kg in Indonesian.
        // (`wa_language` is Meta's code: `id`, `en`, `en_US`.)
        let lang = Lang::from_locale(Some(&self.wa_language));
        let body = render_bounded(&self.key, &self.body, vars, lang)?.trim().to_string();
        let wa_params = self
            .wa_params
            .iter()
            .map(|name| {
                vars.param_text(name)
                    .ok_or_else(|| Refusal::TemplateParamNoValue { key: self.key.clone(), param: name.clone() }.into())
            })
            .collect::<Result<Vec<_>>>()?;
        let params = serde_json::json!({
            "wa_template": self.wa_name,
            "wa_language": self.wa_language,
            "wa_params": wa_params,
            "vars": vars.as_json(),
        });
        Ok(RenderedMessage { body, wa_params, params_json: params.to_string() })
    }

    /// Everything saving requires: names, parameters of this kind, a body that renders.
    fn check(&self) -> Result<()> {
        let key = self.key.clone();
        if !is_name(&self.key) {
            return Err(Refusal::TemplateKeyFormat { key }.into());
        }
        if !is_name(&self.wa_name) {
            return Err(Refusal::TemplateWaNameFormat { key }.into());
        }
        if self.wa_language.trim().is_empty() {
            return Err(Refusal::TemplateWaLanguageEmpty { key }.into());
        }
        if self.body.trim().is_empty() {
            return Err(Refusal::TemplateTextEmpty { key }.into());
        }
        // Free text may be as long as a WhatsApp message; an approved template less.
        let most = if self.kind.is_free_text() { MAX_REPLY_CHARS } else { MAX_BODY_CHARS };
        if self.body.chars().count() > most {
            return Err(Refusal::TemplateTextTooLong { key, max: most }.into());
        }
        if self.kind.is_free_text() && !self.wa_params.is_empty() {
            return Err(Refusal::TemplateFreeTextParams { key }.into());
        }
        let allowed = self.kind.variables();
        if let Some(bad) = self.wa_params.iter().find(|p| !allowed.contains(&p.as_str())) {
            return Err(Refusal::TemplateParamNotAllowed {
                key,
                param: bad.clone(),
                kind: self.kind.code().to_string(),
                allowed: allowed.join(", "),
            }
            .into());
        }
        for sample in self.kind.samples("Bu Sri", "C0001", "Toko") {
            self.render(&sample)?;
        }
        Ok(())
    }
}

/// Parse `customer_name, invoice` (commas or spaces) into parameter names.
pub fn parse_param_list(text: &str) -> Vec<String> {
    text.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

fn template_in(conn: &rusqlite::Connection, key: &str) -> Result<MessageTemplate> {
    let row = store_templates::get(conn, key)?.ok_or_else(|| ServiceError::Missing(Thing::MessageTemplate.key(key)))?;
    MessageTemplate::from_row(row)
}

/// The shop's template for assistant text `text` in `language` (else the Indonesian
/// one) rendered with `vars`: the key of the template and the text.
pub(crate) fn render_assistant(
    conn: &rusqlite::Connection,
    text: AssistantText,
    language: &str,
    vars: &MessageVars,
) -> Result<(String, String)> {
    let row = store_templates::for_kind(conn, text.code(), language)?
        .ok_or_else(|| ServiceError::Missing(Thing::MessageTemplateOfKind.key(text.code())))?;
    let template = MessageTemplate::from_row(row)?;
    let body = template.render(vars)?.body;
    Ok((template.key, body))
}

/// Who a message goes to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct To<'a> {
    pub customer_id: i64,
    pub phone: &'a str,
}

/// Render template `key` with `vars` and queue it in the caller's transaction as a
/// WhatsApp message of the template's kind. Returns the new outbox row's id, or `None`
/// when `dedupe_key` was queued before.
pub(crate) fn queue(tx: &Tx<'_>, key: &str, to: To<'_>, vars: &MessageVars, dedupe_key: &str) -> Result<Option<i64>> {
    let template = template_in(tx, key)?;
    let message = template.render(vars)?;
    let added = outbox::enqueue(
        tx,
        &NewMessage {
            kind: template.kind.code(),
            channel: "whatsapp",
            phone: to.phone,
            customer_id: Some(to.customer_id),
            template: &template.key,
            params_json: &message.params_json,
            body: &message.body,
            dedupe_key,
            at: tx.now,
        },
    )?;
    let id = added.then(|| tx.last_insert_rowid());
    // A payment reminder that could not be handed over within the time to live is
    // dropped, never delivered days late after an outage (the debt may be paid by
    // then). Meta applies the same time to live to every utility template it delivers.
    if let Some(id) = id
        && template.kind == MessageKind::Reminder
    {
        let ttl: i64 = crate::store::settings::get(tx, "whatsapp_cloud.message_send_ttl_seconds")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(43_200);
        outbox::set_expiry(tx, id, tx.now + ttl * 1000)?;
    }
    Ok(id)
}

impl Shop {
    /// Every message template, by kind then key (the assistant's texts last).
    pub fn message_templates(&self) -> Result<Vec<MessageTemplate>> {
        store_templates::list(self.store.conn())?.into_iter().map(MessageTemplate::from_row).collect()
    }

    pub fn message_template(&self, key: &str) -> Result<MessageTemplate> {
        template_in(self.store.conn(), key)
    }

    /// Create or replace a template after checking it; audited.
    pub fn save_message_template(&mut self, actor: &Actor, template: &MessageTemplate) -> Result<()> {
        actor.require(Permission::ChangeSettings, "change message templates")?;
        template.check()?;
        let before = store_templates::get(self.store.conn(), &template.key)?;
        if let Some(old) = &before
            && old.kind != template.kind.code()
        {
            return Err(Refusal::TemplateKindFixed { key: template.key.clone(), kind: old.kind.clone() }.into());
        }
        let row = MessageTemplateRow {
            key: template.key.clone(),
            kind: template.kind.code().into(),
            body: template.body.clone(),
            wa_name: template.wa_name.clone(),
            wa_language: template.wa_language.trim().into(),
            wa_params: serde_json::to_string(&template.wa_params).unwrap_or_else(|_| "[]".into()),
            updated_at: 0,
        };
        self.write(|tx| {
            store_templates::save(tx, &MessageTemplateRow { updated_at: tx.now, ..row.clone() })?;
            // Messages held for a mismatch (132000, 132012, 132001) go again with the fix;
            // held for a platform status, the dispatcher holds them again until approved.
            outbox::release_held(tx, &row.key, tx.now)?;
            tx.audit(
                actor,
                "message_template.save",
                "message_template",
                &row.key,
                before.map(|b| b.body),
                Some(row.body),
            )
        })
    }

    /// What `template` (saved or not) says to customer `customer_id`: their name and
    /// code, with sample values for the sale or debt of its kind (their oldest open
    /// receivable, for a reminder, when they have one).
    pub fn preview_message(&self, template: &MessageTemplate, customer_id: i64) -> Result<RenderedMessage> {
        preview(template, &self.preview_vars(template.kind, customer_id)?)
    }

    /// The values a preview for customer `customer_id` is rendered with (see
    /// [`Shop::preview_message`]); short indexed reads.
    pub fn preview_vars(&self, kind: MessageKind, customer_id: i64) -> Result<MessageVars> {
        let conn = self.store.conn();
        let customer = crate::store::customers::get(conn, customer_id)?
            .ok_or_else(|| ServiceError::Missing(Thing::Customer.key(customer_id)))?;
        let mut vars = kind.sample(&customer.data.name, &customer.code, &self.store_name());
        if kind == MessageKind::Reminder
            && let Some(debt) = crate::store::receivables::open(conn, Some(customer_id), None)?.first()
        {
            let today = local_date(self.now_ms(), &self.time_zone());
            vars = super::triggers::reminder_vars(debt, today, &self.store_name());
        }
        Ok(vars)
    }
}

/// Check `template` as saving would and render it with `vars`. No database: the TUI
/// runs it on a worker thread, so a template that does too much never stalls a screen.
pub fn preview(template: &MessageTemplate, vars: &MessageVars) -> Result<RenderedMessage> {
    template.check()?;
    template.render(vars)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A template keyed and named `t`, in Indonesian.
    pub(crate) fn template(kind: MessageKind, body: &str, params: &[&str]) -> MessageTemplate {
        MessageTemplate {
            key: "t".into(),
            kind,
            body: body.into(),
            wa_name: "t".into(),
            wa_language: "id".into(),
            wa_params: params.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn renders_the_body_and_the_whatsapp_parameters_in_their_order() {
        let t = template(
            MessageKind::Receipt,
            "Halo {{ customer_name }}, nota {{ invoice }}: {{ total|rupiah }}{% if credit %}, utang {{ credit|rupiah }}{% endif %}.",
            &["total", "customer_name", "invoice"],
        );
        let mut vars = MessageVars::new("Bu Sri", "C1", "Toko Maju");
        vars.invoice = Some("INV/1".into());
        vars.total = Some(50_000);
        vars.credit = Some(0);
        let out = t.render(&vars).unwrap();
        assert_eq!(out.body, "Halo Bu Sri, nota INV/1: Rp 50.000.");
        assert_eq!(out.wa_params, ["Rp 50.000", "Bu Sri", "INV/1"]);
        let params: serde_json::Value = serde_json::from_str(&out.params_json).unwrap();
        assert_eq!(params["wa_template"], "t");
        assert_eq!(params["wa_language"], "id");
        assert_eq!(params["wa_params"], serde_json::json!(["Rp 50.000", "Bu Sri", "INV/1"]));
        assert_eq!(params["vars"]["total"], 50_000);
        vars.credit = Some(20_000);
        assert_eq!(t.render(&vars).unwrap().body, "Halo Bu Sri, nota INV/1: Rp 50.000, utang Rp 20.000.");
    }

    #[test]
    fn quantities_are_written_as_the_templates_language_writes_them() {
        let mut t = template(MessageKind::Receipt, "{{ 1500|qty }} kg, {{ 'wholesale1'|tier_short }}", &[]);
        let vars = MessageVars::new("Bu Sri", "C1", "Toko Maju");
        assert_eq!(t.render(&vars).unwrap().body, "1,5 kg, G1");
        t.wa_language = "en_US".into();
        assert_eq!(t.render(&vars).unwrap().body, "1.5 kg, W1");
    }

    #[test]
    fn check_refuses_variables_the_kind_does_not_fill() {
        let err = template(MessageKind::Birthday, "Halo {{ customer_name }} {{ invoice }}", &[]).check().unwrap_err();
        assert!(err.to_string().contains("undefined"), "{err}");
        let err = template(MessageKind::Birthday, "Halo", &["invoice"]).check().unwrap_err().to_string();
        assert!(err.contains("invoice is not a birthday variable"), "{err}");
        let err =
            template(MessageKind::Campaign, "Halo {{ customer_name|mony }}", &[]).check().unwrap_err().to_string();
        assert!(err.contains("line 1") && err.contains("mony"), "{err}");
        let mut bad = template(MessageKind::Campaign, "Halo", &[]);
        bad.wa_name = "Promo Besar".into();
        assert!(bad.check().unwrap_err().to_string().contains("WhatsApp name"));
        template(MessageKind::Winback, "{{ days_silent }} hari", &["days_silent", "store_name"]).check().unwrap();
    }

    #[test]
    fn parameter_lists_accept_commas_and_spaces() {
        assert_eq!(parse_param_list(" customer_name, invoice total,,"), ["customer_name", "invoice", "total"]);
    }
}
