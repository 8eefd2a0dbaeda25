//! Customer messages as the shop sees them: templates and what fills them, the
//! calendar's triggers, campaigns, and the outbox and inbox on the Messages screen.
//! Sending is the dispatcher's job (`messaging`).

pub mod campaigns;
pub mod templates;
pub mod triggers;

#[cfg(test)]
mod tests;

use crate::domain::Permission;
use crate::services::{Actor, Result, ServiceError, Shop};
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

    fn message_status(&self, id: i64) -> Result<String> {
        store_messages::status(self.store.conn(), id)?.ok_or_else(|| ServiceError::NotFound(format!("message {id}")))
    }

    /// Send a failed, dead or unknown message again, now; audited.
    pub fn retry_message(&mut self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Permission::EditCustomers, "retry messages")?;
        let status = self.message_status(id)?;
        if !RETRYABLE.contains(&status.as_str()) {
            return Err(ServiceError::Rejected(format!(
                "message {id} is {status}; only {} messages can be sent again",
                RETRYABLE.join(", ")
            )));
        }
        self.write(|tx| {
            store_messages::retry(tx, id, tx.now)?;
            tx.audit(actor, "message.retry", "outbox", id, Some(status.clone()), Some("pending".into()))
        })
    }

    /// Cancel a pending or failed message; audited.
    pub fn cancel_message(&mut self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Permission::EditCustomers, "cancel messages")?;
        let status = self.message_status(id)?;
        if !CANCELLABLE.contains(&status.as_str()) {
            return Err(ServiceError::Rejected(format!(
                "message {id} is {status}; only {} messages can be cancelled",
                CANCELLABLE.join(", ")
            )));
        }
        self.write(|tx| {
            store_messages::cancel(tx, id, tx.now)?;
            tx.audit(actor, "message.cancel", "outbox", id, Some(status.clone()), Some("cancelled".into()))
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
