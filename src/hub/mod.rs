//! The association hub: a PostgreSQL database (13 or newer; managed PostgreSQL or
//! Citus when it must grow) that member shops push their daily figures to and the
//! association reads. This module is the PostgreSQL side only — connecting, the
//! hub's schema and roles ([`schema`]), a member's upload ([`member`]) and the
//! association's reports ([`reports`]); what a shop pushes is worked out from its
//! store in `services::hub`.
//!
//! Passwords are secrets: nothing here prints, logs or returns one in an error.

pub mod member;
pub mod reports;
pub mod schema;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use postgres::Client;
use postgres::error::SqlState;
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::lang::Lang;

pub use member::Member;

const MASK: &str = "********";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, strum::EnumIter)]
pub enum HubError {
    #[error("{0}")]
    Url(String),
    #[error("cannot reach the hub at {place}: {reason}")]
    Unreachable { place: String, reason: String },
    #[error(
        "the hub at {place} showed a TLS certificate warung does not trust ({reason}): add sslrootcert=FILE \
         with its CA to the URL, or sslmode=disable on a network you trust"
    )]
    Certificate { place: String, reason: String },
    #[error("the hub refused the password of user {user}")]
    BadPassword { user: String },
    #[error("the hub does not let user {user} in: {reason}")]
    NotAllowed { user: String, reason: String },
    #[error("database {database} does not exist on the hub at {place}")]
    NoDatabase { database: String, place: String },
    #[error("the hub at {place} has no warung schema yet: run `warung hub init-server --url ADMIN_URL` first")]
    NotInitialised { place: String },
    #[error("user {user} may not create roles: init-server needs the database owner with CREATEROLE, or a superuser")]
    CannotCreateRoles { user: String },
    #[error("the hub's schema is version {found}, newer than this warung knows ({known}): update warung")]
    SchemaTooNew { found: usize, known: usize },
    #[error("shop code '{code}' must be 1 to 32 of a-z, 0-9 and _ (not starting with _), e.g. toko_sari")]
    BadShopCode { code: String },
    #[error("--name must not be empty")]
    EmptyName,
    #[error("shop {code} is already a member of this hub (--new-password gives it a new URL)")]
    AlreadyMember { code: String },
    #[error("user {user} is shop {code} on the hub, not {shop}: check --shop")]
    OtherShop { user: String, code: String, shop: String },
    #[error("user {user} is no member shop of the hub (ask the association for the URL `warung hub add-shop` printed)")]
    NotMember { user: String },
    #[error("unknown hub report '{name}' (members, months, categories or messages)")]
    UnknownReport { name: String },
    #[error("could not write the hub report: {0}")]
    ReportWrite(String),
    #[error("the hub said: {0}")]
    Server(String),
}

/// Only so every variant can be listed in tests (see `Refusal`).
impl Default for HubError {
    fn default() -> Self {
        HubError::EmptyName
    }
}

impl HubError {
    /// The sentence in `lang`; `Display` is the English one. What the server or
    /// the network said stays in its own words.
    pub fn text(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            HubError::Url(detail) => format!("URL hub salah: {detail}"),
            HubError::Unreachable { place, reason } => format!("hub di {place} tidak bisa dihubungi: {reason}"),
            HubError::Certificate { place, reason } => format!(
                "hub di {place} memakai sertifikat TLS yang tidak dipercaya warung ({reason}): tambahkan sslrootcert=FILE \
                 dengan CA-nya ke URL, atau sslmode=disable di jaringan yang Anda percaya"
            ),
            HubError::BadPassword { user } => format!("hub menolak kata sandi pengguna {user}"),
            HubError::NotAllowed { user, reason } => format!("hub tidak mengizinkan pengguna {user} masuk: {reason}"),
            HubError::NoDatabase { database, place } => format!("basis data {database} tidak ada di hub {place}"),
            HubError::NotInitialised { place } => format!(
                "hub di {place} belum punya skema warung: jalankan dulu `warung hub init-server --url ADMIN_URL`"
            ),
            HubError::CannotCreateRoles { user } => format!(
                "pengguna {user} tidak boleh membuat role: init-server perlu pemilik basis data dengan CREATEROLE, atau superuser"
            ),
            HubError::SchemaTooNew { found, known } => {
                format!("skema hub versi {found}, lebih baru dari yang dikenal warung ini ({known}): perbarui warung")
            }
            HubError::BadShopCode { code } => format!(
                "kode toko '{code}' harus 1 sampai 32 karakter a-z, 0-9 dan _ (tidak diawali _), misalnya toko_sari"
            ),
            HubError::EmptyName => "--name tidak boleh kosong".into(),
            HubError::AlreadyMember { code } => {
                format!("toko {code} sudah menjadi anggota hub ini (--new-password memberinya URL baru)")
            }
            HubError::OtherShop { user, code, shop } => {
                format!("pengguna {user} adalah toko {code} di hub, bukan {shop}: periksa --shop")
            }
            HubError::NotMember { user } => format!(
                "pengguna {user} bukan toko anggota hub (minta ke asosiasi URL yang dicetak `warung hub add-shop`)"
            ),
            HubError::UnknownReport { name } => {
                format!("laporan hub '{name}' tidak dikenal (members, months, categories atau messages)")
            }
            HubError::ReportWrite(detail) => format!("laporan hub tidak bisa ditulis: {detail}"),
            HubError::Server(detail) => format!("hub menjawab: {detail}"),
        }
    }
}

pub type Result<T, E = HubError> = std::result::Result<T, E>;

/// A hub's `postgres://` URL, its password kept apart so it can be shown masked.
#[derive(Clone)]
pub struct HubUrl {
    /// Without a password.
    url: url::Url,
    password: Option<String>,
}

impl std::fmt::Debug for HubUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

impl HubUrl {
    /// Parse `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]`.
    pub fn parse(text: &str) -> Result<HubUrl> {
        let bad = |what: &str| {
            HubError::Url(format!("the hub URL {what} (expected postgres://USER:PASSWORD@HOST:PORT/DATABASE)"))
        };
        let mut url = url::Url::parse(text.trim()).map_err(|_| bad("is not a URL"))?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(bad("must start with postgres://"));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(bad("has no host"));
        }
        if url.username().is_empty() {
            return Err(bad("has no user"));
        }
        if url.path().trim_start_matches('/').is_empty() {
            return Err(bad("names no database"));
        }
        let password = url.password().map(percent_decode);
        url.set_password(None).map_err(|()| bad("cannot hold a password"))?;
        Ok(HubUrl { url, password })
    }

    /// The URL with `password` in it (replacing any there).
    pub fn with_password(mut self, password: Option<String>) -> HubUrl {
        if password.as_deref().is_some_and(|p| !p.is_empty()) {
            self.password = password;
        }
        self
    }

    /// The same server and database as another user.
    pub fn as_user(&self, user: &str, password: &str) -> HubUrl {
        let mut url = self.url.clone();
        let _ = url.set_username(user);
        HubUrl { url, password: Some(password.to_string()) }
    }

    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    /// Without the password: what settings keep in `hub.url`.
    pub fn without_password(&self) -> String {
        self.url.to_string()
    }

    /// With the password shown as `********`: safe to print.
    pub fn masked(&self) -> String {
        self.render(self.password.as_ref().map(|_| MASK))
    }

    /// The whole URL, password included: printed once by `add-shop`, never logged.
    pub fn reveal(&self) -> String {
        self.render(self.password.as_deref())
    }

    fn render(&self, password: Option<&str>) -> String {
        let mut url = self.url.clone();
        let _ = url.set_password(password);
        url.to_string()
    }

    pub fn user(&self) -> String {
        percent_decode(self.url.username())
    }

    pub fn database(&self) -> String {
        percent_decode(self.url.path().trim_start_matches('/'))
    }

    /// `host:port`, for messages.
    pub fn place(&self) -> String {
        format!("{}:{}", self.url.host_str().unwrap_or(""), self.url.port().unwrap_or(5432))
    }

    /// The connection settings, and the file of extra root certificates if the URL
    /// names one (`sslrootcert=FILE`). `sslmode=verify-ca|verify-full` count as
    /// `require`: the server's certificate is always checked.
    fn config(&self) -> Result<(postgres::Config, Option<String>)> {
        let mut url = self.url.clone();
        let mut root_cert = None;
        let pairs: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        url.query_pairs_mut().clear();
        for (key, value) in pairs {
            match (key.as_str(), value.as_str()) {
                ("sslrootcert", file) => root_cert = Some(file.to_string()),
                ("sslmode", "verify-ca" | "verify-full") => {
                    url.query_pairs_mut().append_pair("sslmode", "require");
                }
                _ => {
                    url.query_pairs_mut().append_pair(&key, &value);
                }
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        let mut config = postgres::Config::from_str(url.as_str()).map_err(|e| {
            HubError::Url(format!("the hub URL {} is not a PostgreSQL connection URL: {e}", self.masked()))
        })?;
        if let Some(password) = &self.password {
            config.password(password);
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        config.application_name("warung");
        Ok((config, root_cert))
    }

    /// TLS through rustls, trusting the Mozilla roots and those in `root_cert`.
    fn tls(&self, root_cert: Option<&str>) -> Result<MakeRustlsConnect> {
        use rustls::pki_types::CertificateDer;
        use rustls::pki_types::pem::PemObject;
        let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        if let Some(file) = root_cert {
            let unreadable = |reason: String| HubError::Url(format!("sslrootcert {file}: {reason}"));
            let certs = CertificateDer::pem_file_iter(file).map_err(|e| unreadable(e.to_string()))?;
            for cert in certs {
                roots.add(cert.map_err(|e| unreadable(e.to_string()))?).map_err(|e| unreadable(e.to_string()))?;
            }
        }
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| HubError::Url(format!("TLS: {e}")))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(MakeRustlsConnect::new(config))
    }

    /// Open a connection. TLS as the URL's `sslmode` asks: `prefer` (the default:
    /// TLS when the server offers it), `require` or `disable`; with TLS the server's
    /// certificate must chain to the Mozilla roots or to `sslrootcert=FILE`.
    pub fn connect(&self) -> Result<Client> {
        let (config, root_cert) = self.config()?;
        let tls = self.tls(root_cert.as_deref())?;
        config.connect(tls).map_err(|e| self.explain(&e))
    }

    /// One line on what went wrong, naming the user, database or place — never the password.
    pub fn explain(&self, e: &postgres::Error) -> HubError {
        let Some(db) = e.as_db_error() else {
            let reason = std::error::Error::source(e).map_or_else(|| e.to_string(), |s| s.to_string());
            if reason.contains("certificate") {
                return HubError::Certificate { place: self.place(), reason };
            }
            return HubError::Unreachable { place: self.place(), reason };
        };
        let code = db.code();
        if *code == SqlState::INVALID_PASSWORD {
            HubError::BadPassword { user: self.user() }
        } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
            HubError::NotAllowed { user: self.user(), reason: db.message().to_string() }
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            HubError::NoDatabase { database: self.database(), place: self.place() }
        } else if *code == SqlState::UNDEFINED_TABLE || *code == SqlState::INVALID_SCHEMA_NAME {
            HubError::NotInitialised { place: self.place() }
        } else {
            HubError::Server(db.message().to_string())
        }
    }
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_kept_apart_and_masked() {
        let url = HubUrl::parse("postgres://toko_a:s3cr%40t@hub.example.id:6432/asosiasi?sslmode=require").unwrap();
        assert_eq!(url.password(), Some("s3cr@t"));
        assert_eq!(url.masked(), "postgres://toko_a:********@hub.example.id:6432/asosiasi?sslmode=require");
        assert_eq!(url.without_password(), "postgres://toko_a@hub.example.id:6432/asosiasi?sslmode=require");
        assert_eq!(
            (url.user(), url.database(), url.place()),
            ("toko_a".into(), "asosiasi".into(), "hub.example.id:6432".into())
        );
        assert!(!format!("{url:?}").contains("s3cr"));
        assert_eq!(url.reveal(), "postgres://toko_a:s3cr%40t@hub.example.id:6432/asosiasi?sslmode=require");
    }

    #[test]
    fn a_bad_url_says_what_is_missing() {
        for (text, says) in [
            ("http://a@b/c", "must start with postgres://"),
            ("postgres://b/c", "has no user"),
            ("postgres://a:pw@b", "names no database"),
            ("not a url", "is not a URL"),
        ] {
            let message = HubUrl::parse(text).unwrap_err().to_string();
            assert!(message.contains(says), "{text}: {message}");
            assert!(!message.contains("pw"), "{message}");
        }
    }
}
