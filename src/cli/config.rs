//! `warung config get|set`.

use std::io::BufRead;
use std::path::Path;

use anyhow::Context;

use super::ConfigAction;
use super::setup::open_existing;
use crate::lang::Lang;
use crate::services::Actor;

pub fn run(db: &Path, action: ConfigAction, lang: Lang) -> anyhow::Result<()> {
    let mut shop = open_existing(db, lang)?;
    match action {
        ConfigAction::Get { key: Some(key), reveal } => {
            let def = crate::services::settings::definition(&key)?;
            let value = shop.setting(&key)?;
            let shown = if def.secret && !reveal && !value.is_empty() {
                crate::services::settings::MASK.to_string()
            } else {
                value
            };
            println!("{shown}");
        }
        ConfigAction::Get { key: None, reveal } => {
            for (def, value) in shop.settings(reveal)? {
                println!("{}={value}", def.key);
            }
        }
        ConfigAction::Set { key, value, stdin } => {
            let value = match value {
                Some(value) => value,
                None => read_line_from_stdin(&key, stdin, lang)?,
            };
            shop.set_setting(&Actor::command_line(), &key, &value)?;
            eprintln!("{key} {}", lang.pick("saved", "disimpan"));
        }
        ConfigAction::ImportQris { image } => {
            let merchant = shop.import_qris_image(&Actor::command_line(), &image)?;
            eprintln!("qris.payload {} ({merchant})", lang.pick("saved", "disimpan"));
        }
    }
    Ok(())
}

/// The value of `key` from the first line of standard input (`--stdin`).
fn read_line_from_stdin(key: &str, stdin: bool, lang: Lang) -> anyhow::Result<String> {
    debug_assert!(stdin, "clap requires a VALUE or --stdin");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).with_context(|| match lang {
        Lang::En => format!("cannot read {key} from standard input"),
        Lang::Id => format!("{key} tidak bisa dibaca dari masukan standar"),
    })?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
