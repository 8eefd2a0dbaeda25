//! A customer's conversation with the shop, and the owner's reply by hand: free text
//! inside WhatsApp's 24-hour window, through the outbox like the assistant's replies.

use super::super::{Actor, Refusal, Result, Shop};
use super::{Reply, WINDOW_MS, queue_reply};
use crate::domain::assistant::fit_reply;
use crate::domain::{Permission, Phone};
use crate::store;
use crate::store::assistant::ConversationEntry;

/// Messages shown of one conversation.
pub const CONVERSATION_LIMIT: usize = 200;

impl Shop {
    /// What `phone` and the shop wrote each other, oldest first (the last
    /// [`CONVERSATION_LIMIT`]).
    pub fn conversation(&self, actor: &Actor, phone: &str) -> Result<Vec<ConversationEntry>> {
        actor.require(Permission::EditCustomers, "read customers' messages")?;
        let phone = Phone::parse(phone).map_err(Refusal::Phone)?;
        Ok(store::assistant::conversation(self.store.conn(), phone.as_str(), CONVERSATION_LIMIT)?)
    }

    /// Queue the owner's own answer to `phone`; refused once the customer's last
    /// message is more than 24 hours old (only templates may go then). Audited.
    pub fn reply_by_hand(&mut self, actor: &Actor, phone: &str, text: &str) -> Result<i64> {
        actor.require(Permission::EditCustomers, "answer customers")?;
        let phone = Phone::parse(phone).map_err(Refusal::Phone)?;
        let text = text.trim();
        if text.is_empty() {
            return Err(Refusal::ReplyEmpty.into());
        }
        let text = fit_reply(text, "…");
        let now = self.now_ms();
        let last = self.last_inbound_at(phone.as_str())?;
        let Some(opened) = last.filter(|at| now - at <= WINDOW_MS) else {
            return Err(Refusal::ReplyWindowClosed { phone: phone.as_str().to_string() }.into());
        };
        self.write(|tx| {
            let customer_id = store::customers::by_phone(tx, &phone)?.map(|(id, _, _)| id);
            let reply = Reply {
                phone: &phone,
                customer_id,
                template: "reply_by_hand",
                body: &text,
                dedupe_key: &format!("reply:hand:{}:{}", phone.as_str(), tx.now),
                expires_at: opened + WINDOW_MS,
            };
            let id = queue_reply(tx, reply)?.ok_or(Refusal::ReplyJustQueued)?;
            tx.audit(actor, "message.reply", "outbox", id, None, Some(phone.as_str().to_string()))?;
            Ok(id)
        })
    }
}
