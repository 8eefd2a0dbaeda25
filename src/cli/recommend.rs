//! `warung recommend refresh`: recount the bought-together partners the till suggests
//! (the dispatcher does the same once a night).

use std::path::Path;

use super::RecommendAction;
use super::setup::open_existing;

pub fn run(db: &Path, action: &RecommendAction) -> anyhow::Result<()> {
    let mut shop = open_existing(db)?;
    match action {
        RecommendAction::Refresh => {
            let today = shop.today();
            let done = shop.refresh_recommendations(today)?;
            println!("baskets={}", done.baskets);
            println!("items={}", done.items);
            println!("partners={}", done.partners);
            eprintln!(
                "{} sales counted up to {today}: {} items have bought-together partners ({} in all)",
                done.baskets, done.items, done.partners
            );
            if done.partners == 0 {
                eprintln!(
                    "no partners yet: two items become partners once at least {} sales of the last {} days hold \
                     both, more often than chance",
                    crate::reports::recommend::DEFAULT_MIN_PAIRS,
                    crate::services::recommend::PARTNER_HISTORY_DAYS
                );
            }
        }
    }
    Ok(())
}
