//! `warung receipt` (show, print or write the A4 invoice of a past sale) and
//! `warung template` (the editable receipt and invoice templates).

use std::io::Read;
use std::path::Path;

use anyhow::Context;

use super::setup::open_existing;
use super::{ReceiptArgs, TemplateAction};
use crate::services::Actor;

pub fn receipt(db: &Path, args: &ReceiptArgs) -> anyhow::Result<()> {
    let shop = open_existing(db)?;
    let sale_id = shop.sale_id_by_invoice(&args.invoice)?;
    if let Some(path) = &args.a4 {
        let html = shop.invoice_a4(sale_id)?;
        crate::files::write_atomically(path, args.force, |out| {
            out.write_all(html.as_bytes())?;
            Ok(html.len())
        })?;
        eprintln!("A4 invoice written to {}", path.display());
    }
    if args.print {
        shop.print_receipt(sale_id)?;
        eprintln!("{} sent to the printer", args.invoice);
    }
    if args.a4.is_none() && !args.print {
        print!("{}", shop.render_receipt(sale_id, args.width)?);
    }
    Ok(())
}

pub fn template(db: &Path, action: &TemplateAction) -> anyhow::Result<()> {
    let mut shop = open_existing(db)?;
    let owner = Actor::command_line();
    match action {
        TemplateAction::List => {
            for t in shop.templates()? {
                println!("{}\t{}", t.name, if t.customised { "customised" } else { "shipped" });
            }
        }
        TemplateAction::Show { name } => print!("{}", shop.template(name)?),
        TemplateAction::Set { name, file } => {
            let mut body = String::new();
            if file.as_os_str() == "-" {
                std::io::stdin().read_to_string(&mut body).context("cannot read the template from standard input")?;
            } else {
                body = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
            }
            shop.set_template(&owner, name, &body)?;
            eprintln!("template {name} saved");
        }
        TemplateAction::Reset { name } => {
            shop.reset_template(&owner, name)?;
            eprintln!("template {name} is the shipped one again");
        }
        TemplateAction::Preview { name, file } => {
            let body = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
            print!("{}", shop.preview_template(name, &body)?);
        }
    }
    Ok(())
}
