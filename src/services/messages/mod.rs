//! Customer messages as the shop sees them: templates and what fills them, the
//! calendar's triggers, campaigns, and the outbox and inbox on the Messages screen.
//! Sending is the dispatcher's job (`messaging`).

pub mod campaigns;
pub mod platform;
pub mod templates;
pub mod triggers;

#[cfg(test)]
mod tests;

use crate::domain::Permission;
use crate::services::{Actor, Refusal, Result, ServiceError, Shop, Thing};
use crate::store::inbox::{self, InboxRow};
use crate::store::messages::{self as store_messages, CANCELLABLE, MessageFilter, MessageRow, RETRYABLE};

pub use campaigns::{CampaignPlan, CreatedCampaign, holdout_bp};
pub use templates::{MessageKind, MessageTemplate, MessageVars, RenderedMessage};
pub use triggers::TriggerSummary;

impl Shop {
    /// Outbox rows, newest first.
    pub fn messages(&self, filter: &MessageFilter) -> Result<Vec<MessageRow>> {
        Ok(store_messages::list(self.store.conn(), filter)?)
    }

    /// Send a failed, dead or unknown message again, now; audited.
    pub fn retry_message(&mut self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Permission::EditCustomers, "retry messages")?;
        let refused = |id, status, allowed| Refusal::MessageNotRetryable { id, status, allowed };
        self.change_message(actor, id, RETRYABLE, refused, ("message.retry", "pending"), store_messages::retry)
    }

    /// Cancel a pending or failed message; audited.
    pub fn cancel_message(&mut self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Permission::EditCustomers, "cancel messages")?;
        let audit = ("message.cancel", "cancelled");
        let refused = |id, status, allowed| Refusal::MessageNotCancellable { id, status, allowed };
        self.change_message(actor, id, CANCELLABLE, refused, audit, store_messages::cancel)
    }

    /// Apply `change` to message `id` if its status is one of `allowed`, in one
    /// transaction with the audit row (`action`, new status); otherwise `refused`
    /// says what it is (id, status, the allowed ones).
    fn change_message(
        &mut self,
        actor: &Actor,
        id: i64,
        allowed: &[&str],
        refused: fn(i64, String, String) -> Refusal,
        (action, to): (&str, &str),
        change: fn(&rusqlite::Connection, i64, i64) -> crate::store::Result<bool>,
    ) -> Result<()> {
        self.write(|tx| {
            let status =
                store_messages::status(tx, id)?.ok_or_else(|| ServiceError::Missing(Thing::Message.key(id)))?;
            if !allowed.contains(&status.as_str()) {
                return Err(refused(id, status, allowed.join(", ")).into());
            }
            change(tx, id, tx.now)?;
            tx.audit(actor, action, "outbox", id, Some(status), Some(to.into()))
        })
    }

    /// Messages from customers, newest first.
    pub fn inbox(&self, limit: usize) -> Result<Vec<InboxRow>> {
        Ok(inbox::recent(self.store.conn(), limit)?)
    }

    pub fn mark_inbox_read(&mut self, id: i64) -> Result<()> {
        self.write(|tx| Ok(inbox::mark_read(tx, id, tx.now).map(|_| ())?))
    }
}
