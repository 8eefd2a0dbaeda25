//! Where labels go: a grid of labels on a sheet (PDF), or a roll printer (ESC/POS).
//! All sheet measures are in millimetres.

use std::fmt;
use std::str::FromStr;

use super::LabelError;

/// A sheet of labels: page size, grid, label size, the margins above and left of the
/// first label, and the gaps between labels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sheet {
    pub page_width: f32,
    pub page_height: f32,
    pub columns: u32,
    pub rows: u32,
    pub label_width: f32,
    pub label_height: f32,
    pub margin_top: f32,
    pub margin_left: f32,
    pub gap_x: f32,
    pub gap_y: f32,
}

/// A roll printer speaking ESC/POS: the printable width in dots at 8 dots per mm
/// (203 dpi), and how many characters of font A fit in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roll {
    pub paper_mm: u32,
    pub dots: u32,
    pub columns: usize,
}

pub const ROLL_58: Roll = Roll { paper_mm: 58, dots: 384, columns: 32 };
pub const ROLL_80: Roll = Roll { paper_mm: 80, dots: 576, columns: 48 };

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Layout {
    Sheet(Sheet),
    Roll(Roll),
}

const A4: (f32, f32) = (210.0, 297.0);

const fn a4(columns: u32, rows: u32, label: (f32, f32), margin: (f32, f32), gap: (f32, f32)) -> Sheet {
    Sheet {
        page_width: A4.0,
        page_height: A4.1,
        columns,
        rows,
        label_width: label.0,
        label_height: label.1,
        margin_top: margin.0,
        margin_left: margin.1,
        gap_x: gap.0,
        gap_y: gap.1,
    }
}

/// The shipped layouts: name, what it is (en, id), and the layout. README and
/// docs/panduan.md list the same table.
pub const PRESETS: &[(&str, &str, &str, Layout)] = &[
    (
        "a4-3x10",
        "A4, 3 x 10 = 30 labels of 70 x 29.7 mm, edge to edge",
        "A4, 3 x 10 = 30 label 70 x 29,7 mm, tanpa tepi",
        Layout::Sheet(a4(3, 10, (70.0, 29.7), (0.0, 0.0), (0.0, 0.0))),
    ),
    (
        "a4-4x10",
        "A4, 4 x 10 = 40 labels of 48.5 x 25.4 mm (margins 21.5 top, 8 left)",
        "A4, 4 x 10 = 40 label 48,5 x 25,4 mm (tepi atas 21,5, kiri 8)",
        Layout::Sheet(a4(4, 10, (48.5, 25.4), (21.5, 8.0), (0.0, 0.0))),
    ),
    (
        "a4-5x13",
        "A4, 5 x 13 = 65 labels of 38.1 x 21.2 mm (margins 10.7 top, 4.7 left, 2.5 mm column gap)",
        "A4, 5 x 13 = 65 label 38,1 x 21,2 mm (tepi atas 10,7, kiri 4,7, jarak kolom 2,5 mm)",
        Layout::Sheet(a4(5, 13, (38.1, 21.2), (10.7, 4.7), (2.5, 0.0))),
    ),
    (
        "a4-2x7",
        "A4, 2 x 7 = 14 shelf labels of 99.1 x 38.1 mm (margins 15.1 top, 4.7 left, 2.5 mm column gap)",
        "A4, 2 x 7 = 14 label rak 99,1 x 38,1 mm (tepi atas 15,1, kiri 4,7, jarak kolom 2,5 mm)",
        Layout::Sheet(a4(2, 7, (99.1, 38.1), (15.1, 4.7), (2.5, 0.0))),
    ),
    (
        "roll-58",
        "58 mm roll printer (ESC/POS, 384 dots)",
        "Printer rol 58 mm (ESC/POS, 384 titik)",
        Layout::Roll(ROLL_58),
    ),
    (
        "roll-80",
        "80 mm roll printer (ESC/POS, 576 dots)",
        "Printer rol 80 mm (ESC/POS, 576 titik)",
        Layout::Roll(ROLL_80),
    ),
];

/// The layout a shop gets until it picks one.
pub const DEFAULT_SHEET: &str = "a4-3x10";

impl Sheet {
    pub fn per_page(&self) -> usize {
        (self.columns * self.rows) as usize
    }

    /// Refuse a grid that runs off the page, saying by how much.
    pub fn check(&self) -> Result<(), LabelError> {
        let positive = [self.page_width, self.page_height, self.label_width, self.label_height];
        let non_negative = [self.margin_top, self.margin_left, self.gap_x, self.gap_y];
        if self.columns == 0
            || self.rows == 0
            || positive.iter().any(|v| !v.is_finite() || *v <= 0.0)
            || non_negative.iter().any(|v| !v.is_finite() || *v < 0.0)
        {
            return Err(LabelError::Layout(
                "columns, rows and sizes must be more than 0, margins and gaps 0 or more".into(),
            ));
        }
        let axes = [
            ("columns", self.columns, self.label_width, self.gap_x, self.margin_left, self.page_width, "wide"),
            ("rows", self.rows, self.label_height, self.gap_y, self.margin_top, self.page_height, "high"),
        ];
        for (noun, count, size, gap, margin, page, side) in axes {
            let needed = margin + count as f32 * size + (count - 1) as f32 * gap;
            // A hundredth of a millimetre of slack for decimal sizes such as 10 x 29.7 = 297.
            if needed > page + 0.01 {
                return Err(LabelError::Layout(format!(
                    "{count} {noun} of {} mm with {} mm gaps after a {} mm margin need {} mm, but the page is {} mm {side}",
                    mm(size),
                    mm(gap),
                    mm(margin),
                    mm(needed),
                    mm(page)
                )));
            }
        }
        Ok(())
    }

    /// Top-left corner (mm from the page's top-left) of the `index`-th label on a page,
    /// filled row by row.
    pub fn origin(&self, index: usize) -> (f32, f32) {
        let (row, column) = (index as u32 / self.columns, index as u32 % self.columns);
        (
            self.margin_left + column as f32 * (self.label_width + self.gap_x),
            self.margin_top + row as f32 * (self.label_height + self.gap_y),
        )
    }
}

/// A measure without a needless `.0`: `70`, `29.7`.
pub fn mm(value: f32) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    format!("{rounded}")
}

fn number(key: &str, text: &str) -> Result<f32, LabelError> {
    text.trim()
        .parse::<f32>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| LabelError::Layout(format!("{key}: '{text}' is not a number")))
}

fn pair(key: &str, text: &str) -> Result<(f32, f32), LabelError> {
    let (a, b) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| LabelError::Layout(format!("{key}: '{text}' should look like 70x29.7")))?;
    Ok((number(key, a)?, number(key, b)?))
}

/// `custom:cols=4,rows=8,label=48x30[,margin=TOPxLEFT][,gap=XxY][,page=WxH]`
/// (page defaults to A4, margin and gap to 0).
fn parse_custom(spec: &str) -> Result<Sheet, LabelError> {
    let mut sheet = a4(0, 0, (0.0, 0.0), (0.0, 0.0), (0.0, 0.0));
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) =
            part.split_once('=').ok_or_else(|| LabelError::Layout(format!("'{part}' should be KEY=VALUE")))?;
        let count = |v: &str| {
            v.trim().parse::<u32>().map_err(|_| LabelError::Layout(format!("{key}: '{v}' is not a whole number")))
        };
        match key.trim() {
            "cols" | "columns" => sheet.columns = count(value)?,
            "rows" => sheet.rows = count(value)?,
            "label" => (sheet.label_width, sheet.label_height) = pair(key, value)?,
            "margin" => (sheet.margin_top, sheet.margin_left) = pair(key, value)?,
            "gap" => (sheet.gap_x, sheet.gap_y) = pair(key, value)?,
            "page" => (sheet.page_width, sheet.page_height) = pair(key, value)?,
            other => {
                return Err(LabelError::Layout(format!(
                    "unknown '{other}': use cols, rows, label, margin, gap and page"
                )));
            }
        }
    }
    sheet.check()?;
    Ok(sheet)
}

impl FromStr for Layout {
    type Err = LabelError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if let Some(spec) = text.strip_prefix("custom:") {
            return parse_custom(spec).map(Layout::Sheet);
        }
        PRESETS.iter().find(|p| p.0.eq_ignore_ascii_case(text)).map(|p| p.3).ok_or_else(|| {
            let names: Vec<&str> = PRESETS.iter().map(|p| p.0).collect();
            LabelError::Layout(format!(
                "'{text}' is not a layout: use {} or custom:cols=N,rows=N,label=WxH[,margin=TOPxLEFT][,gap=XxY][,page=WxH]",
                names.join(", ")
            ))
        })
    }
}

impl fmt::Display for Sheet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} x {} labels of {} x {} mm", self.columns, self.rows, mm(self.label_width), mm(self.label_height))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_fits_its_page() {
        for (name, _, _, layout) in PRESETS {
            if let Layout::Sheet(sheet) = layout {
                assert_eq!(sheet.check(), Ok(()), "{name}");
            }
        }
    }

    #[test]
    fn custom_grids_parse_and_a_grid_that_does_not_fit_is_refused_with_the_numbers() {
        let layout: Layout = "custom:cols=4,rows=8,label=48x30,margin=10x5,gap=2x1".parse().unwrap();
        let Layout::Sheet(sheet) = layout else { panic!("sheet") };
        assert_eq!((sheet.columns, sheet.rows, sheet.label_width, sheet.gap_y), (4, 8, 48.0, 1.0));
        assert_eq!(sheet.origin(5), (5.0 + 50.0, 10.0 + 31.0));

        let err = "custom:cols=3,rows=10,label=72x29.7".parse::<Layout>().unwrap_err().to_string();
        assert!(
            err.contains("3 columns of 72 mm") && err.contains("need 216 mm") && err.contains("210 mm wide"),
            "{err}"
        );
        let err = "custom:cols=2,rows=10,label=70x30,margin=5x0".parse::<Layout>().unwrap_err().to_string();
        assert!(err.contains("need 305 mm") && err.contains("297 mm high"), "{err}");
    }

    #[test]
    fn unknown_names_list_the_presets() {
        let err = "a5".parse::<Layout>().unwrap_err().to_string();
        assert!(err.contains("a4-3x10") && err.contains("roll-58") && err.contains("custom:"), "{err}");
        assert!(matches!("custom:cols=x".parse::<Layout>(), Err(LabelError::Layout(_))));
    }
}
