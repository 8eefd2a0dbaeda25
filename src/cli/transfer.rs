//! `warung import` and `warung export`.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::setup::open_existing;
use super::{FormatArg, RecordKindArg};
use crate::files::write_atomically;
use crate::services::Actor;
use crate::services::export::ExportFormat;
use crate::services::import::{ImportKind, ImportOptions};

fn kind(arg: RecordKindArg) -> ImportKind {
    match arg {
        RecordKindArg::Items => ImportKind::Items,
        RecordKindArg::Customers => ImportKind::Customers,
        RecordKindArg::Suppliers => ImportKind::Suppliers,
    }
}

pub fn import(db: &Path, arg: RecordKindArg, file: &Path, options: ImportOptions) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut shop = open_existing(db)?;
    let summary = shop
        .import(&Actor::command_line(), kind(arg), &bytes, &options)
        .map_err(|e| anyhow::anyhow!("{} was not imported, nothing was changed:\n{e}", file.display()))?;
    eprintln!("{}: {summary}", file.display());
    Ok(())
}

pub fn export(db: &Path, arg: RecordKindArg, format: FormatArg, output: Option<&Path>) -> anyhow::Result<()> {
    let shop = open_existing(db)?;
    let format = match format {
        FormatArg::Csv => ExportFormat::Csv,
        FormatArg::Json => ExportFormat::Json,
    };
    let actor = Actor::command_line();
    match output {
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            shop.export(&actor, kind(arg), format, &mut out)?;
            out.flush()?;
        }
        Some(path) => {
            write_atomically(path, |out| Ok(shop.export(&actor, kind(arg), format, out)?))?;
        }
    }
    Ok(())
}
