//! Where the Messages screen (Alt+8) meets the services. A template's live preview
//! renders on a worker: a template that does too much work (until its fuel runs
//! out) never stalls the screen.

use super::{MessagesData, MessagesScreen};
use crate::services::messages::RenderedMessage;
use crate::services::messages::templates::preview;
use crate::services::{Result as ServiceResult, Shop};
use crate::store::customers::CustomerFilter;
use crate::store::messages::MessageFilter;
use crate::tui::action::{Action, MessagesAction};
use crate::tui::i18n::Lang;
use crate::tui::screens::{Context, Controller, View};
use crate::tui::widgets::error::error_text;
use crate::tui::widgets::records::{LIST_LIMIT, Notice};
use crate::tui::worker::{Finished, Workers, not_started};

pub type PreviewResult = Result<RenderedMessage, String>;

fn load(shop: &Shop, filter: &MessageFilter) -> ServiceResult<MessagesData> {
    let customers = shop
        .customers(&CustomerFilter { text: String::new(), include_archived: false, limit: LIST_LIMIT })?
        .into_iter()
        .map(|c| (c.id, c.data.name))
        .collect();
    Ok(MessagesData {
        messages: shop.messages(filter)?,
        inbox: shop.inbox(200)?,
        templates: shop.message_templates()?,
        template_status: shop
            .template_platform_states()?
            .into_iter()
            .filter_map(|(key, state)| Some((key, state.status?)))
            .collect(),
        customers,
        campaigns: shop.campaigns(100)?,
        segments: shop.segment_labels()?,
        halted: shop.halted_channels()?,
    })
}

impl MessagesScreen {
    /// Everything the screen shows, again; the status bar's count of waiting messages too.
    fn reload(&mut self, ctx: &mut Context) {
        match load(ctx.shop, &self.filter()) {
            Ok(data) => self.set_data(data, ctx.shop.time_zone()),
            Err(e) => self.show(Notice::Error, error_text(&e, ctx.lang)),
        }
        ctx.then.refresh_status = true;
    }
}

impl Controller for MessagesScreen {
    fn enter(&mut self, ctx: &mut Context) {
        self.reload(ctx);
    }

    fn run(&mut self, action: Action, ctx: &mut Context) {
        let Action::Messages(action) = action else { return };
        let (lang, actor) = (ctx.lang, ctx.actor);
        let failed = |screen: &mut MessagesScreen, e| screen.show(Notice::Error, error_text(&e, lang));
        match action {
            MessagesAction::Load => self.reload(ctx),
            MessagesAction::Retry(id) => match ctx.shop.retry_message(actor, id) {
                Ok(()) => {
                    self.reload(ctx);
                    self.show(Notice::Info, format!("#{id} {}", lang.pick("queued again", "diantrekan lagi")));
                }
                Err(e) => failed(self, e),
            },
            MessagesAction::Cancel(id) => match ctx.shop.cancel_message(actor, id) {
                Ok(()) => {
                    self.reload(ctx);
                    self.show(Notice::Info, format!("#{id} {}", lang.pick("cancelled", "dibatalkan")));
                }
                Err(e) => failed(self, e),
            },
            MessagesAction::ReadInbox(id) => match ctx.shop.mark_inbox_read(id) {
                Ok(()) => self.reload(ctx),
                Err(e) => failed(self, e),
            },
            MessagesAction::OpenThread { phone, read } => {
                if let Some(id) = read
                    && let Err(e) = ctx.shop.mark_inbox_read(id)
                {
                    return failed(self, e);
                }
                match ctx.shop.conversation(actor, &phone) {
                    Ok(thread) => {
                        self.reload(ctx);
                        self.inbox.set_thread(thread);
                    }
                    Err(e) => failed(self, e),
                }
            }
            MessagesAction::ReplyByHand { phone, text } => {
                match ctx.shop.reply_by_hand(actor, &phone, &text).and_then(|_| ctx.shop.conversation(actor, &phone)) {
                    Ok(thread) => {
                        self.reload(ctx);
                        self.inbox.replied(thread);
                    }
                    Err(e) => self.inbox.reply_failed(error_text(&e, lang)),
                }
            }
            MessagesAction::Preview { template, customer_id } => {
                match ctx.shop.preview_vars(template.kind, customer_id) {
                    Ok(vars) => ctx.workers.previews.start(
                        "preview",
                        move |_| preview(&template, &vars).map_err(|e| error_text(&e, lang)),
                        move |e| Err(not_started(lang.pick("the preview", "pratinjau"), &e, lang)),
                    ),
                    Err(e) => self.set_preview(Err(error_text(&e, lang))),
                }
            }
            MessagesAction::SaveTemplate(template) => match ctx.shop.save_message_template(actor, &template) {
                Ok(()) => {
                    self.reload(ctx);
                    self.template_saved(format!("{} {}", lang.pick("Saved", "Tersimpan"), template.key));
                }
                Err(e) => self.template_failed(error_text(&e, lang)),
            },
            MessagesAction::PlanCampaign(draft) => {
                let plan = crate::services::messages::holdout_bp(&draft.holdout)
                    .and_then(|bp| ctx.shop.plan_campaign(draft.segment.as_deref(), &draft.template, bp));
                match plan {
                    Ok(plan) => self.set_plan(draft, plan),
                    Err(e) => self.campaign_failed(error_text(&e, lang)),
                }
            }
            MessagesAction::CreateCampaign(draft) => {
                let created = crate::services::messages::holdout_bp(&draft.holdout).and_then(|bp| {
                    ctx.shop.create_campaign(actor, &draft.name, draft.segment.as_deref(), &draft.template, bp)
                });
                match created {
                    Ok(c) => {
                        self.reload(ctx);
                        self.campaign_done(format!(
                            "{} #{} · s {}",
                            lang.pick("Created campaign", "Kampanye dibuat"),
                            c.id,
                            lang.pick("sends it", "mengirimnya")
                        ));
                    }
                    Err(e) => self.campaign_failed(error_text(&e, lang)),
                }
            }
            MessagesAction::SendCampaign(id) => match ctx.shop.send_campaign(actor, id) {
                Ok(queued) => {
                    self.reload(ctx);
                    self.campaign_done(format!(
                        "{} #{id}: {queued} {}",
                        lang.pick("Campaign", "Kampanye"),
                        lang.pick("messages queued", "pesan diantrekan")
                    ));
                }
                Err(e) => self.campaign_failed(error_text(&e, lang)),
            },
            MessagesAction::ResumeChannel(provider) => match ctx.shop.resume_channel(actor, &provider) {
                Ok(_) => {
                    self.reload(ctx);
                    self.show(Notice::Info, format!("{provider} {}", lang.pick("resumed", "dilanjutkan")));
                }
                Err(e) => failed(self, e),
            },
        }
    }

    fn finished(&mut self, done: Finished, workers: &mut Workers, _lang: Lang) -> bool {
        let Finished::Preview(done) = done else { return false };
        match workers.previews.accept(done) {
            Some(preview) => {
                self.set_preview(preview);
                true
            }
            None => false,
        }
    }
}
