//! `warung receipt` (show, print or write the A4 invoice of a past sale) and
//! `warung template` (the editable receipt and invoice templates).

use std::io::Read;
use std::path::Path;

use anyhow::Context;

use super::setup::open_existing;
use super::{ReceiptArgs, TemplateAction};
use crate::lang::Lang;
use crate::services::Actor;

pub fn receipt(db: &Path, args: &ReceiptArgs, lang: Lang) -> anyhow::Result<()> {
    let shop = open_existing(db, lang)?;
    let sale_id = shop.sale_id_by_invoice(&args.invoice)?;
    if let Some(path) = &args.a4 {
        let html = shop.invoice_a4(sale_id)?;
        crate::files::write_atomically(path, args.force, |out| {
            out.write_all(html.as_bytes())?;
            Ok(html.len())
        })?;
        eprintln!("{} {}", lang.pick("A4 invoice written to", "faktur A4 ditulis ke"), path.display());
    }
    if args.print {
        shop.print_receipt(sale_id)?;
        eprintln!("{} {}", args.invoice, lang.pick("sent to the printer", "dikirim ke printer"));
    }
    if args.a4.is_none() && !args.print {
        print!("{}", shop.render_receipt(sale_id, args.width)?);
    }
    Ok(())
}

pub fn template(db: &Path, action: &TemplateAction, lang: Lang) -> anyhow::Result<()> {
    let mut shop = open_existing(db, lang)?;
    let owner = Actor::command_line();
    let cannot_read = |file: &Path| format!("{} {}", lang.pick("cannot read", "tidak bisa membaca"), file.display());
    match action {
        TemplateAction::List => {
            for t in shop.templates()? {
                // Tab-separated for scripts: the state stays a code.
                println!("{}\t{}", t.name, if t.customised { "customised" } else { "shipped" });
            }
        }
        TemplateAction::Show { name } => print!("{}", shop.template(name)?),
        TemplateAction::Set { name, file } => {
            let mut body = String::new();
            if file.as_os_str() == "-" {
                std::io::stdin().read_to_string(&mut body).with_context(|| {
                    lang.pick(
                        "cannot read the template from standard input",
                        "template tidak bisa dibaca dari masukan standar",
                    )
                })?;
            } else {
                body = std::fs::read_to_string(file).with_context(|| cannot_read(file))?;
            }
            shop.set_template(&owner, name, &body)?;
            eprintln!(
                "{}",
                match lang {
                    Lang::En => format!("template {name} saved"),
                    Lang::Id => format!("template {name} disimpan"),
                }
            );
        }
        TemplateAction::Reset { name } => {
            shop.reset_template(&owner, name)?;
            eprintln!(
                "{}",
                match lang {
                    Lang::En => format!("template {name} is the shipped one again"),
                    Lang::Id => format!("template {name} kembali ke bawaan"),
                }
            );
        }
        TemplateAction::Preview { name, file } => {
            let body = std::fs::read_to_string(file).with_context(|| cannot_read(file))?;
            print!("{}", shop.preview_template(name, &body)?);
        }
    }
    Ok(())
}
