//! Printing labels: pick the items (by SKU, category, purchase, price change or
//! missing barcode), give barcodes to those that need one when asked, and turn them
//! into label contents for `crate::labels` to lay out; then write or print the bytes.

use std::collections::HashSet;

use jiff::civil::Date;

use super::master::next_in_store_barcode;
use super::{Actor, Refusal, Result, ServiceError, Shop, Thing};
use crate::clock::{day_start_ms, local_date};
use crate::domain::master::BarcodeSpec;
use crate::domain::{Permission, Qty};
use crate::labels::{self, LabelContent, LabelItem, LabelKind, LabelOptions, Layout};
use crate::lang::Lang;
use crate::store::items::{self, ItemRow};
use crate::store::purchases;

/// The setting that remembers the last layout labels were printed with.
pub const LAYOUT_SETTING: &str = "labels.layout";

/// What the labels are written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelFormat {
    /// Sheets of labels for an office printer.
    Pdf,
    /// One image per label.
    Svg,
    /// Bytes for a roll printer.
    Escpos,
}

/// How many labels each item gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copies {
    /// This many per item (a purchase without `--copies` gets one per unit received).
    Each(u32),
    /// One per unit on hand (none for an item out of stock).
    PerStock,
}

/// Which items, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelRequest {
    pub skus: Vec<String>,
    pub category: Option<String>,
    /// A purchase number: its items, one label per unit received unless `copies` is set.
    pub purchase: Option<String>,
    pub changed_since: Option<Date>,
    pub missing_barcode: bool,
    /// Give items without a barcode a generated in-store EAN-13 before printing.
    pub generate: bool,
    pub copies: Option<Copies>,
    pub kind: LabelKind,
    /// Barcode labels: show the wholesale tiers too.
    pub tiers: bool,
    /// Barcode labels: print the shop's name at the top.
    pub shop_name: bool,
}

impl Default for LabelRequest {
    fn default() -> Self {
        LabelRequest {
            skus: Vec::new(),
            category: None,
            purchase: None,
            changed_since: None,
            missing_barcode: false,
            generate: false,
            copies: None,
            kind: LabelKind::Barcode,
            tiers: false,
            shop_name: true,
        }
    }
}

/// The labels to print, in order (copies repeated), and what happened on the way.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LabelRun {
    pub labels: Vec<LabelContent>,
    /// `SKU name` of items left out because they have no barcode.
    pub skipped: Vec<String>,
    /// (`SKU name`, code) for every barcode generated for this run.
    pub generated: Vec<(String, String)>,
}

/// Whole units in `qty`, rounded up (1.5 kg received gets 2 labels), never negative.
fn whole_units(qty: Qty) -> u32 {
    let thousandths = qty.thousandths().max(0);
    u32::try_from((thousandths + 999) / 1000).unwrap_or(u32::MAX)
}

fn named(item: &ItemRow) -> String {
    format!("{} {}", item.data.sku, item.data.name)
}

/// The unit barcode a label carries: the code scanned for one unit, else the first.
fn unit_code(item: &ItemRow) -> Option<String> {
    let codes = &item.data.barcodes;
    codes.iter().find(|b| b.factor == Qty::ONE).or(codes.first()).map(|b| b.code.clone())
}

impl Shop {
    /// The layout used when none is given: the remembered one, else the default sheet.
    pub fn label_layout_name(&self) -> Result<String> {
        let stored = self.setting(LAYOUT_SETTING)?;
        Ok(if stored.trim().is_empty() { labels::layout::DEFAULT_SHEET.to_string() } else { stored })
    }

    /// The layout to use and its name: `given`, else the remembered one when it suits
    /// `format` (a roll for ESC/POS, a sheet otherwise), else the roll of the
    /// `receipt.width` paper for ESC/POS and the default sheet for PDF and SVG.
    pub fn label_layout(&self, given: Option<&str>, format: LabelFormat) -> Result<(String, Layout)> {
        let parse = |name: &str| name.parse::<Layout>().map_err(|e| label_problem(&e));
        if let Some(name) = given {
            return Ok((name.trim().to_string(), parse(name)?));
        }
        let remembered = self.label_layout_name()?;
        let layout = parse(&remembered).ok();
        let wants_roll = format == LabelFormat::Escpos;
        match layout {
            Some(layout) if matches!(layout, Layout::Roll(_)) == wants_roll => Ok((remembered, layout)),
            _ if wants_roll => {
                let name = if self.receipt_width() >= 48 { "roll-80" } else { "roll-58" };
                Ok((name.to_string(), parse(name)?))
            }
            _ => Ok((labels::layout::DEFAULT_SHEET.to_string(), parse(labels::layout::DEFAULT_SHEET)?)),
        }
    }

    /// Items picked by `request`, each with its number of labels, in the order asked
    /// (SKUs, then category, purchase, price changes, missing barcodes), each once.
    fn label_items(&self, request: &LabelRequest) -> Result<Vec<(i64, u32)>> {
        let any = !request.skus.is_empty()
            || request.category.is_some()
            || request.purchase.is_some()
            || request.changed_since.is_some()
            || request.missing_barcode;
        if !any {
            return Err(Refusal::LabelsNeedItems.into());
        }
        let conn = self.store.conn();
        let mut picked: Vec<(i64, Option<u32>)> = Vec::new();
        for sku in &request.skus {
            let id = items::id_by_sku(conn, sku.trim())?.ok_or_else(|| ServiceError::Missing(Thing::Item.key(sku)))?;
            picked.push((id, None));
        }
        if let Some(category) = &request.category {
            let ids = items::ids_in_category(conn, category)?;
            if ids.is_empty() {
                return Err(ServiceError::Missing(Thing::ItemsInCategory.key(category)));
            }
            picked.extend(ids.into_iter().map(|id| (id, None)));
        }
        if let Some(number) = &request.purchase {
            let purchase = purchases::by_number(conn, number)?
                .ok_or_else(|| ServiceError::Missing(Thing::Purchase.key(number)))?;
            for line in purchases::received_lines(conn, purchase.id)? {
                picked.push((line.item_id, Some(whole_units(line.qty))));
            }
        }
        if let Some(since) = request.changed_since {
            let ids = items::ids_with_price_change_since(conn, day_start_ms(since, &self.time_zone()))?;
            picked.extend(ids.into_iter().map(|id| (id, None)));
        }
        if request.missing_barcode {
            picked.extend(items::ids_without_barcode(conn)?.into_iter().map(|id| (id, None)));
        }
        let mut seen = HashSet::new();
        let mut chosen = Vec::new();
        for (id, received) in picked {
            if !seen.insert(id) {
                continue;
            }
            let copies = match request.copies {
                Some(Copies::Each(n)) => n,
                Some(Copies::PerStock) => whole_units(items::get(conn, id)?.map(|i| i.on_hand).unwrap_or(Qty::ZERO)),
                None => received.unwrap_or(1),
            };
            chosen.push((id, copies));
        }
        Ok(chosen)
    }

    /// Build the labels `request` asks for. Items without a barcode get one generated
    /// (in one transaction, audited) when `request.generate` is set, else barcode
    /// labels skip them and say so. A wrong check digit is refused, naming the item.
    pub fn label_run(&mut self, actor: &Actor, request: &LabelRequest, lang: Lang) -> Result<LabelRun> {
        let chosen = self.label_items(request)?;
        let mut run = LabelRun::default();
        let needs_code: Vec<i64> = if request.kind == LabelKind::Barcode {
            let mut ids = Vec::new();
            for (id, _) in &chosen {
                if unit_code(&self.item(*id)?).is_none() {
                    ids.push(*id);
                }
            }
            ids
        } else {
            Vec::new()
        };
        if request.generate && !needs_code.is_empty() {
            actor.require(Permission::EditMasterData, "generate barcodes")?;
            run.generated = self.write(|tx| {
                let mut generated = Vec::new();
                for id in &needs_code {
                    let item = items::get(tx, *id)?.ok_or_else(|| ServiceError::Missing(Thing::Item.key(id)))?;
                    let code = next_in_store_barcode(tx)?;
                    items::add_barcode(tx, *id, &BarcodeSpec { code: code.clone(), factor: Qty::ONE })?;
                    tx.audit(actor, "item.barcode", "item", *id, None, Some(code.clone()))?;
                    generated.push((named(&item), code));
                }
                Ok(generated)
            })?;
        }
        let options = LabelOptions {
            kind: request.kind,
            shop: if request.shop_name { Some(self.setting("store.name")?) } else { None },
            tiers: request.tiers,
            date: local_date(self.now_ms(), &self.time_zone()).strftime("%d/%m/%Y").to_string(),
            lang,
        };
        for (id, copies) in chosen {
            let item = self.item(id)?;
            let label_item = LabelItem {
                sku: item.data.sku.clone(),
                name: item.data.name.clone(),
                unit: item.data.unit.clone(),
                code: unit_code(&item),
                prices: item.data.prices,
            };
            if request.kind == LabelKind::Barcode && label_item.code.is_none() {
                run.skipped.push(named(&item));
                continue;
            }
            let content = LabelContent::new(&label_item, &options).map_err(|e| label_problem(&e))?;
            for _ in 0..copies {
                run.labels.push(content.clone());
            }
        }
        Ok(run)
    }
}

impl Shop {
    /// Send ESC/POS label bytes to the `printer.target` printer in one write. On an
    /// error nothing may be taken as printed.
    pub fn print_label_bytes(&self, bytes: &[u8]) -> Result<()> {
        let target = self.printer_target()?;
        Ok(super::receipt::printer::send_bytes(&target, bytes).map_err(Refusal::Printer)?)
    }

    /// Remember `layout` as the one to use next time (kept only for users who may
    /// change settings; for others it is simply not remembered).
    pub fn remember_label_layout(&mut self, actor: &Actor, layout: &str) -> Result<()> {
        match self.set_setting(actor, LAYOUT_SETTING, layout) {
            Err(ServiceError::Denied { .. }) => Ok(()),
            other => other,
        }
    }
}

impl Shop {
    /// The screens' one step: build the labels and send them where `layout` says, a
    /// roll printer (ESC/POS to `printer.target`) or a PDF of sheets beside the
    /// database (`labels.pdf`). Remembers the layout; returns what happened, to show.
    pub fn print_labels(&mut self, actor: &Actor, request: &LabelRequest, layout: &str, lang: Lang) -> Result<String> {
        let layout_name = layout.trim();
        let layout: Layout = layout_name.parse().map_err(|e: labels::LabelError| label_problem(&e))?;
        let label_lang = Lang::parse(&self.setting("ui.language")?).unwrap_or_default();
        let run = self.label_run(actor, request, label_lang)?;
        if run.labels.is_empty() {
            return Err(Refusal::NoLabels { skipped: run.skipped.join(", ") }.into());
        }
        let mut told = Vec::new();
        if !run.generated.is_empty() {
            told.push(format!("{} {}", run.generated.len(), lang.pick("barcodes generated", "barcode dibuat")));
        }
        if !run.skipped.is_empty() {
            told.push(format!(
                "{}: {} ({})",
                lang.pick("no barcode, skipped", "tanpa barcode, dilewati"),
                run.skipped.join(", "),
                lang.pick("b makes one", "b membuatnya")
            ));
        }
        let count = run.labels.len();
        let sent = match layout {
            Layout::Roll(_) => {
                self.print_label_bytes(&render_escpos(&run, &layout)?)?;
                format!("{count} {} {}", lang.pick("labels sent to", "label dikirim ke"), self.printer_target()?)
            }
            Layout::Sheet(_) => {
                let folder = self.db_path().and_then(|p| p.parent().map(std::path::Path::to_path_buf));
                let path = folder.unwrap_or_else(std::env::temp_dir).join("labels.pdf");
                let pdf = render_pdf(&run, &layout)?;
                // The app's own file, replaced by each print.
                crate::files::write_atomically(&path, true, |out| {
                    out.write_all(&pdf)?;
                    Ok(pdf.len())
                })
                // Its refusals (a folder that cannot be written) keep their words in each language.
                .map_err(|e| {
                    e.downcast::<ServiceError>()
                        .unwrap_or_else(|e| ServiceError::Io(std::io::Error::other(format!("{e:#}"))))
                })?;
                format!("{count} {} {}", lang.pick("labels written to", "label ditulis ke"), path.display())
            }
        };
        told.insert(0, sent);
        self.remember_label_layout(actor, layout_name)?;
        Ok(told.join(" · "))
    }
}

/// The output of a run: a PDF of sheets, ESC/POS bytes for a roll printer, or one
/// SVG per label (copies left out).
pub fn render_pdf(run: &LabelRun, layout: &Layout) -> Result<Vec<u8>> {
    let Layout::Sheet(sheet) = layout else {
        return Err(Refusal::PdfNeedsSheet.into());
    };
    let drawings = run
        .labels
        .iter()
        .map(|c| labels::draw(c, sheet.label_width, sheet.label_height))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| label_problem(&e))?;
    Ok(labels::pdf::to_pdf(&drawings, sheet))
}

pub fn render_escpos(run: &LabelRun, layout: &Layout) -> Result<Vec<u8>> {
    let Layout::Roll(roll) = layout else {
        return Err(Refusal::EscposNeedsRoll.into());
    };
    labels::escpos::to_escpos(&run.labels, roll).map_err(|e| label_problem(&e))
}

/// One SVG per distinct label, sized like a label of the sheet `layout`.
pub fn render_svgs(run: &LabelRun, layout: &Layout) -> Result<Vec<String>> {
    let Layout::Sheet(sheet) = layout else {
        return Err(Refusal::SvgNeedsSheet.into());
    };
    let mut distinct: Vec<&LabelContent> = Vec::new();
    for content in &run.labels {
        if !distinct.contains(&content) {
            distinct.push(content);
        }
    }
    distinct
        .into_iter()
        .map(|c| labels::draw(c, sheet.label_width, sheet.label_height).map(|d| labels::svg::to_svg(&d)))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| label_problem(&e))
}

/// A label that cannot be made, in the label module's words.
fn label_problem(e: &labels::LabelError) -> ServiceError {
    Refusal::LabelProblem { detail: e.to_string() }.into()
}

#[cfg(test)]
mod tests;
