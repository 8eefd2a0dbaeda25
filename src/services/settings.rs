//! Settings: which keys exist, their defaults, what each accepts, and which are
//! secrets. The Settings screen and `warung config` both go through here; every
//! change is audited (secrets as "(hidden)").

use jiff::tz::TimeZone;

use super::{Actor, Refusal, Result, Shop};
use crate::domain::Permission;
use crate::domain::invoice_number::InvoiceFormat;
use crate::lang::Lang;
use crate::store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingKind {
    Text(usize),
    Choice(&'static [&'static str]),
    InvoiceFormat,
    TimeZone,
    /// Percentage with up to two decimals, 0–100.
    Percent,
    /// Whole number in a range.
    Number(i64, i64),
    /// A number with up to two decimals (`1.2` or `1,2`), between the two bounds given
    /// in hundredths.
    Decimal(i64, i64),
    /// `HH:MM-HH:MM` or `none`.
    QuietHours,
    /// `HH:MM`.
    TimeOfDay,
    Url,
    /// The shop's static QRIS payload: EMVCo fields with a CRC that checks out.
    Qris,
}

#[derive(Debug, Clone, Copy)]
pub struct SettingDef {
    pub key: &'static str,
    pub default: &'static str,
    pub kind: SettingKind,
    pub secret: bool,
    /// What the Settings screen shows; English and Indonesian.
    pub label_en: &'static str,
    pub label_id: &'static str,
}

const fn def(
    key: &'static str,
    default: &'static str,
    kind: SettingKind,
    en: &'static str,
    id: &'static str,
) -> SettingDef {
    SettingDef { key, default, kind, secret: false, label_en: en, label_id: id }
}

const fn secret(key: &'static str, en: &'static str, id: &'static str) -> SettingDef {
    SettingDef { key, default: "", kind: SettingKind::Text(500), secret: true, label_en: en, label_id: id }
}

use SettingKind::*;

pub const SETTINGS: &[SettingDef] = &[
    def("store.name", "Toko Saya", Text(60), "Store name", "Nama toko"),
    def("store.address", "", Text(200), "Address", "Alamat"),
    def("store.phone", "", Text(40), "Phone", "Telepon"),
    def("store.tax_number", "", Text(40), "Tax number (NPWP)", "NPWP"),
    def("store.timezone", "Asia/Jakarta", TimeZone, "Time zone", "Zona waktu"),
    def("ui.language", "id", Choice(&["id", "en"]), "Language", "Bahasa"),
    def("ui.theme", "default", Choice(&["default", "light", "high-contrast", "mono"]), "Theme", "Tema"),
    def("receipt.header", "Terima kasih sudah berbelanja", Text(200), "Receipt header", "Kepala struk"),
    def("receipt.footer", "Barang yang sudah dibeli tidak dapat ditukar", Text(200), "Receipt footer", "Kaki struk"),
    def(
        "receipt.width",
        "32",
        Choice(&["32", "48"]),
        "Paper width (32 = 58 mm, 48 = 80 mm)",
        "Lebar kertas (32 = 58 mm, 48 = 80 mm)",
    ),
    def("invoice.format", "INV/{YYMMDD}/{SEQ:4}", InvoiceFormat, "Invoice number format", "Format nomor faktur"),
    def("tax.rate", "0", Percent, "Tax rate %", "Tarif pajak %"),
    def("credit.default_days", "14", Number(0, 365), "Credit due after (days)", "Jatuh tempo kredit (hari)"),
    def(
        "discount.max_without_pin",
        "10",
        Percent,
        "Largest discount % without a manager PIN",
        "Diskon maks. % tanpa PIN manajer",
    ),
    def(
        "printer.target",
        "",
        Text(200),
        "Printer (file:PATH, usb:/dev/usb/lp0, tcp:HOST:PORT)",
        "Printer (file:PATH, usb:/dev/usb/lp0, tcp:HOST:PORT)",
    ),
    def(
        "labels.layout",
        "",
        Text(200),
        "Label layout (empty = a4-3x10; see `warung labels --help`)",
        "Tata letak label (kosong = a4-3x10; lihat `warung labels --help`)",
    ),
    def(
        "messaging.provider",
        "file",
        Choice(&["file", "whatsapp_cloud", "fonnte", "twilio"]),
        "Messaging provider",
        "Penyedia pesan",
    ),
    def("messaging.quiet_hours", "21:00-08:00", QuietHours, "Quiet hours", "Jam tenang"),
    def("messaging.rate_per_second", "20", Number(1, 1000), "Messages per second", "Pesan per detik"),
    def(
        "messaging.dispatch_in_tui",
        "yes",
        Choice(&["yes", "no"]),
        "Send messages from this app while it is open",
        "Kirim pesan dari aplikasi ini selama terbuka",
    ),
    def(
        "messaging.file_path",
        "",
        Text(500),
        "File provider output (empty = messages.jsonl beside the database)",
        "Keluaran penyedia file (kosong = messages.jsonl di samping database)",
    ),
    def(
        "messaging.marketing_daily_cap",
        "200",
        Number(0, 100000),
        "Marketing messages per day (most)",
        "Pesan pemasaran per hari (maks.)",
    ),
    // Meta's per-message rates for Indonesia (README, "What a message costs").
    def(
        "messaging.price.marketing",
        "670",
        Number(0, 100000),
        "Price of one delivered marketing message (Rp)",
        "Harga satu pesan pemasaran yang sampai (Rp)",
    ),
    def(
        "messaging.price.utility",
        "326",
        Number(0, 100000),
        "Price of one delivered utility message: receipt, reminder (Rp)",
        "Harga satu pesan utilitas yang sampai: struk, pengingat (Rp)",
    ),
    def(
        "messaging.price.authentication",
        "489",
        Number(0, 100000),
        "Price of one delivered authentication message (Rp)",
        "Harga satu pesan autentikasi yang sampai (Rp)",
    ),
    def(
        "messaging.price.service",
        "0",
        Number(0, 100000),
        "Price of one service message (Rp; free inside the 24-hour window)",
        "Harga satu pesan layanan (Rp; gratis dalam jendela 24 jam)",
    ),
    def(
        "messaging.experiment_days",
        "30",
        Number(1, 365),
        "Days without WhatsApp marketing for a customer in Meta's experiment (130472)",
        "Hari tanpa pemasaran WhatsApp bagi pelanggan dalam eksperimen Meta (130472)",
    ),
    def(
        "reminders.days_before",
        "3",
        Number(0, 60),
        "Debt reminder this many days before due (0 = none)",
        "Pengingat piutang sekian hari sebelum jatuh tempo (0 = tidak)",
    ),
    def(
        "reminders.every_days_overdue",
        "7",
        Number(0, 90),
        "Repeat the reminder every N days while overdue (0 = never)",
        "Ulangi pengingat tiap N hari selama lewat tempo (0 = tidak)",
    ),
    def("winback.enabled", "yes", Choice(&["yes", "no"]), "Send win-back messages", "Kirim pesan rindu pelanggan"),
    def(
        "winback.after_days",
        "60",
        Number(1, 3650),
        "Win-back after this many days without a purchase",
        "Pesan rindu setelah sekian hari tanpa belanja",
    ),
    def("birthday.enabled", "yes", Choice(&["yes", "no"]), "Send birthday greetings", "Kirim ucapan ulang tahun"),
    def(
        "recommend.refill_enabled",
        "yes",
        Choice(&["yes", "no"]),
        "Send refill reminders",
        "Kirim pengingat belanja ulang",
    ),
    def(
        "recommend.refill_factor",
        "1.2",
        Decimal(100, 300),
        "Refill due after this many times the usual interval",
        "Belanja ulang jatuh waktu setelah sekian kali jarak biasanya",
    ),
    def(
        "recommend.refill_every_days",
        "7",
        Number(1, 365),
        "At most one refill reminder per customer in this many days",
        "Paling banyak satu pengingat belanja ulang per pelanggan dalam sekian hari",
    ),
    def(
        "recommend.refill_holdout_pct",
        "10",
        Percent,
        "Share of refill reminders held back to measure their lift (%)",
        "Bagian pengingat belanja ulang yang ditahan untuk mengukur hasilnya (%)",
    ),
    def(
        "analytics.attribution_days",
        "7",
        Number(1, 90),
        "A purchase this many days after a message is credited to it",
        "Pembelian sekian hari setelah pesan dihitung hasil pesan",
    ),
    def(
        "assistant.enabled",
        "no",
        Choice(&["yes", "no"]),
        "WhatsApp assistant answers customers",
        "Asisten WhatsApp menjawab pelanggan",
    ),
    def("assistant.price", "yes", Choice(&["yes", "no"]), "Assistant: HARGA (prices)", "Asisten: HARGA"),
    def("assistant.stock", "yes", Choice(&["yes", "no"]), "Assistant: STOK (stock)", "Asisten: STOK"),
    def("assistant.balance", "yes", Choice(&["yes", "no"]), "Assistant: SALDO (debt)", "Asisten: SALDO"),
    def("assistant.order", "yes", Choice(&["yes", "no"]), "Assistant: PESAN (orders)", "Asisten: PESAN"),
    def("assistant.info", "yes", Choice(&["yes", "no"]), "Assistant: JAM, ALAMAT, INFO", "Asisten: JAM, ALAMAT, INFO"),
    def("assistant.owner", "yes", Choice(&["yes", "no"]), "Assistant: owner commands", "Asisten: perintah pemilik"),
    def(
        "assistant.show_stock_qty",
        "no",
        Choice(&["yes", "no"]),
        "Assistant tells exact stock quantities",
        "Asisten menyebut jumlah stok persis",
    ),
    def(
        "assistant.menu_every_hours",
        "12",
        Number(1, 720),
        "Assistant menu at most once per sender per N hours",
        "Menu asisten paling sering sekali per N jam per pengirim",
    ),
    def(
        "assistant.replies_per_hour",
        "10",
        Number(1, 1000),
        "Assistant replies per sender per hour (most)",
        "Balasan asisten per pengirim per jam (maks.)",
    ),
    def(
        "assistant.digest_time",
        "21:00",
        TimeOfDay,
        "Owner's daily WhatsApp digest at",
        "Ringkasan harian WhatsApp untuk pemilik pukul",
    ),
    def(
        "assistant.alert_discount_pct",
        "20",
        Percent,
        "Alert the owner about a discount above %",
        "Beri tahu pemilik bila diskon di atas %",
    ),
    def(
        "assistant.hours",
        "",
        Text(200),
        "Opening hours, as the assistant tells them",
        "Jam buka, seperti disampaikan asisten",
    ),
    def(
        "whatsapp_cloud.base_url",
        "https://graph.facebook.com/v21.0",
        Url,
        "WhatsApp Cloud API URL",
        "URL WhatsApp Cloud API",
    ),
    def("whatsapp_cloud.phone_number_id", "", Text(40), "WhatsApp phone number ID", "ID nomor WhatsApp"),
    def(
        "whatsapp_cloud.waba_id",
        "",
        Text(40),
        "WhatsApp Business Account ID (for templates push/status)",
        "ID Akun WhatsApp Business (untuk templates push/status)",
    ),
    def(
        "whatsapp_cloud.message_send_ttl_seconds",
        "43200",
        Number(30, 2_592_000),
        "Payment reminders (and, at Meta, utility messages) not delivered within this many seconds are dropped",
        "Pengingat (dan, di Meta, pesan utilitas) yang tak sampai dalam sekian detik dibatalkan",
    ),
    secret("whatsapp_cloud.token", "WhatsApp access token", "Token akses WhatsApp"),
    secret("whatsapp_cloud.app_secret", "WhatsApp app secret", "App secret WhatsApp"),
    secret("whatsapp_cloud.verify_token", "WhatsApp webhook verify token", "Token verifikasi webhook"),
    def("fonnte.base_url", "https://api.fonnte.com", Url, "Fonnte URL", "URL Fonnte"),
    secret("fonnte.token", "Fonnte token", "Token Fonnte"),
    secret(
        "fonnte.webhook_token",
        "Fonnte webhook secret (made by `warung webhook`)",
        "Rahasia webhook Fonnte (dibuat oleh `warung webhook`)",
    ),
    def("twilio.base_url", "https://api.twilio.com", Url, "Twilio URL", "URL Twilio"),
    def("twilio.account_sid", "", Text(64), "Twilio account SID", "SID akun Twilio"),
    secret("twilio.auth_token", "Twilio auth token", "Token Twilio"),
    def("twilio.from", "", Text(40), "Twilio sender", "Pengirim Twilio"),
    def("backup.auto", "yes", Choice(&["yes", "no"]), "Daily automatic backup", "Backup otomatis harian"),
    def(
        "backup.folder",
        "",
        Text(500),
        "Backup folder (empty = backups beside the database)",
        "Folder backup (kosong = backups di samping database)",
    ),
    def(
        "security.idle_lock_minutes",
        "10",
        Number(0, 1440),
        "Lock the screen after this many idle minutes (0 = never)",
        "Kunci layar setelah sekian menit tidak dipakai (0 = tidak pernah)",
    ),
    def(
        "hub.url",
        "",
        Text(500),
        "Association hub (postgres:// URL without the password; set by `warung hub join`)",
        "Hub asosiasi (URL postgres:// tanpa kata sandi; diisi oleh `warung hub join`)",
    ),
    def("hub.shop", "", Text(32), "This shop's code in the hub", "Kode toko ini di hub"),
    secret("hub.password", "Hub password", "Kata sandi hub"),
    def("points.enabled", "no", Choice(&["no", "yes"]), "Member points", "Poin pelanggan"),
    def(
        "points.rupiah_per_point",
        "10000",
        Number(1, 100_000_000),
        "One point for every Rp … paid",
        "Satu poin tiap belanja Rp …",
    ),
    def("points.value", "100", Number(1, 1_000_000), "What one point pays (Rp)", "Nilai satu poin (Rp)"),
    def("points.min_redeem", "10", Number(1, 1_000_000), "Fewest points to pay with", "Poin minimal untuk dipakai"),
    def(
        "points.expiry_months",
        "12",
        Number(0, 120),
        "Points expire after months (0 = never)",
        "Poin hangus setelah … bulan (0 = tidak)",
    ),
    def(
        "points.tiers",
        "retail",
        Choice(&["retail", "retail,wholesale1", "retail,wholesale1,wholesale2"]),
        "Price tiers that earn points",
        "Tingkat harga yang mendapat poin",
    ),
    def(
        "points.earn_when_redeeming",
        "no",
        Choice(&["no", "yes"]),
        "A sale paid with points also earns points",
        "Belanja yang dibayar poin tetap dapat poin",
    ),
    def(
        "qris.payload",
        "",
        Qris,
        "QRIS payload (text of the shop's static QRIS; empty = no QR at the till)",
        "Payload QRIS (teks QRIS statis toko; kosong = tanpa QR di kasir)",
    ),
    def(
        "stock.oversell",
        "warn",
        Choice(&["warn", "refuse"]),
        "Selling more than in stock: warn, or refuse",
        "Menjual melebihi stok: peringatkan, atau tolak",
    ),
];

pub const MASK: &str = "********";

pub fn definition(key: &str) -> Result<&'static SettingDef> {
    SETTINGS.iter().find(|d| d.key == key).ok_or_else(|| Refusal::UnknownSetting { key: key.to_string() }.into())
}

pub(crate) fn parse_hhmm(text: &str) -> Option<(u8, u8)> {
    let (h, m) = text.split_once(':')?;
    let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && text.len() == 5).then_some((h, m))
}

/// `1.2` or `1,2` in hundredths (120); at most two decimals.
pub fn hundredths(text: &str) -> Option<i64> {
    let text = text.trim().replace(',', ".");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || fraction.len() > 2 {
        return None;
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let cents: i64 = format!("{fraction:0<2}").parse().ok()?;
    whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents)
}

/// Why a value does not fit its setting.
#[derive(Debug, Clone, PartialEq, Eq, Default, strum::EnumIter)]
pub enum SettingProblem {
    TooLong {
        max: usize,
    },
    #[default]
    ControlCharacters,
    NotOneOf {
        options: String,
    },
    InvoiceFormat {
        detail: String,
    },
    NotATimeZone {
        value: String,
    },
    NotAPercentage {
        value: String,
    },
    PercentRange,
    DecimalRange {
        min: String,
        max: String,
    },
    NumberRange {
        min: i64,
        max: i64,
    },
    QuietHours,
    TimeOfDay,
    Url,
    Qris(crate::domain::qris::QrisError),
}

impl SettingProblem {
    /// The sentence after the setting's name, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use SettingProblem as P;
        let (en, id) = match self {
            P::TooLong { max } => (format!("is longer than {max} characters"), format!("lebih dari {max} karakter")),
            P::ControlCharacters => (
                crate::domain::text::CONTROL_CHARACTERS.to_string(),
                crate::domain::text::CONTROL_CHARACTERS_ID.to_string(),
            ),
            P::NotOneOf { options } => {
                (format!("must be one of: {options}"), format!("harus salah satu dari: {options}"))
            }
            P::InvoiceFormat { detail } => (detail.clone(), format!("format nota salah: {detail}")),
            P::NotATimeZone { value } => (
                format!("'{value}' is not a time zone (for example Asia/Jakarta, Asia/Makassar, Asia/Jayapura)"),
                format!("'{value}' bukan zona waktu (misalnya Asia/Jakarta, Asia/Makassar, Asia/Jayapura)"),
            ),
            P::NotAPercentage { value } => {
                (format!("'{value}' is not a percentage"), format!("'{value}' bukan persentase"))
            }
            P::PercentRange => ("must be between 0 and 100".into(), "harus antara 0 dan 100".into()),
            P::DecimalRange { min, max } => {
                (format!("must be a number from {min} to {max}"), format!("harus angka dari {min} sampai {max}"))
            }
            P::NumberRange { min, max } => (
                format!("must be a whole number from {min} to {max}"),
                format!("harus bilangan bulat dari {min} sampai {max}"),
            ),
            P::QuietHours => {
                ("must look like 21:00-08:00, or be none".into(), "harus seperti 21:00-08:00, atau none".into())
            }
            P::TimeOfDay => ("must look like 21:00".into(), "harus seperti 21:00".into()),
            P::Url => ("must start with http:// or https://".into(), "harus diawali http:// atau https://".into()),
            P::Qris(e) => (e.text(Lang::En), format!("kode QRIS salah: {}", e.text(Lang::Id))),
        };
        match lang {
            Lang::En => en,
            Lang::Id => id,
        }
    }
}

/// Check `value` for `def`, returning it normalised.
pub fn validate(def: &SettingDef, value: &str) -> std::result::Result<String, SettingProblem> {
    use SettingProblem as P;
    let value = value.trim();
    match def.kind {
        Text(max) if value.chars().count() > max => Err(P::TooLong { max }),
        Text(_) if crate::domain::text::has_control_chars(value) => Err(P::ControlCharacters),
        Text(_) => Ok(value.to_string()),
        Choice(options) => options
            .iter()
            // An Indonesian owner may answer a yes/no setting with ya/tidak.
            .find(|o| {
                o.eq_ignore_ascii_case(value)
                    || (**o == "yes" && value.eq_ignore_ascii_case("ya"))
                    || (**o == "no" && value.eq_ignore_ascii_case("tidak"))
            })
            .map(|o| o.to_string())
            .ok_or_else(|| P::NotOneOf { options: options.join(", ") }),
        InvoiceFormat => crate::domain::invoice_number::InvoiceFormat::parse(value)
            .map(|_| value.to_string())
            .map_err(|e| P::InvoiceFormat { detail: e.to_string() }),
        TimeZone => jiff::tz::TimeZone::get(value)
            .map(|_| value.to_string())
            .map_err(|_| P::NotATimeZone { value: value.to_string() }),
        Percent => {
            let number: f64 = value
                .trim_end_matches('%')
                .replace(',', ".")
                .parse()
                .map_err(|_| P::NotAPercentage { value: value.to_string() })?;
            if !(0.0..=100.0).contains(&number) {
                return Err(P::PercentRange);
            }
            Ok(format!("{}", (number * 100.0).round() / 100.0))
        }
        Decimal(min, max) => match hundredths(value) {
            Some(n) if (min..=max).contains(&n) => Ok(format!("{}", n as f64 / 100.0)),
            _ => Err(P::DecimalRange { min: (min as f64 / 100.0).to_string(), max: (max as f64 / 100.0).to_string() }),
        },
        Number(min, max) => match value.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n.to_string()),
            _ => Err(P::NumberRange { min, max }),
        },
        QuietHours => {
            if value.eq_ignore_ascii_case("none") {
                return Ok("none".into());
            }
            match value.split_once('-') {
                Some((a, b)) if parse_hhmm(a).is_some() && parse_hhmm(b).is_some() => Ok(value.to_string()),
                _ => Err(P::QuietHours),
            }
        }
        TimeOfDay => match parse_hhmm(value) {
            Some(_) => Ok(value.to_string()),
            None => Err(P::TimeOfDay),
        },
        Url => {
            if value.starts_with("http://") || value.starts_with("https://") {
                Ok(value.trim_end_matches('/').to_string())
            } else {
                Err(P::Url)
            }
        }
        Qris if value.is_empty() => Ok(String::new()),
        Qris => crate::domain::qris::Payload::parse(value).map(|_| value.to_string()).map_err(P::Qris),
    }
}

/// The environment variable that overrides a secret setting, so tokens can stay out of
/// the database: `whatsapp_cloud.token` → `WARUNG_WHATSAPP_CLOUD_TOKEN`.
const TIME_ZONE: &str = "store.timezone";

pub fn env_var(key: &str) -> String {
    format!("WARUNG_{}", key.replace('.', "_").to_ascii_uppercase())
}

impl Shop {
    /// The stored value or the default (a secret's environment variable wins).
    pub fn setting(&self, key: &str) -> Result<String> {
        let def = definition(key)?;
        if def.secret
            && let Some(value) = std::env::var(env_var(key)).ok().filter(|v| !v.is_empty())
        {
            return Ok(value);
        }
        Ok(store::settings::get(self.store.conn(), key)?.unwrap_or_else(|| def.default.to_string()))
    }

    /// The value only if someone set it (no default).
    pub fn stored_setting(&self, key: &str) -> Result<Option<String>> {
        definition(key)?;
        Ok(store::settings::get(self.store.conn(), key)?)
    }

    /// Every setting with its value; secrets masked unless `reveal`.
    pub fn settings(&self, reveal: bool) -> Result<Vec<(&'static SettingDef, String)>> {
        SETTINGS
            .iter()
            .map(|def| {
                let value = self.setting(def.key)?;
                let shown = if def.secret && !reveal && !value.is_empty() { MASK.to_string() } else { value };
                Ok((def, shown))
            })
            .collect()
    }

    pub fn set_setting(&mut self, actor: &Actor, key: &str, value: &str) -> Result<()> {
        actor.require(Permission::ChangeSettings, "change settings")?;
        let def = definition(key)?;
        let value = validate(def, value).map_err(|problem| Refusal::BadSetting { key: key.to_string(), problem })?;
        let before = self.setting(key)?;
        if before == value {
            return Ok(());
        }
        let shown = |v: &str| if def.secret { "(hidden)".to_string() } else { v.to_string() };
        self.write(|tx| {
            store::settings::set(tx, key, &value)?;
            if key == TIME_ZONE {
                // The summaries' days are shop-local: count them again in the new zone.
                store::summaries::reset(tx, &value)?;
            }
            tx.audit(actor, "settings.change", "setting", key, Some(shown(&before)), Some(shown(&value)))
        })?;
        if key == TIME_ZONE {
            super::summaries::build(&mut self.store, &mut |_| {})?;
        }
        Ok(())
    }

    pub fn time_zone(&self) -> TimeZone {
        self.setting(TIME_ZONE)
            .ok()
            .and_then(|name| TimeZone::get(&name).ok())
            .unwrap_or_else(|| TimeZone::get("Asia/Jakarta").expect("bundled time zone"))
    }

    pub fn invoice_format(&self) -> Result<InvoiceFormat> {
        let text = self.setting("invoice.format")?;
        InvoiceFormat::parse(&text).map_err(|e| {
            Refusal::BadSetting {
                key: "invoice.format".into(),
                problem: SettingProblem::InvoiceFormat { detail: e.to_string() },
            }
            .into()
        })
    }

    /// How long the TUI may sit untouched before it locks, if it locks at all.
    pub fn idle_lock_ms(&self) -> Option<i64> {
        let minutes: i64 = self.setting("security.idle_lock_minutes").ok()?.parse().ok()?;
        (minutes > 0).then_some(minutes * 60_000)
    }

    pub fn store_name(&self) -> String {
        self.setting("store.name").unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::Role;
    use crate::services::ServiceError;
    use crate::store::Store;

    fn shop() -> Shop {
        Shop::new(Store::open_in_memory().unwrap(), Arc::new(FixedClock::at_ms(1_700_000_000_000)))
    }

    #[test]
    fn defaults_until_set_then_stored_and_audited() {
        let mut shop = shop();
        let owner = Actor::command_line();
        assert_eq!(shop.setting("receipt.width").unwrap(), "32");
        shop.set_setting(&owner, "receipt.width", "48").unwrap();
        assert_eq!(shop.setting("receipt.width").unwrap(), "48");
        let audit = shop.recent_audit(1).unwrap();
        assert_eq!(audit[0].action, "settings.change");
        assert_eq!(audit[0].entity_id, "receipt.width");
        assert_eq!((audit[0].before.as_deref(), audit[0].after.as_deref()), (Some("32"), Some("48")));
    }

    #[test]
    fn bad_values_are_refused_with_the_reason() {
        let mut shop = shop();
        let owner = Actor::command_line();
        let err = |shop: &mut Shop, k: &str, v: &str| shop.set_setting(&owner, k, v).unwrap_err().to_string();
        assert_eq!(err(&mut shop, "receipt.width", "40"), "receipt.width must be one of: 32, 48");
        assert!(err(&mut shop, "invoice.format", "INV/{YYMMDD}").contains("SEQ"));
        assert!(err(&mut shop, "store.timezone", "Mars/Olympus").contains("not a time zone"));
        assert!(err(&mut shop, "tax.rate", "120").contains("between 0 and 100"));
        assert!(err(&mut shop, "messaging.quiet_hours", "9pm").contains("21:00-08:00"));
        assert!(err(&mut shop, "no.such", "x").contains("unknown setting"));
        shop.set_setting(&owner, "tax.rate", "11%").unwrap();
        assert_eq!(shop.setting("tax.rate").unwrap(), "11");
        shop.set_setting(&owner, "store.timezone", "Asia/Makassar").unwrap();
        assert_eq!(shop.time_zone().iana_name(), Some("Asia/Makassar"));
    }

    #[test]
    fn decimal_settings_take_a_comma_or_a_point_within_their_bounds() {
        let mut shop = shop();
        let owner = Actor::command_line();
        assert_eq!(shop.setting("recommend.refill_factor").unwrap(), "1.2");
        shop.set_setting(&owner, "recommend.refill_factor", "1,5").unwrap();
        assert_eq!(shop.setting("recommend.refill_factor").unwrap(), "1.5");
        for bad in ["0.5", "3.01", "1.234", "abc", "", "-1", "1.x"] {
            let err = shop.set_setting(&owner, "recommend.refill_factor", bad).unwrap_err().to_string();
            assert!(err.contains("must be a number from 1 to 3"), "{bad}: {err}");
        }
        assert_eq!(hundredths("2"), Some(200));
        assert_eq!(hundredths("1.05"), Some(105));
    }

    #[test]
    fn yes_no_settings_take_ya_and_tidak_too() {
        let mut shop = shop();
        let owner = Actor::command_line();
        shop.set_setting(&owner, "winback.enabled", "tidak").unwrap();
        assert_eq!(shop.setting("winback.enabled").unwrap(), "no");
        shop.set_setting(&owner, "winback.enabled", "Ya").unwrap();
        assert_eq!(shop.setting("winback.enabled").unwrap(), "yes");
        let err = shop.set_setting(&owner, "winback.enabled", "mungkin").unwrap_err().to_string();
        assert!(err.contains("yes, no"), "{err}");
    }

    #[test]
    fn secret_environment_variable_names() {
        assert_eq!(env_var("whatsapp_cloud.token"), "WARUNG_WHATSAPP_CLOUD_TOKEN");
        assert_eq!(env_var("twilio.auth_token"), "WARUNG_TWILIO_AUTH_TOKEN");
    }

    #[test]
    fn secrets_are_masked_and_never_audited_in_clear() {
        let mut shop = shop();
        let owner = Actor::command_line();
        shop.set_setting(&owner, "fonnte.token", "tok-123").unwrap();
        let listed = shop.settings(false).unwrap();
        let (_, shown) = listed.iter().find(|(d, _)| d.key == "fonnte.token").unwrap();
        assert_eq!(shown, MASK);
        let audit = shop.recent_audit(1).unwrap();
        assert_eq!(audit[0].after.as_deref(), Some("(hidden)"));
        assert_eq!(shop.setting("fonnte.token").unwrap(), "tok-123");
    }

    #[test]
    fn cashiers_cannot_change_settings() {
        let mut shop = shop();
        let cashier = Actor { user_id: None, username: "sari".into(), role: Role::Cashier };
        assert!(matches!(shop.set_setting(&cashier, "store.name", "X"), Err(ServiceError::Denied { .. })));
    }
}
