//! What the Messages screen (Alt+8) asks of its controller.

use super::CampaignDraft;
use crate::services::messages::MessageTemplate;

/// What the Messages screen asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessagesAction {
    /// Everything the screen shows (the outbox by the screen's filter).
    Load,
    Retry(i64),
    Cancel(i64),
    ReadInbox(i64),
    /// A customer's conversation (marking message `read` read, if given).
    OpenThread {
        phone: String,
        read: Option<i64>,
    },
    /// The owner's own answer, typed under the conversation.
    ReplyByHand {
        phone: String,
        text: String,
    },
    /// Render a template (saved or being edited) for a customer.
    Preview {
        template: MessageTemplate,
        customer_id: i64,
    },
    SaveTemplate(MessageTemplate),
    /// Count the audience and cost of a campaign, creating nothing.
    PlanCampaign(CampaignDraft),
    CreateCampaign(CampaignDraft),
    SendCampaign(i64),
    ResumeChannel(String),
}
