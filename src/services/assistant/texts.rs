//! The variables each assistant text is rendered with, and the sample values a
//! template is checked and previewed with. Money is whole rupiah (`|rupiah`),
//! quantities thousandths (`|qty`); a value that may be missing is `none`.
//!
//! Each text has several samples (found and not found, empty lists, missing values),
//! and saving renders all of them, so a misspelt name in any branch is refused.

use serde_json::{Map, Value, json};

use crate::domain::assistant::AssistantText;

/// The variables of `text` beyond the common ones (`customer_name`, `customer_code`,
/// `store_name`), with the fields of list entries in brackets.
pub fn variables(text: AssistantText) -> &'static [&'static str] {
    match text {
        AssistantText::Menu => &["price_on", "stock_on", "balance_on", "order_on", "info_on", "owner_on"],
        AssistantText::Price => &["query", "items[name unit price own_price steps[min price]]", "suggestions"],
        AssistantText::Stock => &["query", "items[name unit state qty]", "suggestions"],
        AssistantText::Balance => &["registered", "bills[invoice balance due_date]", "total"],
        AssistantText::Order => {
            &["order_id", "lines[qty unit name price total]", "total", "missing", "cut", "max_lines"]
        }
        AssistantText::Confirm | AssistantText::Cancel => &["order_id"],
        AssistantText::Hours => &["hours"],
        AssistantText::Address => &["address"],
        AssistantText::Info => &["address", "phone", "hours"],
        AssistantText::Start | AssistantText::Stop => &[],
        AssistantText::Report => REPORT,
        AssistantText::LowStock => &["items[name unit on_hand level]"],
        AssistantText::Overdue => &["total", "count", "largest[customer_name invoice balance due_date]"],
        AssistantText::Digest => &[
            "date",
            "net",
            "transactions",
            "change_pct",
            "last_week_net",
            "last_week_transactions",
            "top[name revenue]",
            "low_stock",
            "due_tomorrow",
            "due_tomorrow_count",
            "failed",
        ],
        AssistantText::Alert => &["alerts[kind name qty amount]"],
    }
}

const REPORT: &[&str] =
    &["date", "net", "transactions", "change_pct", "last_week_net", "last_week_transactions", "top[name revenue]"];

/// `value`'s fields (an object), else none.
pub(crate) fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The figures of a day report: a busy day, or a first day with no sales at all.
fn report_samples() -> [Value; 2] {
    [
        json!({
            "date": "2026-11-23", "net": 1_250_000, "transactions": 42, "change_pct": 12,
            "last_week_net": 1_115_000, "last_week_transactions": 39,
            "top": [{"name": "Beras Pandan Wangi 5kg", "revenue": 325_000}, {"name": "Gulaku 1kg", "revenue": 87_500}],
        }),
        json!({
            "date": "2026-11-23", "net": 0, "transactions": 0, "change_pct": null,
            "last_week_net": 0, "last_week_transactions": 0, "top": [],
        }),
    ]
}

/// Sample values of `text`'s own variables; the first is the one previews show.
pub fn samples(text: AssistantText) -> Vec<Map<String, Value>> {
    let not_found = |query: &str| json!({"query": query, "items": [], "suggestions": ["Gulaku 1kg"]});
    let values: Vec<Value> = match text {
        AssistantText::Menu => vec![
            json!({"price_on": true, "stock_on": true, "balance_on": true, "order_on": true, "info_on": true,
                   "owner_on": true}),
            json!({"price_on": false, "stock_on": false, "balance_on": false, "order_on": false, "info_on": false,
                   "owner_on": false}),
        ],
        AssistantText::Price => vec![
            json!({"query": "gula", "suggestions": [], "items": [
                {"name": "Gulaku 1kg", "unit": "pcs", "price": 17_500, "own_price": 17_000,
                 "steps": [{"min": 10_000, "price": 16_500}]},
                {"name": "Gula Pasir Curah", "unit": "kg", "price": 16_000, "own_price": null, "steps": []},
            ]}),
            not_found("gulla"),
            json!({"query": "", "items": [], "suggestions": []}),
        ],
        AssistantText::Stock => vec![
            json!({"query": "beras", "suggestions": [], "items": [
                {"name": "Beras Pandan Wangi 5kg", "unit": "pcs", "state": "in", "qty": 30_000},
                {"name": "Beras Curah", "unit": "kg", "state": "low", "qty": null},
                {"name": "Beras Merah 1kg", "unit": "pcs", "state": "out", "qty": null},
            ]}),
            not_found("berass"),
            json!({"query": "", "items": [], "suggestions": []}),
        ],
        AssistantText::Balance => vec![
            json!({"registered": true, "total": 120_000, "bills": [
                {"invoice": "INV/261109/0007", "balance": 100_000, "due_date": "2026-11-23"},
                {"invoice": "INV/261116/0003", "balance": 20_000, "due_date": "2026-11-30"},
            ]}),
            json!({"registered": true, "total": 0, "bills": []}),
            json!({"registered": false, "total": 0, "bills": []}),
        ],
        AssistantText::Order => vec![
            json!({"order_id": 12, "total": 137_000, "missing": ["kopi"], "cut": 3, "max_lines": 20, "lines": [
                {"qty": 2_000, "unit": "pcs", "name": "Beras Pandan Wangi 5kg", "price": 65_000, "total": 130_000},
                {"qty": 2_000, "unit": "pcs", "name": "Indomie Goreng 85g", "price": 3_500, "total": 7_000},
            ]}),
            json!({"order_id": 13, "total": 3_500, "missing": [], "cut": 0, "max_lines": 20, "lines": [
                {"qty": 1_000, "unit": "pcs", "name": "Indomie Goreng 85g", "price": 3_500, "total": 3_500},
            ]}),
            json!({"order_id": null, "total": 0, "missing": ["kopi"], "cut": 0, "max_lines": 20, "lines": []}),
        ],
        AssistantText::Confirm | AssistantText::Cancel => vec![json!({"order_id": 12}), json!({"order_id": null})],
        AssistantText::Hours => vec![json!({"hours": "07.00–21.00"}), json!({"hours": ""})],
        AssistantText::Address => vec![json!({"address": "Jl. Melati 5, Bandung"}), json!({"address": ""})],
        AssistantText::Info => vec![
            json!({"address": "Jl. Melati 5, Bandung", "phone": "0812-3456-789", "hours": "07.00–21.00"}),
            json!({"address": "", "phone": "", "hours": ""}),
        ],
        AssistantText::Start | AssistantText::Stop => vec![json!({})],
        AssistantText::Report => report_samples().into(),
        AssistantText::LowStock => vec![
            json!({"items": [{"name": "Gulaku 1kg", "unit": "pcs", "on_hand": 3_000, "level": 5_000}]}),
            json!({"items": []}),
        ],
        AssistantText::Overdue => vec![
            json!({"total": 120_000, "count": 2, "largest": [
                {"customer_name": "Bu Sri", "invoice": "INV/261109/0007", "balance": 100_000, "due_date": "2026-11-20"},
            ]}),
            json!({"total": 0, "count": 0, "largest": []}),
        ],
        AssistantText::Digest => report_samples()
            .into_iter()
            .map(|day| {
                let extra = json!({"low_stock": 2, "due_tomorrow": 150_000, "due_tomorrow_count": 1, "failed": 0});
                let mut day = object(day);
                day.extend(object(extra));
                Value::Object(day)
            })
            .collect(),
        AssistantText::Alert => vec![json!({"alerts": [
            {"kind": "stock", "name": "Gulaku 1kg", "qty": 3_000, "amount": null},
            {"kind": "void", "name": "INV/261123/0004", "qty": null, "amount": 45_000},
            {"kind": "discount", "name": "INV/261123/0009", "qty": null, "amount": 30_000},
        ]})],
    };
    values.into_iter().map(object).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_fills_exactly_the_variables_of_its_text() {
        for text in AssistantText::ALL {
            let names: Vec<&str> = variables(text).iter().map(|v| v.split('[').next().unwrap_or(v)).collect();
            for sample in samples(text) {
                let mut keys: Vec<&str> = sample.keys().map(String::as_str).collect();
                keys.sort_unstable();
                let mut expected = names.clone();
                expected.sort_unstable();
                assert_eq!(keys, expected, "{}", text.code());
            }
        }
    }
}
