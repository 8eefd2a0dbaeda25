//! `warung import` and `warung export`.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::setup::open_existing;
use super::{FormatArg, RecordKindArg};
use crate::files::write_atomically;
use crate::lang::Lang;
use crate::services::Actor;
use crate::services::export::ExportFormat;
use crate::services::import::sales::SalesImportOptions;
use crate::services::import::{ImportError, ImportKind, ImportOptions};
use crate::services::{Refusal, ServiceError};

/// What `warung import` reads: the exportable records, or past sales.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ImportArg {
    Items,
    Customers,
    Suppliers,
    Sales,
}

fn kind(arg: RecordKindArg) -> ImportKind {
    match arg {
        RecordKindArg::Items => ImportKind::Items,
        RecordKindArg::Customers => ImportKind::Customers,
        RecordKindArg::Suppliers => ImportKind::Suppliers,
    }
}

pub fn import(
    db: &Path,
    arg: ImportArg,
    file: &Path,
    options: ImportOptions,
    affect_stock: bool,
    lang: Lang,
) -> anyhow::Result<()> {
    let path = file.display();
    let bytes =
        std::fs::read(file).with_context(|| format!("{} {path}", lang.pick("cannot read", "tidak bisa membaca")))?;
    let source = file.display().to_string();
    let mut shop = open_existing(db, lang)?;
    let actor = Actor::command_line();
    let not_imported = |e: ImportError| {
        let why = match lang {
            Lang::En => format!("{path} was not imported, nothing was changed"),
            Lang::Id => format!("{path} tidak diimpor, tidak ada yang berubah"),
        };
        match e {
            ImportError::Problems(_) => anyhow::anyhow!("{why}:\n{}", e.text(lang)),
            // Kept as the cause, so a busy shop is said once, with what to do.
            ImportError::Service(_) => anyhow::Error::new(e).context(why),
            ImportError::Unfinished { .. } => anyhow::Error::new(e)
                .context(format!("{path} {}", lang.pick("was imported only in part", "baru terimpor sebagian"))),
        }
    };
    let record = match arg {
        ImportArg::Items => RecordKindArg::Items,
        ImportArg::Customers => RecordKindArg::Customers,
        ImportArg::Suppliers => RecordKindArg::Suppliers,
        ImportArg::Sales => {
            let options = SalesImportOptions { dry_run: options.dry_run, affect_stock };
            let summary = shop.import_sales_file(&actor, &source, &bytes, &options).map_err(not_imported)?;
            eprintln!("{path}: {}", summary.text(lang));
            return Ok(());
        }
    };
    if affect_stock {
        return Err(ServiceError::from(Refusal::AffectStockOnlySales).into());
    }
    let summary = shop.import_file(&actor, kind(record), &source, &bytes, &options).map_err(not_imported)?;
    eprintln!("{path}: {}", summary.text(lang));
    Ok(())
}

/// `warung import --abandon RUN`.
pub fn abandon(db: &Path, run: i64, lang: Lang) -> anyhow::Result<()> {
    let mut shop = open_existing(db, lang)?;
    eprintln!("{}", shop.abandon_import(&Actor::command_line(), run)?.text(lang));
    Ok(())
}

pub fn export(
    db: &Path,
    arg: RecordKindArg,
    format: FormatArg,
    output: Option<&Path>,
    force: bool,
    lang: Lang,
) -> anyhow::Result<()> {
    let shop = open_existing(db, lang)?;
    let format = match format {
        FormatArg::Csv => ExportFormat::Csv,
        FormatArg::Json => ExportFormat::Json,
    };
    let actor = Actor::command_line();
    match output {
        None => {
            let mut out = std::io::BufWriter::new(super::terminal::stdout());
            shop.export(&actor, kind(arg), format, &mut out)?;
            out.flush()?;
        }
        Some(path) => {
            write_atomically(path, force, |out| Ok(shop.export(&actor, kind(arg), format, out)?))?;
        }
    }
    Ok(())
}
