//! `warung campaign create|send` and `warung remind receivables|refills`.

use std::path::Path;

use super::setup::open_existing;
use super::{CampaignAction, RemindWhat, date_flag};
use crate::services::Actor;
use crate::services::messages::holdout_bp;

pub fn campaign(db: &Path, action: &CampaignAction) -> anyhow::Result<()> {
    let mut shop = open_existing(db)?;
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
            eprintln!(
                "campaign {} created: {} recipients, {} held out, {} to send (about {}); send it with `warung campaign send {}`",
                created.id,
                plan.audience,
                plan.holdout,
                plan.to_send(),
                plan.estimated_cost,
                created.id
            );
        }
        CampaignAction::Send { id } => {
            let queued = shop.send_campaign(&actor, *id)?;
            println!("queued={queued}");
            eprintln!("campaign {id}: {queued} messages queued for the dispatcher");
        }
    }
    Ok(())
}

pub fn remind(db: &Path, what: &RemindWhat) -> anyhow::Result<()> {
    let mut shop = open_existing(db)?;
    match what {
        RemindWhat::Receivables => {
            let today = shop.today();
            let queued = shop.remind_receivables(today)?;
            println!("reminders={queued}");
            eprintln!("{queued} payment reminders queued for {today}");
        }
        RemindWhat::Refills => {
            let today = shop.today();
            let queued = shop.queue_refills(today)?;
            println!("refills={queued}");
            eprintln!("{queued} refill reminders queued for {today}");
        }
    }
    Ok(())
}
