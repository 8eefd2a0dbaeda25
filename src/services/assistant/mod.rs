//! The WhatsApp assistant: an inbound message → a command (`domain::assistant`) → an
//! answer from the shop's own data → a `reply` in the outbox, or silence.
//!
//! Guards, in order: the assistant is on; the sender is a phone and not the shop's own
//! number; the message was not looked at before (a webhook delivered twice); it came
//! inside WhatsApp's 24-hour window; the sender has not written BERHENTI (only MULAI
//! is answered then); the same text was not answered within a minute; the sender is
//! under `assistant.replies_per_hour`; the command is switched on; the menu goes at
//! most once per `assistant.menu_every_hours`. Every message looked at is one
//! `assistant_turns` row, so the guards and the replies are exactly once.

mod conversation;
mod orders;
mod owner;
mod replies;
pub mod texts;

pub use conversation::CONVERSATION_LIMIT;
pub use orders::OpenOrder;
pub(crate) use orders::complete_order;
pub use owner::{ALERT_BATCH_MS, OwnerQueued};

use sha2::{Digest, Sha256};

use super::dashboard::Dashboard;
use super::{Actor, Result, Shop, Tx};
use crate::domain::Phone;
use crate::domain::assistant::{Command, Tongue, fit_reply, parse};
use crate::lang::Lang;
use crate::store;
use crate::store::assistant::NewTurn;
use crate::store::outbox::NewMessage;

/// WhatsApp's customer-service window: free text may answer a message this long.
pub const WINDOW_MS: i64 = 24 * 3_600_000;
/// The same text again within this long gets no second reply.
const REPEAT_MS: i64 = 60_000;

/// A message a customer (or the owner) sent the shop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inbound<'a> {
    /// `whatsapp_cloud`, `fonnte`, … (`cli` from `warung assistant test --apply`)
    pub provider: &'a str,
    pub from: &'a str,
    pub body: &'a str,
    /// The provider's id of the message: one answer per id.
    pub message_id: Option<&'a str>,
    /// When the sender sent it (opens the 24-hour window).
    pub at: i64,
}

/// What the assistant did with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// This text is (or, in a dry run, would be) queued as a `reply`.
    Reply { text: String, outbox_id: Option<i64> },
    /// No reply, and why (for logs and `assistant test`).
    Silent(Silence),
}

/// Why the assistant kept silent. Its English text is what `assistant_turns.reason`
/// records; `assistant test` says it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, strum::EnumIter)]
pub enum Silence {
    Off,
    NotAPhone { from: String },
    OwnNumber,
    AnsweredAlready,
    WindowClosed,
    Stopped,
    Repeated,
    HourlyLimit { replies: i64 },
    CommandOff { command: String, setting: String },
    MenuSentRecently,
}

impl Silence {
    pub fn text(&self, lang: Lang) -> String {
        use Silence::*;
        match (self, lang) {
            (Off, Lang::En) => "the assistant is off (setting assistant.enabled)".into(),
            (Off, Lang::Id) => "asisten sedang mati (pengaturan assistant.enabled)".into(),
            (NotAPhone { from }, Lang::En) => format!("'{from}' is not a phone the assistant answers"),
            (NotAPhone { from }, Lang::Id) => format!("'{from}' bukan nomor HP yang dijawab asisten"),
            (OwnNumber, Lang::En) => "a message from the shop's own number".into(),
            (OwnNumber, Lang::Id) => "pesan dari nomor toko sendiri".into(),
            (AnsweredAlready, Lang::En) => "this message was answered already".into(),
            (AnsweredAlready, Lang::Id) => "pesan ini sudah dijawab".into(),
            (WindowClosed, Lang::En) => "outside WhatsApp's 24-hour window: free text may not be sent".into(),
            (WindowClosed, Lang::Id) => "di luar jendela 24 jam WhatsApp: teks bebas tidak boleh dikirim".into(),
            (Stopped, Lang::En) => "the sender wrote BERHENTI; only MULAI is answered".into(),
            (Stopped, Lang::Id) => "pengirim menulis BERHENTI; hanya MULAI yang dijawab".into(),
            (Repeated, Lang::En) => "the same text was answered less than a minute ago".into(),
            (Repeated, Lang::Id) => "teks yang sama sudah dijawab kurang dari semenit lalu".into(),
            (HourlyLimit { replies }, Lang::En) => {
                format!("{replies} replies this hour already (assistant.replies_per_hour)")
            }
            (HourlyLimit { replies }, Lang::Id) => {
                format!("sudah {replies} balasan dalam jam ini (assistant.replies_per_hour)")
            }
            (CommandOff { command, setting }, Lang::En) => {
                format!("the {command} command is switched off (assistant.{setting})")
            }
            (CommandOff { command, setting }, Lang::Id) => {
                format!("perintah {command} dimatikan (assistant.{setting})")
            }
            (MenuSentRecently, Lang::En) => {
                "the menu was sent recently (assistant.menu_every_hours); left for the owner".into()
            }
            (MenuSentRecently, Lang::Id) => {
                "menu baru saja dikirim (assistant.menu_every_hours); dibiarkan untuk pemilik".into()
            }
        }
    }
}

/// English, for logs.
impl std::fmt::Display for Silence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// The assistant's settings, read once per message.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub enabled: bool,
    pub price: bool,
    pub stock: bool,
    pub balance: bool,
    pub order: bool,
    pub info: bool,
    pub owner: bool,
    pub show_stock_qty: bool,
    pub menu_every_ms: i64,
    pub replies_per_hour: i64,
    pub hours: String,
    pub store_name: String,
    pub store_address: String,
    pub store_phone: String,
}

impl Settings {
    fn read(shop: &Shop) -> Result<Settings> {
        let yes = |key: &str| shop.setting(key).map(|v| v == "yes");
        let number = |key: &str| shop.setting(key).map(|v| v.parse::<i64>().unwrap_or(1));
        Ok(Settings {
            enabled: yes("assistant.enabled")?,
            price: yes("assistant.price")?,
            stock: yes("assistant.stock")?,
            balance: yes("assistant.balance")?,
            order: yes("assistant.order")?,
            info: yes("assistant.info")?,
            owner: yes("assistant.owner")?,
            show_stock_qty: yes("assistant.show_stock_qty")?,
            menu_every_ms: number("assistant.menu_every_hours")? * 3_600_000,
            replies_per_hour: number("assistant.replies_per_hour")?,
            hours: shop.setting("assistant.hours")?,
            store_name: shop.setting("store.name")?,
            store_address: shop.setting("store.address")?,
            store_phone: shop.setting("store.phone")?,
        })
    }

    /// Whether the owner left this command on.
    fn allows(&self, command: &Command) -> bool {
        match command {
            Command::Price(_) => self.price,
            Command::Stock(_) => self.stock,
            Command::Balance => self.balance,
            Command::Order(_) | Command::Confirm | Command::Cancel => self.order,
            Command::Hours | Command::Address | Command::Info => self.info,
            Command::DailyReport | Command::LowStock | Command::Overdue => self.owner,
            Command::Stop | Command::Start | Command::Menu | Command::NotUnderstood => true,
        }
    }
}

/// The key one message is known by: the provider's message id, else its sender,
/// instant and text.
fn inbound_key(m: &Inbound<'_>, phone: &str) -> String {
    match m.message_id {
        Some(id) => format!("{}:{id}", m.provider),
        None => {
            let digest = Sha256::digest(m.body.as_bytes());
            format!("{}:{phone}:{}:{}", m.provider, m.at, hex::encode(&digest[..8]))
        }
    }
}

/// The text as the repeat guard compares it: lower case, spaces collapsed, 200 characters.
fn folded(body: &str) -> String {
    body.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().chars().take(200).collect()
}

/// A write that is rolled back unless `apply`: the dry run of `assistant test`.
enum Run<T> {
    Failed(super::ServiceError),
    DryRun(T),
}

impl<T> From<store::StoreError> for Run<T> {
    fn from(e: store::StoreError) -> Self {
        Run::Failed(e.into())
    }
}

impl Shop {
    /// Answer a message the webhook just stored (a reply in the outbox, or silence).
    pub fn assistant_on_inbound(&mut self, m: &Inbound<'_>) -> Result<Answer> {
        self.assistant_turn(m, true)
    }

    /// What the assistant answers `m`; with `apply` false nothing is written (the
    /// answer is worked out in a transaction that is rolled back).
    pub fn assistant_turn(&mut self, m: &Inbound<'_>, apply: bool) -> Result<Answer> {
        let settings = Settings::read(self)?;
        if !settings.enabled {
            return Ok(Answer::Silent(Silence::Off));
        }
        let Ok(phone) = Phone::parse(m.from) else {
            return Ok(Answer::Silent(Silence::NotAPhone { from: m.from.to_string() }));
        };
        if Phone::parse(&settings.store_phone).is_ok_and(|own| own == phone) {
            return Ok(Answer::Silent(Silence::OwnNumber));
        }
        let staff = store::assistant::staff_by_phone(self.store.conn(), phone.as_str())?;
        let (command, tongue) = parse(m.body);
        // Owner commands from anyone else are not understood.
        let command = match command {
            Command::DailyReport | Command::LowStock | Command::Overdue if staff.is_none() => Command::NotUnderstood,
            other => other,
        };
        let figures = match (&staff, &command) {
            (Some((id, username, role)), Command::DailyReport) => {
                Some(self.dashboard(&Actor { user_id: Some(*id), username: username.clone(), role: *role })?)
            }
            _ => None,
        };
        let asked =
            Asked { message: m, phone: &phone, command, tongue, staff: staff.is_some(), figures: figures.as_ref() };
        let tz = self.time_zone();
        let now = self.now_ms();
        let result = self.store.write(|conn| {
            let tx = Tx { conn, now };
            match turn(&tx, &settings, &tz, asked) {
                Ok(answer) if apply => Ok(answer),
                Ok(answer) => Err(Run::DryRun(answer)),
                Err(e) => Err(Run::Failed(e)),
            }
        });
        match result {
            Ok(answer) => Ok(answer),
            // Rolled back: nothing was queued.
            Err(Run::DryRun(Answer::Reply { text, .. })) => Ok(Answer::Reply { text, outbox_id: None }),
            Err(Run::DryRun(silent)) => Ok(silent),
            Err(Run::Failed(e)) => Err(e),
        }
    }
}

/// A message as read before its transaction.
struct Asked<'a> {
    message: &'a Inbound<'a>,
    phone: &'a Phone,
    command: Command,
    tongue: Tongue,
    staff: bool,
    figures: Option<&'a Dashboard>,
}

impl Shop {
    /// `warung assistant test`: what the assistant answers `text` from `from` now.
    /// Without `apply` nothing is stored or queued; with it the message is stored as
    /// an inbound message (it opens the 24-hour window) and answered for real.
    pub fn assistant_test(&mut self, text: &str, from: &str, apply: bool) -> Result<Answer> {
        let phone = Phone::parse(from).map_err(super::Refusal::FromPhone)?;
        let at = self.now_ms();
        if apply {
            self.record_inbound("cli", phone.as_str(), text, None, at)?;
        }
        let inbound = Inbound { provider: "cli", from: phone.as_str(), body: text, message_id: None, at };
        self.assistant_turn(&inbound, apply)
    }

    /// Give a user the phone the owner commands, digest and alerts use (`None` takes
    /// it away). Audited.
    pub fn set_user_phone(&mut self, actor: &Actor, username: &str, phone: Option<&str>) -> Result<()> {
        actor.require(crate::domain::Permission::ManageUsers, "change users")?;
        let phone = match phone {
            Some(text) => Some(Phone::parse(text).map_err(super::Refusal::Phone)?),
            None => None,
        };
        self.write(|tx| {
            let number = phone.as_ref().map(Phone::as_str);
            if !store::assistant::set_user_phone(tx, username, number)? {
                return Err(super::ServiceError::Missing(super::Thing::User.key(username)));
            }
            tx.audit(actor, "user.phone", "user", username, None, number.map(str::to_string))
        })
    }
}

/// One message, in the caller's transaction.
fn turn(tx: &Tx<'_>, settings: &Settings, tz: &jiff::tz::TimeZone, asked: Asked<'_>) -> Result<Answer> {
    let Asked { message: m, phone, command, tongue, staff, figures } = asked;
    let key = inbound_key(m, phone.as_str());
    if store::assistant::turn_exists(tx, &key)? {
        return Ok(Answer::Silent(Silence::AnsweredAlready));
    }
    let text = folded(m.body);
    // The turn, replied (with its outbox row) or silent (with the reason).
    let record = |command: &Command, reason: Option<&str>, outbox_id: Option<i64>| {
        let t = NewTurn {
            inbound_key: &key,
            phone: phone.as_str(),
            at: tx.now,
            text: &text,
            command: command.code(),
            replied: reason.is_none(),
            reason,
            outbox_id,
        };
        store::assistant::record_turn(tx, &t)
    };
    let silent = |command: &Command, reason: Silence| -> Result<Answer> {
        record(command, Some(&reason.text(Lang::En)), None)?;
        Ok(Answer::Silent(reason))
    };
    if tx.now - m.at > WINDOW_MS {
        return silent(&command, Silence::WindowClosed);
    }
    if command != Command::Start && store::assistant::stopped(tx, phone.as_str())? {
        return silent(&command, Silence::Stopped);
    }
    if store::assistant::answered_same_text_since(tx, phone.as_str(), &text, tx.now - REPEAT_MS)? {
        return silent(&command, Silence::Repeated);
    }
    if store::assistant::replies_since(tx, phone.as_str(), tx.now - 3_600_000)? >= settings.replies_per_hour {
        return silent(&command, Silence::HourlyLimit { replies: settings.replies_per_hour });
    }
    if !settings.allows(&command) {
        let (code, setting) = (command.code().to_string(), setting_of(&command).to_string());
        return silent(&command, Silence::CommandOff { command: code, setting });
    }
    let command = match command {
        Command::NotUnderstood => Command::Menu,
        other => other,
    };
    if command == Command::Menu
        && store::assistant::menu_sent_since(tx, phone.as_str(), tx.now - settings.menu_every_ms)?
    {
        return silent(&command, Silence::MenuSentRecently);
    }
    let customer = match store::customers::by_phone(tx, phone)? {
        Some((id, _, _)) => store::customers::get(tx, id)?,
        None => None,
    };
    let context = replies::Context { tongue, settings, tz, phone, customer: customer.as_ref(), staff, figures };
    let (template, reply) = replies::answer(tx, &context, &command)?;
    let reply = fit_reply(&reply, tongue.say("(pesan dipotong)", "(message cut)"));
    let outbox_id = queue_reply(
        tx,
        Reply {
            phone,
            customer_id: customer.as_ref().map(|c| c.id),
            template: &template,
            body: &reply,
            dedupe_key: &format!("reply:{key}"),
            expires_at: m.at + WINDOW_MS,
        },
    )?;
    record(&command, None, outbox_id)?;
    Ok(Answer::Reply { text: reply, outbox_id })
}

/// A free-text answer inside WhatsApp's 24-hour window.
struct Reply<'a> {
    phone: &'a Phone,
    customer_id: Option<i64>,
    template: &'a str,
    body: &'a str,
    dedupe_key: &'a str,
    /// When the window closes: not handed over after that.
    expires_at: i64,
}

/// Queue `reply` (kind `reply`); its outbox id, or None if its key was queued before.
fn queue_reply(tx: &Tx<'_>, reply: Reply<'_>) -> Result<Option<i64>> {
    let m = NewMessage {
        kind: "reply",
        channel: "whatsapp",
        phone: reply.phone.as_str(),
        customer_id: reply.customer_id,
        template: reply.template,
        params_json: "{}",
        body: reply.body,
        dedupe_key: reply.dedupe_key,
        at: tx.now,
    };
    if !store::outbox::enqueue(tx, &m)? {
        return Ok(None);
    }
    Ok(store::assistant::set_reply_expiry(tx, reply.dedupe_key, reply.expires_at)?)
}

/// The setting that switches `command` on or off.
fn setting_of(command: &Command) -> &'static str {
    match command {
        Command::Price(_) => "price",
        Command::Stock(_) => "stock",
        Command::Balance => "balance",
        Command::Order(_) | Command::Confirm | Command::Cancel => "order",
        Command::DailyReport | Command::LowStock | Command::Overdue => "owner",
        _ => "info",
    }
}

#[cfg(test)]
mod tests;
