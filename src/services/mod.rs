//! Use cases. Each takes the acting user, checks permission, and owns its
//! transaction, so a change is whole or absent. Screens and CLI handlers call these;
//! they never touch the store themselves.

pub mod analytics;
pub mod assistant;
pub mod auth;
pub mod backup;
pub mod checkout;
pub mod dashboard;
pub mod debts;
pub mod demo;
pub mod dispatch;
pub mod export;
pub mod hub;
pub mod import;
pub mod labels;
pub mod master;
pub mod messages;
pub mod payables;
pub mod points;
pub mod purchases;
pub mod qris;
pub mod receipt;
pub mod receivables;
pub mod recommend;
pub mod refusal;
pub mod reports;
pub mod returns;
pub(crate) mod sale_writer;
pub mod segments;
pub mod settings;
pub mod shifts;
pub mod stocktake;
pub mod summaries;
#[cfg(test)]
mod testkit;

use std::path::Path;
use std::sync::Arc;

use crate::clock::Clock;
use crate::domain::master::FieldErrors;
use crate::domain::{Permission, Role};
use crate::lang::Lang;
use crate::store::{self, Store, StoreError};

pub use auth::AuthError;
pub use refusal::{Missing, Refusal, Thing};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error("{0}")]
    Missing(Missing),
    #[error("a {role} may not {action}; ask an owner or manager")]
    Denied { role: Role, permission: Permission, action: &'static str },
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error("{0}")]
    Refused(Refusal),
    #[error("could not write the output: {0}")]
    Io(#[from] std::io::Error),
}

impl From<rusqlite::Error> for ServiceError {
    fn from(e: rusqlite::Error) -> Self {
        ServiceError::Store(StoreError::Sqlite(e))
    }
}

impl ServiceError {
    /// The one sentence a user reads, in their language. `Display` is the English
    /// one, for logs.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            ServiceError::Store(e) => e.text(lang),
            ServiceError::Invalid(errors) => errors.text(lang),
            ServiceError::Missing(missing) => missing.text(lang),
            ServiceError::Denied { role, permission, .. } => match lang {
                Lang::En => self.to_string(),
                Lang::Id => {
                    format!("{} tidak boleh {}; minta pemilik atau manajer", role.name(lang), permission.indonesian())
                }
            },
            ServiceError::Auth(e) => e.text(lang),
            ServiceError::Refused(refusal) => refusal.text(lang),
            ServiceError::Io(e) => match lang {
                Lang::En => self.to_string(),
                Lang::Id => format!("hasil tidak bisa ditulis: {e}"),
            },
        }
    }
}

impl From<Refusal> for ServiceError {
    fn from(refusal: Refusal) -> Self {
        ServiceError::Refused(refusal)
    }
}

impl From<Missing> for ServiceError {
    fn from(missing: Missing) -> Self {
        ServiceError::Missing(missing)
    }
}

/// A total that does not fit (see `Money::checked_sum`): refused, never saturated.
impl From<crate::domain::MoneyError> for ServiceError {
    fn from(e: crate::domain::MoneyError) -> Self {
        ServiceError::Refused(Refusal::Money(e))
    }
}

impl From<FieldErrors> for ServiceError {
    fn from(e: FieldErrors) -> Self {
        ServiceError::Invalid(e)
    }
}

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// Who is acting. The command line acts as the owner: whoever can open the
/// database file is trusted, as with any local tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub username: String,
    pub role: Role,
}

impl Actor {
    pub fn command_line() -> Actor {
        Actor { user_id: None, username: "cli".to_string(), role: Role::Owner }
    }

    pub fn require(&self, permission: Permission, action: &'static str) -> Result<()> {
        if self.role.can(permission) {
            Ok(())
        } else {
            Err(ServiceError::Denied { role: self.role, permission, action })
        }
    }
}

/// The shop: one store connection and a clock. Each process (TUI, CLI command,
/// dispatcher) owns its own.
pub struct Shop {
    store: Store,
    clock: Arc<dyn Clock>,
    /// Wrong logins in this session (see [`auth::LoginThrottle`]).
    login_throttle: auth::LoginThrottle,
}

impl Shop {
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> Shop {
        Shop { store, clock, login_throttle: auth::LoginThrottle::default() }
    }

    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Shop> {
        Shop::open_reporting(path, clock, &mut |_| {})
    }

    /// Open the shop, first finishing any build of the report summaries a migration
    /// or an interrupted repair left (`progress` hears how far it got).
    pub fn open_reporting(
        path: &Path,
        clock: Arc<dyn Clock>,
        progress: &mut dyn FnMut(summaries::BuildProgress),
    ) -> Result<Shop> {
        let mut store = Store::open(path)?;
        summaries::build(&mut store, progress)?;
        Ok(Shop::new(store, clock))
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// Bumped when another connection commits; see [`Store::data_version`].
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.store.data_version()?)
    }

    pub fn schema_version(&self) -> Result<usize> {
        Ok(self.store.schema_version()?)
    }

    /// Integrity, foreign keys, cached stock = ledger, summaries = ledger, no import
    /// left unfinished. Empty means healthy.
    pub fn doctor(&self) -> Result<Vec<crate::domain::doctor::Finding>> {
        let mut findings = store::doctor::check(self.store.conn())?;
        findings.extend(self.summary_differences()?);
        findings.extend(self.unfinished_imports()?);
        Ok(findings)
    }

    /// Run `f` in one IMMEDIATE transaction with this moment's time.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let now = self.now_ms();
        self.store.write(|conn| f(&Tx { conn, now }))
    }

    /// Run `f` on a read snapshot (see [`Store::read`]), as a `Tx` so the checks a
    /// write makes can run on it too.
    pub(crate) fn read<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let now = self.now_ms();
        self.store.read(|conn| f(&Tx { conn, now }))
    }

    pub fn recent_audit(&self, limit: usize) -> Result<Vec<store::audit::AuditRow>> {
        Ok(store::audit::recent(self.store.conn(), limit)?)
    }
}

/// A write transaction as services see it: the connection plus the moment it runs.
pub(crate) struct Tx<'a> {
    conn: &'a rusqlite::Transaction<'a>,
    pub now: i64,
}

impl std::ops::Deref for Tx<'_> {
    type Target = rusqlite::Connection;
    fn deref(&self) -> &rusqlite::Connection {
        self.conn
    }
}

impl Tx<'_> {
    /// Append an audit row: who, when, what, before and after.
    pub fn audit(
        &self,
        actor: &Actor,
        action: &str,
        entity: &str,
        entity_id: impl ToString,
        before: Option<String>,
        after: Option<String>,
    ) -> Result<()> {
        store::audit::record(
            self,
            &store::audit::AuditEntry {
                at: self.now,
                user_id: actor.user_id,
                action,
                entity,
                entity_id: entity_id.to_string(),
                before,
                after,
            },
        )?;
        Ok(())
    }
}

impl Shop {
    /// Messages waiting in the outbox, for the status bar.
    pub fn waiting_messages(&self) -> Result<i64> {
        Ok(store::outbox::waiting_count(self.store.conn())?)
    }
}
