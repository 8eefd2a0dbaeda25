//! `warung campaign create|send` and `warung remind receivables|refills`. The
//! `key=value` lines on standard output are for scripts and stay as they are; the
//! sentence on standard error speaks the user's language.

use std::path::Path;

use super::setup::open_existing;
use super::{CampaignAction, RemindWhat, date_flag};
use crate::lang::Lang;
use crate::services::Actor;
use crate::services::messages::holdout_bp;

pub fn campaign(db: &Path, action: &CampaignAction, lang: Lang) -> anyhow::Result<()> {
    let mut shop = open_existing(db, lang)?;
    let actor = Actor::command_line();
    match action {
        CampaignAction::Create { name, segment, all: _, template, holdout, ends } => {
            let bp = holdout_bp(holdout)?;
            let last_day = match ends {
                Some(text) => Some(date_flag("--ends", text)?),
                None => None,
            };
            if let Some(day) = last_day {
                shop.campaign_end_ms(day)?;
            }
            let created = shop.create_campaign(&actor, name, segment.as_deref(), template, bp)?;
            if let Some(day) = last_day {
                shop.set_campaign_end(&actor, created.id, day)?;
            }
            let plan = created.plan;
            println!("id={}", created.id);
            println!("recipients={}", plan.audience);
            println!("holdout={}", plan.holdout);
            println!("estimated_cost={}", plan.estimated_cost.rupiah());
            let (id, audience, held, to_send, cost) =
                (created.id, plan.audience, plan.holdout, plan.to_send(), plan.estimated_cost);
            eprintln!(
                "{}",
                match lang {
                    Lang::En => format!(
                        "campaign {id} created: {audience} recipients, {held} held out, {to_send} to send \
                         (about {cost}); send it with `warung campaign send {id}`"
                    ),
                    Lang::Id => format!(
                        "kampanye {id} dibuat: {audience} penerima, {held} ditahan sebagai pembanding, \
                         {to_send} akan dikirim (kira-kira {cost}); kirim dengan `warung campaign send {id}`"
                    ),
                }
            );
        }
        CampaignAction::Send { id } => {
            let queued = shop.send_campaign(&actor, *id)?;
            println!("queued={queued}");
            eprintln!(
                "{}",
                match lang {
                    Lang::En => format!("campaign {id}: {queued} messages queued for the dispatcher"),
                    Lang::Id => format!("kampanye {id}: {queued} pesan masuk antrean pengirim"),
                }
            );
        }
    }
    Ok(())
}

pub fn remind(db: &Path, what: &RemindWhat, lang: Lang) -> anyhow::Result<()> {
    let mut shop = open_existing(db, lang)?;
    let today = shop.today();
    match what {
        RemindWhat::Receivables => {
            let queued = shop.remind_receivables(today)?;
            println!("reminders={queued}");
            eprintln!(
                "{}",
                match lang {
                    Lang::En => format!("{queued} payment reminders queued for {today}"),
                    Lang::Id => format!("{queued} pengingat pembayaran masuk antrean untuk {today}"),
                }
            );
        }
        RemindWhat::Refills => {
            let queued = shop.queue_refills(today)?;
            println!("refills={queued}");
            eprintln!(
                "{}",
                match lang {
                    Lang::En => format!("{queued} refill reminders queued for {today}"),
                    Lang::Id => format!("{queued} pengingat belanja ulang masuk antrean untuk {today}"),
                }
            );
        }
    }
    Ok(())
}
