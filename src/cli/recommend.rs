//! `warung recommend refresh`: recount the bought-together partners the till suggests
//! (the dispatcher does the same once a night).

use std::path::Path;

use super::RecommendAction;
use super::setup::open_existing;
use crate::lang::Lang;

pub fn run(db: &Path, action: &RecommendAction, lang: Lang) -> anyhow::Result<()> {
    let mut shop = open_existing(db, lang)?;
    match action {
        RecommendAction::Refresh => {
            let today = shop.today();
            let done = shop.refresh_recommendations(today)?;
            println!("baskets={}", done.baskets);
            println!("items={}", done.items);
            println!("partners={}", done.partners);
            let (baskets, items, partners) = (done.baskets, done.items, done.partners);
            eprintln!(
                "{}",
                match lang {
                    Lang::En => format!(
                        "{baskets} sales counted up to {today}: {items} items have bought-together partners \
                         ({partners} in all)"
                    ),
                    Lang::Id => format!(
                        "{baskets} penjualan dihitung sampai {today}: {items} barang punya pasangan yang sering \
                         dibeli bersama ({partners} seluruhnya)"
                    ),
                }
            );
            if partners == 0 {
                let pairs = crate::reports::recommend::DEFAULT_MIN_PAIRS;
                let days = crate::services::recommend::PARTNER_HISTORY_DAYS;
                eprintln!(
                    "{}",
                    match lang {
                        Lang::En => format!(
                            "no partners yet: two items become partners once at least {pairs} sales of the last \
                             {days} days hold both, more often than chance"
                        ),
                        Lang::Id => format!(
                            "belum ada pasangan: dua barang menjadi pasangan bila paling sedikit {pairs} penjualan \
                             dalam {days} hari terakhir memuat keduanya, lebih sering dari kebetulan"
                        ),
                    }
                );
            }
        }
    }
    Ok(())
}
