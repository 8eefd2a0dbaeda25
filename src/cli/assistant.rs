//! `warung assistant test "TEXT" --from PHONE [--apply]`: the reply on standard
//! output, exactly as it would be sent; why there is none on standard error.

use std::path::Path;

use super::AssistantAction;
use super::setup::open_existing;
use crate::lang::Lang;
use crate::services::assistant::Answer;

pub fn run(db: &Path, action: &AssistantAction, lang: Lang) -> anyhow::Result<()> {
    let mut shop = open_existing(db, lang)?;
    match action {
        AssistantAction::Test { text, from, apply } => match shop.assistant_test(text, from, *apply)? {
            Answer::Reply { text, outbox_id } => {
                println!("{text}");
                if let Some(id) = outbox_id {
                    eprintln!("{} {id}", lang.pick("queued as message", "masuk antrean sebagai pesan"));
                }
            }
            Answer::Silent(why) => eprintln!("{}: {}", lang.pick("no reply", "tidak dibalas"), why.text(lang)),
        },
    }
    Ok(())
}
