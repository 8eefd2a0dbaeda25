//! Campaigns: one campaign template to an audience (all opted-in customers, or a
//! segment of the latest segmentation), with a random holdout share kept unsent so the
//! campaign's lift can be measured. Creating fixes the audience and the holdout;
//! sending queues one message per remaining recipient in one transaction.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::templates::{MessageKind, MessageVars, To, queue};
use crate::domain::{Money, Permission};
use crate::services::{Actor, Refusal, Result, ServiceError, Shop, Thing};
use crate::store::campaigns::{self as store_campaigns, CampaignRow, NewCampaign, Recipient};

/// Who a campaign would reach, and what it would cost, before it is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CampaignPlan {
    pub audience: usize,
    pub holdout: usize,
    /// The messages actually sent, at `messaging.price.marketing` each.
    pub estimated_cost: Money,
}

impl CampaignPlan {
    pub fn to_send(&self) -> usize {
        self.audience - self.holdout
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreatedCampaign {
    pub id: i64,
    pub plan: CampaignPlan,
}

/// `12.5` or `12,5%` → 1250 basis points; empty is none.
pub fn holdout_bp(text: &str) -> Result<i64> {
    if text.trim().is_empty() {
        return Ok(0);
    }
    let def = crate::services::settings::SettingDef {
        key: "holdout",
        default: "0",
        kind: crate::services::settings::SettingKind::Percent,
        secret: false,
        label_en: "",
        label_id: "",
    };
    let normalised = crate::services::settings::validate(&def, text)
        .map_err(|problem| Refusal::BadSetting { key: "holdout".into(), problem })?;
    let percent: f64 = normalised.parse().unwrap_or(0.0);
    Ok((percent * 100.0).round() as i64)
}

/// How many of `audience` a holdout of `bp` basis points keeps back (rounded).
fn holdout_count(audience: usize, bp: i64) -> usize {
    ((audience as i64 * bp + 5_000) / 10_000) as usize
}

/// The customers held out: a draw seeded by the campaign id, so it can be repeated.
pub(super) fn draw_holdout(campaign_id: i64, audience: &[Recipient], bp: i64) -> Vec<bool> {
    let mut order: Vec<usize> = (0..audience.len()).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(campaign_id as u64));
    let mut held = vec![false; audience.len()];
    for &i in &order[..holdout_count(audience.len(), bp)] {
        held[i] = true;
    }
    held
}

/// The opted-in customers a campaign of `template` for `segment` reaches.
fn campaign_audience(shop: &Shop, segment: Option<&str>, template: &str) -> Result<Vec<Recipient>> {
    let found = shop.message_template(template)?;
    if found.kind != MessageKind::Campaign {
        return Err(Refusal::CampaignTemplateKind {
            template: template.to_string(),
            kind: found.kind.code().to_string(),
        }
        .into());
    }
    if let Some(label) = segment {
        let labels = shop.segment_labels()?;
        if labels.is_empty() {
            return Err(Refusal::NoSegmentation.into());
        }
        if !labels.iter().any(|l| l.eq_ignore_ascii_case(label)) {
            return Err(Refusal::UnknownSegment { label: label.to_string(), known: labels.join(", ") }.into());
        }
    }
    Ok(store_campaigns::audience(shop.store.conn(), segment)?)
}

/// The holdout and cost of a campaign reaching `audience` customers.
fn plan_for(shop: &Shop, audience: usize, holdout_bp: i64) -> Result<CampaignPlan> {
    let holdout = holdout_count(audience, holdout_bp);
    let each: i64 = shop.setting("messaging.price.marketing")?.parse().unwrap_or(0);
    let estimated_cost = Money::new(each.saturating_mul((audience - holdout) as i64));
    Ok(CampaignPlan { audience, holdout, estimated_cost })
}

impl Shop {
    /// Labels a campaign can target (cluster labels and RFM segments of the latest run).
    pub fn segment_labels(&self) -> Result<Vec<String>> {
        Ok(store_campaigns::segment_labels(self.store.conn())?)
    }

    /// Recipients, holdout and estimated cost of a campaign, creating nothing.
    pub fn plan_campaign(&self, segment: Option<&str>, template: &str, holdout_bp: i64) -> Result<CampaignPlan> {
        let audience = campaign_audience(self, segment, template)?.len();
        plan_for(self, audience, holdout_bp)
    }

    /// Create a campaign (not yet sent): its audience and holdout are fixed now.
    pub fn create_campaign(
        &mut self,
        actor: &Actor,
        name: &str,
        segment: Option<&str>,
        template: &str,
        holdout_bp: i64,
    ) -> Result<CreatedCampaign> {
        actor.require(Permission::ChangeSettings, "create campaigns")?;
        let name = name.trim();
        if name.is_empty() {
            return Err(Refusal::CampaignNeedsName.into());
        }
        if !(0..=10_000).contains(&holdout_bp) {
            return Err(Refusal::HoldoutRange.into());
        }
        let audience = campaign_audience(self, segment, template)?;
        let plan = plan_for(self, audience.len(), holdout_bp)?;
        let id = self.write(|tx| {
            let id = store_campaigns::insert(
                tx,
                &NewCampaign { name, template, segment, holdout_bp, created_by: actor.user_id, at: tx.now },
            )?;
            for (recipient, held) in audience.iter().zip(draw_holdout(id, &audience, holdout_bp)) {
                store_campaigns::insert_recipient(tx, id, recipient.customer_id, held)?;
            }
            let summary = format!("{name}: {} recipients, {} held out", plan.audience, plan.holdout);
            tx.audit(actor, "campaign.create", "campaign", id, None, Some(summary))?;
            Ok(id)
        })?;
        Ok(CreatedCampaign { id, plan })
    }

    /// Queue the campaign's messages, all in one transaction; returns how many. A
    /// recipient who opted out since the campaign was created is skipped.
    pub fn send_campaign(&mut self, actor: &Actor, id: i64) -> Result<usize> {
        actor.require(Permission::ChangeSettings, "send campaigns")?;
        let campaign = self.campaign(id)?;
        if campaign.sent_at.is_some() {
            return Err(Refusal::CampaignSent { id }.into());
        }
        let store_name = self.store_name();
        let recommends = self.message_template(&campaign.template)?.body.contains("recommended_items");
        self.write(|tx| {
            let ends_at = store_campaigns::end_of(tx, id)?;
            let mut queued = 0;
            for r in store_campaigns::to_send(tx, id)? {
                if !store_campaigns::is_reachable(tx, r.customer_id)? {
                    continue;
                }
                let mut vars = MessageVars::new(&r.name, &r.code, &store_name);
                if recommends {
                    vars.recommended_items = Some(crate::services::recommend::recommended_phrase(tx, r.customer_id)?);
                }
                let to = To { customer_id: r.customer_id, phone: &r.phone };
                if let Some(outbox_id) =
                    queue(tx, &campaign.template, to, &vars, &format!("campaign:{id}:{}", r.customer_id))?
                {
                    store_campaigns::set_recipient_outbox(tx, id, r.customer_id, outbox_id)?;
                    if let Some(end) = ends_at {
                        crate::store::outbox::set_expiry(tx, outbox_id, end)?;
                    }
                    queued += 1;
                }
            }
            store_campaigns::mark_sent(tx, id, tx.now)?;
            tx.audit(actor, "campaign.send", "campaign", id, None, Some(format!("{queued} messages queued")))?;
            Ok(queued)
        })
    }

    /// The campaign's last day (shop time): none of its messages is delivered after it.
    /// Only before it is sent, and not a day already past.
    pub fn set_campaign_end(&mut self, actor: &Actor, id: i64, last_day: jiff::civil::Date) -> Result<()> {
        actor.require(Permission::ChangeSettings, "change campaigns")?;
        let campaign = self.campaign(id)?;
        if campaign.sent_at.is_some() {
            return Err(Refusal::CampaignEndFixed { id }.into());
        }
        let ends_at = self.campaign_end_ms(last_day)?;
        self.write(|tx| {
            store_campaigns::set_end(tx, id, ends_at)?;
            tx.audit(actor, "campaign.end", "campaign", id, None, Some(last_day.to_string()))
        })
    }

    /// The last instant of `last_day` (shop time), refused for a day already past.
    pub fn campaign_end_ms(&self, last_day: jiff::civil::Date) -> Result<i64> {
        let tz = self.time_zone();
        let today = crate::clock::local_date(self.now_ms(), &tz);
        if last_day < today {
            return Err(
                Refusal::CampaignEndsBeforeToday { last_day: last_day.to_string(), today: today.to_string() }.into()
            );
        }
        Ok(crate::clock::day_start_ms(last_day.tomorrow().unwrap_or(last_day), &tz) - 1)
    }

    pub fn campaign(&self, id: i64) -> Result<CampaignRow> {
        store_campaigns::get(self.store.conn(), id)?.ok_or_else(|| ServiceError::Missing(Thing::Campaign.key(id)))
    }

    /// Newest first.
    pub fn campaigns(&self, limit: usize) -> Result<Vec<CampaignRow>> {
        Ok(store_campaigns::list(self.store.conn(), limit)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holdout_percentages_become_basis_points() {
        assert_eq!(holdout_bp("10").unwrap(), 1000);
        assert_eq!(holdout_bp("12,5%").unwrap(), 1250);
        assert_eq!(holdout_bp(" ").unwrap(), 0);
        assert!(holdout_bp("120").unwrap_err().to_string().contains("holdout must be between 0 and 100"));
        assert_eq!(holdout_count(7, 1000), 1);
        assert_eq!(holdout_count(4, 1250), 1);
        assert_eq!(holdout_count(3, 0), 0);
    }
}
