//! `warung labels`: barcode labels for the goods and price labels for the shelf, as a
//! PDF of label sheets, SVG images or ESC/POS for a roll printer. The labels go to
//! standard output, `--output` (written whole or not at all) or the printer.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, ValueEnum};

use super::date_flag;
use super::setup::open_existing;
use crate::files::{check_replace, write_atomically};
use crate::labels::LabelKind;
use crate::lang::Lang;
use crate::services::Actor;
use crate::services::labels::{self, Copies, LabelFormat, LabelRequest, LabelRun};

/// The layouts, listed under `warung labels --help` (in Indonesian too: [`super::help_id`]).
pub(super) fn layouts_help(lang: Lang) -> String {
    let mut help = String::from(lang.pick(
        "Layouts (--layout; the last one given is remembered):\n",
        "Tata letak (--layout; yang terakhir dipakai diingat):\n",
    ));
    for (name, english, indonesian, _) in crate::labels::PRESETS {
        help.push_str(&format!("  {name:<9} {}\n", lang.pick(english, indonesian)));
    }
    help.push_str("  custom:cols=N,rows=N,label=WxH[,margin=TOPxLEFT][,gap=XxY][,page=WxH]  ");
    help.push_str(lang.pick("any sheet, in mm (page: A4)", "lembar apa saja, dalam mm (page bawaan: A4)"));
    help
}

#[derive(Debug, Args)]
#[command(after_help = layouts_help(Lang::En))]
pub struct LabelsArgs {
    /// Items by SKU
    #[arg(value_name = "SKU")]
    pub skus: Vec<String>,
    /// Every active item of this category
    #[arg(long, value_name = "NAME")]
    pub category: Option<String>,
    /// The items of this purchase, one label per unit received (unless --copies)
    #[arg(long, value_name = "NUMBER")]
    pub purchase: Option<String>,
    /// Items whose prices were set or changed on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub changed_since: Option<String>,
    /// Items that have no barcode
    #[arg(long)]
    pub missing_barcode: bool,
    /// Give items without a barcode a generated in-store EAN-13 first
    #[arg(long)]
    pub generate: bool,
    /// Labels per item [default: 1]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000), conflicts_with = "per_stock")]
    pub copies: Option<u32>,
    /// One label per unit on hand
    #[arg(long)]
    pub per_stock: bool,
    /// barcode: a sticker for the goods; shelf: the price for the shelf edge
    #[arg(long, value_enum, default_value_t = KindArg::Barcode)]
    pub kind: KindArg,
    /// Barcode labels: list the wholesale tiers too (shelf labels always do)
    #[arg(long)]
    pub tiers: bool,
    /// Barcode labels: leave the shop's name off (more room for the bars)
    #[arg(long)]
    pub no_shop_name: bool,
    /// [default: escpos with --print, svg for an --output ending in .svg, else pdf]
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// A layout name or custom:… (see below) [default: the last one used]
    #[arg(long, value_name = "NAME")]
    pub layout: Option<String>,
    /// Write here instead of standard output (SVG: one file per label, FILE-2.svg, …)
    #[arg(long, value_name = "FILE", conflicts_with = "print")]
    pub output: Option<PathBuf>,
    /// Replace FILE (and FILE-2.svg, …) if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Send the labels to the printer in the setting printer.target (ESC/POS)
    #[arg(long)]
    pub print: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Barcode,
    Shelf,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FormatArg {
    Escpos,
    Pdf,
    Svg,
}

fn format_of(args: &LabelsArgs) -> LabelFormat {
    match args.format {
        Some(FormatArg::Escpos) => LabelFormat::Escpos,
        Some(FormatArg::Pdf) => LabelFormat::Pdf,
        Some(FormatArg::Svg) => LabelFormat::Svg,
        None if args.print => LabelFormat::Escpos,
        None if args.output.as_ref().is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg"))) => {
            LabelFormat::Svg
        }
        None => LabelFormat::Pdf,
    }
}

fn request(args: &LabelsArgs) -> anyhow::Result<LabelRequest> {
    let changed_since = args.changed_since.as_deref().map(|text| date_flag("--changed-since", text)).transpose()?;
    Ok(LabelRequest {
        skus: args.skus.clone(),
        category: args.category.clone(),
        purchase: args.purchase.clone(),
        changed_since,
        missing_barcode: args.missing_barcode,
        generate: args.generate,
        copies: if args.per_stock { Some(Copies::PerStock) } else { args.copies.map(Copies::Each) },
        kind: match args.kind {
            KindArg::Barcode => LabelKind::Barcode,
            KindArg::Shelf => LabelKind::Shelf,
        },
        tiers: args.tiers,
        shop_name: !args.no_shop_name,
    })
}

/// What happened on the way, on standard error.
fn report(run: &LabelRun, lang: Lang) {
    for (item, code) in &run.generated {
        eprintln!("{}: {item} → {code}", lang.pick("barcode generated", "barcode dibuat"));
    }
    if !run.skipped.is_empty() {
        eprintln!(
            "{} {}",
            lang.pick(
                "skipped, no barcode (add --generate to give them in-store EAN-13 codes):",
                "dilewati, tanpa barcode (tambahkan --generate agar dibuatkan kode EAN-13 toko):"
            ),
            run.skipped.join(", ")
        );
    }
}

/// `label.svg` → `label-2.svg` for the second label, and so on.
fn numbered(path: &Path, n: usize) -> PathBuf {
    if n == 1 {
        return path.to_path_buf();
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    path.with_file_name(name)
}

fn write_out(output: Option<&Path>, force: bool, bytes: &[u8], lang: Lang) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            write_atomically(path, force, |out| {
                out.write_all(bytes)?;
                Ok(bytes.len())
            })?;
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes).and_then(|()| stdout.flush()).with_context(|| {
                lang.pick("cannot write to standard output", "tidak bisa menulis ke keluaran standar")
            })?;
        }
    }
    Ok(())
}

pub fn run(db: &Path, args: &LabelsArgs, lang: Lang) -> anyhow::Result<()> {
    let mut shop = open_existing(db, lang)?;
    let owner = Actor::command_line();
    let format = format_of(args);
    if args.print && format != LabelFormat::Escpos {
        anyhow::bail!(
            "{}",
            lang.pick(
                "--print sends ESC/POS: leave out --format or use --format escpos",
                "--print mengirim ESC/POS: hapus --format atau pakai --format escpos"
            )
        );
    }
    let (layout_name, layout) = shop.label_layout(args.layout.as_deref(), format)?;
    // Labels speak the shop's language, whoever runs the command.
    let label_lang = Lang::parse(&shop.setting("ui.language")?).unwrap_or_default();
    let run = shop.label_run(&owner, &request(args)?, label_lang)?;
    report(&run, lang);
    if run.labels.is_empty() {
        anyhow::bail!("{}", lang.pick("no labels to print", "tidak ada label untuk dicetak"));
    }
    let count = run.labels.len();
    match format {
        LabelFormat::Pdf => write_out(args.output.as_deref(), args.force, &labels::render_pdf(&run, &layout)?, lang)?,
        LabelFormat::Escpos => {
            let bytes = labels::render_escpos(&run, &layout)?;
            if args.print {
                shop.print_label_bytes(&bytes).map_err(|e| {
                    let not_printed = lang.pick("no label was printed", "tidak ada label yang tercetak");
                    anyhow::anyhow!("{} ({not_printed})", e.text(lang))
                })?;
            } else {
                write_out(args.output.as_deref(), args.force, &bytes, lang)?;
            }
        }
        LabelFormat::Svg => {
            let svgs = labels::render_svgs(&run, &layout)?;
            match (&args.output, svgs.len()) {
                (None, 1) => write_out(None, false, svgs[0].as_bytes(), lang)?,
                (None, n) => anyhow::bail!(
                    "{n} {}",
                    lang.pick(
                        "different labels: an SVG holds one, so give --output FILE.svg to write one file each",
                        "label berbeda: satu SVG memuat satu label, jadi beri --output FILE.svg untuk satu berkas per label"
                    )
                ),
                (Some(path), n) => {
                    // Refuse before writing any, so a run is whole or absent.
                    for i in 1..=n {
                        check_replace(&numbered(path, i), args.force)?;
                    }
                    for (i, svg) in svgs.iter().enumerate() {
                        write_out(Some(&numbered(path, i + 1)), args.force, svg.as_bytes(), lang)?;
                    }
                }
            }
        }
    }
    if args.layout.is_some() {
        shop.remember_label_layout(&owner, &layout_name)?;
    }
    let target = if args.print {
        shop.printer_target().map(|t| t.to_string()).unwrap_or_default()
    } else {
        args.output.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "stdout".into())
    };
    eprintln!("{count} {} ({layout_name}) → {target}", lang.pick("labels", "label"));
    Ok(())
}
