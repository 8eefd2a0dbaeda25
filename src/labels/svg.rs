//! One label as an SVG image in millimetres (opens in a browser, prints at true size).

use std::fmt::Write;

use super::{Anchor, Drawing, Mark};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Numbers with at most three decimals (a micrometre), without trailing zeros.
fn num(value: f32) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub fn to_svg(drawing: &Drawing) -> String {
    let (w, h) = (num(drawing.width), num(drawing.height));
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}mm\" height=\"{h}mm\" viewBox=\"0 0 {w} {h}\">\n\
         <rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>\n\
         <g font-family=\"Helvetica, Arial, sans-serif\" fill=\"#000\">\n"
    );
    for mark in &drawing.marks {
        // Writing to a String cannot fail.
        let _ = match mark {
            Mark::Bar { x, y, width, height } => writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                num(*x),
                num(*y),
                num(*width),
                num(*height)
            ),
            Mark::Text { x, y, size, bold, anchor, text } => writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{}{}>{}</text>",
                num(*x),
                num(*y),
                num(*size),
                if *bold { " font-weight=\"bold\"" } else { "" },
                if *anchor == Anchor::Middle { " text-anchor=\"middle\"" } else { "" },
                escape(text)
            ),
        };
    }
    out.push_str("</g>\n</svg>\n");
    out
}
