//! Templates people can edit: the shipped defaults, the engine (minijinja) with the
//! fixed-width filters, and the services that read, check, save and reset them.
//!
//! A template is saved only after it compiles AND renders the sample receipts at
//! both paper widths, so the till never meets a broken one.

use minijinja::value::Value;
use minijinja::{Environment, Error, ErrorKind, State, UndefinedBehavior};
use serde::Serialize;

use super::{layout, sample};
use crate::domain::receipt::Receipt;
use crate::domain::{Money, Permission, PriceTier, Qty};
use crate::lang::Lang;
use crate::services::{Actor, Refusal, Result, ServiceError, Shop};
use crate::store;

/// The till receipt, plain text for receipt paper.
pub const RECEIPT: &str = "receipt.txt";
/// The A4 invoice for wholesale customers, HTML (escaped automatically).
pub const INVOICE_A4: &str = "invoice_a4.html";

/// Every editable template: its name and the body warung ships with. A name ending
/// in `.html` is HTML, and every value printed in it is escaped.
pub const SHIPPED: &[(&str, &str)] =
    &[(RECEIPT, include_str!("receipt.txt.j2")), (INVOICE_A4, include_str!("invoice_a4.html.j2"))];

/// Receipt paper widths in characters: 58 mm and 80 mm rolls.
pub const WIDTHS: [usize; 2] = [32, 48];

/// Larger than any sensible template; refuses a file pasted by mistake.
const MAX_TEMPLATE_CHARS: usize = 64 * 1024;

/// One editable template as the settings screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateInfo {
    pub name: &'static str,
    /// Saved by someone (else the shipped default is in use).
    pub customised: bool,
}

fn shipped(name: &str) -> Result<&'static str> {
    SHIPPED.iter().find(|(n, _)| *n == name).map(|(_, body)| *body).ok_or_else(|| {
        let names: Vec<&str> = SHIPPED.iter().map(|(n, _)| *n).collect();
        Refusal::UnknownTemplate { name: name.to_string(), known: names.join(", ") }.into()
    })
}

// ---- Filters and functions template authors use ----

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

fn whole_number(value: &Value, filter: &str, what: &str) -> std::result::Result<Option<i64>, Error> {
    if value.is_none() || value.is_undefined() {
        return Ok(None);
    }
    i64::try_from(value.clone()).map(Some).map_err(|_| invalid(format!("{filter} needs {what}, not {value:?}")))
}

/// `12500|money` → `12.500`
fn money(value: Value) -> std::result::Result<String, Error> {
    Ok(whole_number(&value, "money", "a whole number of rupiah")?.map(|n| Money::new(n).grouped()).unwrap_or_default())
}

/// `12500|rupiah` → `Rp 12.500` (message templates)
fn rupiah(value: Value) -> std::result::Result<String, Error> {
    Ok(whole_number(&value, "rupiah", "a whole number of rupiah")?
        .map(|n| Money::new(n).to_string())
        .unwrap_or_default())
}

/// A filter's optional language argument (`"en"`, `"id"`), else the template's.
fn language(given: Option<&str>, template: Lang) -> std::result::Result<Lang, Error> {
    match given {
        None => Ok(template),
        Some(code) => Lang::parse(code).ok_or_else(|| invalid(format!("'{code}' is not a language (use id or en)"))),
    }
}

/// `1500|qty` → `1,5` in an Indonesian template, `1.5` in an English one or with
/// `|qty("en")` (quantities are thousandths)
fn qty(value: Value, given: Option<&str>, template: Lang) -> std::result::Result<String, Error> {
    let lang = language(given, template)?;
    Ok(whole_number(&value, "qty", "a quantity in thousandths")?
        .map(|n| Qty::from_thousandths(n).text_in(lang))
        .unwrap_or_default())
}

/// `"wholesale1"|tier_short` → `G1` in an Indonesian template, `W1` in an English
/// one or with `|tier_short("en")`.
fn tier_short(value: &str, given: Option<&str>, template: Lang) -> std::result::Result<String, Error> {
    let lang = language(given, template)?;
    value.parse::<PriceTier>().map(|t| t.short(lang).to_string()).map_err(|e| invalid(e.to_string()))
}

/// Text of any value: `none` prints as nothing.
fn text(value: &Value) -> String {
    if value.is_none() || value.is_undefined() { String::new() } else { value.to_string() }
}

/// The `width` the template is rendered at, unless a width is given.
fn width(state: &State, given: Option<usize>) -> std::result::Result<usize, Error> {
    if let Some(w) = given {
        return Ok(w);
    }
    state
        .lookup("width")
        .and_then(|v| usize::try_from(v).ok())
        .ok_or_else(|| invalid("no paper width: give one, as in wrap(32)".into()))
}

fn wrap(state: &State, value: Value, w: Option<usize>) -> std::result::Result<String, Error> {
    Ok(layout::wrap(&text(&value), width(state, w)?).join("\n"))
}

fn center(state: &State, value: Value, w: Option<usize>) -> std::result::Result<String, Error> {
    Ok(layout::center(&text(&value), width(state, w)?))
}

fn left(state: &State, value: Value, w: Option<usize>) -> std::result::Result<String, Error> {
    Ok(layout::left(&text(&value), width(state, w)?))
}

fn right(state: &State, value: Value, w: Option<usize>) -> std::result::Result<String, Error> {
    Ok(layout::right(&text(&value), width(state, w)?))
}

fn line(state: &State, ch: Option<String>) -> std::result::Result<String, Error> {
    let ch = ch.filter(|c| !c.is_empty()).unwrap_or_else(|| "-".into());
    Ok(ch.chars().cycle().take(width(state, None)?).collect())
}

fn row(state: &State, left: Value, right: Value, w: Option<usize>) -> std::result::Result<String, Error> {
    Ok(layout::row(&text(&left), &text(&right), width(state, w)?))
}

/// The work one render may do, in minijinja instructions: a receipt of a thousand
/// lines takes a tenth of it; a runaway loop stops here within milliseconds.
const FUEL: u64 = 1_000_000;

/// The longest text one render may produce (an A4 invoice of a thousand lines is
/// a quarter of it).
pub(crate) const MAX_OUTPUT_BYTES: usize = 1024 * 1024;

/// The one template engine setup, shared by receipts and message templates, for a
/// template written in `lang` (how `qty` and `tier_short` write by default).
fn environment(lang: Lang) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_fuel(Some(FUEL));
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    // A misspelt name is an error when the template is saved, not a blank on paper.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_filter("money", money);
    env.add_filter("rupiah", rupiah);
    env.add_filter("qty", move |value: Value, given: Option<&str>| qty(value, given, lang));
    env.add_filter("tier_short", move |value: &str, given: Option<&str>| tier_short(value, given, lang));
    env.add_filter("wrap", wrap);
    env.add_filter("center", center);
    env.add_filter("left", left);
    env.add_filter("right", right);
    env.add_function("line", line);
    env.add_function("row", row);
    env
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    receipt: &'a Receipt,
    width: usize,
}

const BLOCKS: &[&str] = &["for", "if", "macro", "call", "filter", "with", "autoescape"];

/// The innermost block tag left open (`for`, `if`, …) and its line: minijinja only
/// says the input ended, so this says which `{% end… %}` is missing.
fn unclosed_block(body: &str) -> Option<(&str, usize)> {
    let mut open: Vec<(&str, usize)> = Vec::new();
    for (offset, _) in body.match_indices("{%") {
        let tag = body[offset + 2..].trim_start_matches(['-', '+']).trim_start();
        let word = tag.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or("");
        let line = body[..offset].matches('\n').count() + 1;
        if let Some(keyword) = BLOCKS.iter().find(|b| **b == word) {
            open.push((keyword, line));
        } else if let Some(keyword) = word.strip_prefix("end")
            && let Some(at) = open.iter().rposition(|(k, _)| *k == keyword)
        {
            open.truncate(at);
        }
    }
    open.pop()
}

/// Collects output and refuses to grow past [`MAX_OUTPUT_BYTES`].
#[derive(Default)]
struct BoundedOutput {
    bytes: Vec<u8>,
    overflowed: bool,
}

impl std::io::Write for BoundedOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT_BYTES {
            self.overflowed = true;
            return Err(std::io::Error::other("output too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Render `body` (named `name`, written in `lang`) with `context` inside the fuel and
/// output limits; the error says which limit was met, or what else went wrong, with
/// the line.
pub(crate) fn render_bounded<C: Serialize>(name: &str, body: &str, context: C, lang: Lang) -> Result<String> {
    let env = environment(lang);
    let fail = |e: Error| ServiceError::from(Refusal::TemplateError { detail: explain(name, body, &e) });
    let template = env.template_from_named_str(name, body).map_err(fail)?;
    let mut out = BoundedOutput::default();
    if let Err(e) = template.render_captured_to(context, &mut out) {
        if out.overflowed {
            return Err(Refusal::TemplateTooLongOutput { name: name.to_string(), kib: MAX_OUTPUT_BYTES / 1024 }.into());
        }
        return Err(fail(e));
    }
    String::from_utf8(out.bytes).map_err(|_| Refusal::TemplateNotUtf8 { name: name.to_string() }.into())
}

/// "line 12 (`{{ total|mony }}`): unknown filter: filter mony is unknown"
pub(crate) fn explain(name: &str, body: &str, error: &Error) -> String {
    let mut message = format!("template {name}");
    if let Some(n) = error.line() {
        message.push_str(&format!(", line {n}"));
        if let Some(source) = body.lines().nth(n.saturating_sub(1)).map(str::trim).filter(|s| !s.is_empty()) {
            let shown: String = source.chars().take(60).collect();
            message.push_str(&format!(" (`{shown}`)"));
        }
    }
    message.push_str(&format!(": {}", error.kind()));
    if error.kind() == ErrorKind::UndefinedError {
        message.push_str(" (a misspelt name, or a value this sale lacks: guard it with {% if … %})");
    }
    if error.kind() == ErrorKind::OutOfFuel {
        message.push_str(" (the template does too much work: a loop too long, or loops inside loops)");
    }
    if let Some(detail) = error.detail() {
        message.push_str(&format!(": {detail}"));
        if detail.contains("end of input")
            && let Some((keyword, line)) = unclosed_block(body)
        {
            message.push_str(&format!(" (the {{% {keyword} %}} on line {line} has no {{% end{keyword} %}})"));
        }
    }
    message
}

/// Render `body` (the template called `name`) for `receipt` at `width` characters.
/// Text templates come out fitted to the width, whatever the template does. A
/// receipt template is taken to be Indonesian, as the shipped ones are (an English
/// one writes `|qty("en")`).
pub(crate) fn render(name: &str, body: &str, receipt: &Receipt, width: usize) -> Result<String> {
    let out = render_bounded(name, body, Context { receipt, width }, Lang::Id)?;
    Ok(if name.ends_with(".html") { out } else { layout::fit(&out, width) })
}

/// Compile `body` and render it against every sample at every width.
fn check(name: &str, body: &str) -> Result<()> {
    if body.chars().count() > MAX_TEMPLATE_CHARS {
        return Err(Refusal::TemplateTooLong { name: name.to_string(), max: MAX_TEMPLATE_CHARS }.into());
    }
    for (receipt, full_sample) in [(sample::full(), true), (sample::minimal(), false)] {
        for width in WIDTHS {
            render(name, body, &receipt, width).map_err(|e| match e {
                ServiceError::Refused(Refusal::TemplateError { detail }) => {
                    Refusal::TemplateSample { detail, full_sample, width }.into()
                }
                other => other,
            })?;
        }
    }
    Ok(())
}

impl Shop {
    /// The template in use: the saved one, else the shipped default.
    pub fn template(&self, name: &str) -> Result<String> {
        let default = shipped(name)?;
        Ok(store::templates::get(self.store.conn(), name)?.unwrap_or_else(|| default.to_string()))
    }

    /// Every editable template and whether it was changed from the default.
    pub fn templates(&self) -> Result<Vec<TemplateInfo>> {
        SHIPPED
            .iter()
            .map(|(name, _)| {
                Ok(TemplateInfo { name, customised: store::templates::get(self.store.conn(), name)?.is_some() })
            })
            .collect()
    }

    /// What `body` would print for a sample sale at the shop's paper width; the
    /// same check as saving, so an editor can show errors before saving.
    pub fn preview_template(&self, name: &str, body: &str) -> Result<String> {
        shipped(name)?;
        check(name, body)?;
        render(name, body, &sample::full(), self.receipt_width())
    }

    /// Save an edited template. Refused, keeping the old one, unless it compiles and
    /// renders the sample receipts; the error names the line and what is wrong.
    pub fn set_template(&mut self, actor: &Actor, name: &str, body: &str) -> Result<()> {
        actor.require(Permission::ChangeSettings, "change templates")?;
        let default = shipped(name)?;
        check(name, body)?;
        let before = store::templates::get(self.store.conn(), name)?;
        if before.as_deref().unwrap_or(default) == body {
            return Ok(());
        }
        self.write(|tx| {
            if body == default {
                store::templates::delete(tx, name)?;
            } else {
                store::templates::set(tx, name, body, tx.now)?;
            }
            tx.audit(actor, "template.change", "template", name, before, Some(body.to_string()))
        })
    }

    /// Go back to the shipped default.
    pub fn reset_template(&mut self, actor: &Actor, name: &str) -> Result<()> {
        actor.require(Permission::ChangeSettings, "change templates")?;
        shipped(name)?;
        let Some(before) = store::templates::get(self.store.conn(), name)? else {
            return Ok(());
        };
        self.write(|tx| {
            store::templates::delete(tx, name)?;
            tx.audit(actor, "template.reset", "template", name, Some(before), None)
        })
    }

    /// Render the template `name` (saved or default) for `receipt`. A saved template
    /// that fails on a real sale falls back to the shipped one, so a receipt always
    /// prints; the failure is logged.
    pub(crate) fn render_template(&self, name: &str, receipt: &Receipt, width: usize) -> Result<String> {
        let default = shipped(name)?;
        if let Some(body) = store::templates::get(self.store.conn(), name)? {
            match render(name, &body, receipt, width) {
                Ok(out) => return Ok(out),
                Err(e) => tracing::warn!("saved template failed, using the shipped one: {e}"),
            }
        }
        render(name, default, receipt, width)
    }

    /// `receipt.width` as a number (32 or 48).
    pub fn receipt_width(&self) -> usize {
        self.setting("receipt.width")
            .ok()
            .and_then(|w| w.parse().ok())
            .filter(|w| WIDTHS.contains(w))
            .unwrap_or(WIDTHS[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_templates_pass_their_own_check() {
        for (name, body) in SHIPPED {
            check(name, body).unwrap();
        }
    }

    #[test]
    fn filters_format_money_quantities_and_tiers() {
        let body = "{{ 12500|money }} {{ 12500|rupiah }} {{ 1500|qty }} {{ 1500|qty('en') }} {{ 2000|qty }} {{ 'wholesale2'|tier_short }} {{ 'wholesale2'|tier_short('en') }} [{{ none|money }}]";
        assert_eq!(render("t.txt", body, &sample::minimal(), 48).unwrap(), "12.500 Rp 12.500 1,5 1.5 2 G2 W2 []\n");
        let err = render("t.txt", "{{ 'retail'|tier_short('fr') }}", &sample::minimal(), 32).unwrap_err().to_string();
        assert!(err.contains("'fr' is not a language"), "{err}");
        let err = render("t.txt", "{{ 'x'|money }}", &sample::minimal(), 32).unwrap_err().to_string();
        assert!(err.contains("money needs a whole number"), "{err}");
    }

    #[test]
    fn layout_functions_use_the_paper_width() {
        let body = "{{ line() }}\n{{ line('=') }}\n{{ row('Total', 14000|money) }}\n[{{ 'ab'|left(4) }}][{{ 'ab'|right(4) }}]\n{{ 'Toko'|center }}";
        let out = render("t.txt", body, &sample::minimal(), 12).unwrap();
        assert_eq!(out, "------------\n============\nTotal 14.000\n[ab  ][  ab]\n    Toko\n");
    }

    #[test]
    fn html_templates_escape_and_text_templates_do_not() {
        let body = "{{ customer.name }}";
        let html = render("x.html", body, &sample::full(), 32).unwrap();
        assert_eq!(html, "Warung Pak Darto &amp; Putra");
        assert_eq!(render("x.txt", body, &sample::full(), 32).unwrap(), "Warung Pak Darto & Putra\n");
    }

    #[test]
    fn errors_name_the_line_and_the_problem() {
        let body = "{{ store.name }}\n{{ total|mony }}\n";
        let err = check("receipt.txt", body).unwrap_err().to_string();
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("{{ total|mony }}"), "{err}");
        assert!(err.contains("mony"), "{err}");
        let err = check("receipt.txt", "ok\n{% if void %}\nno end").unwrap_err().to_string();
        assert!(err.contains("syntax error") && err.contains("the {% if %} on line 2 has no {% endif %}"), "{err}");
        let nested = "{% for l in lines %}{% if l.discount %}x{%- endif %}\n{% if tax %}\n";
        assert_eq!(unclosed_block(nested), Some(("if", 2)));
        // Only the minimal sample has no customer: both samples are rendered.
        let err = check("receipt.txt", "{{ customer.name }}").unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
    }
}
