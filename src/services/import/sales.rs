//! Sales history import (`warung import sales FILE`): a shop's past sales, so its
//! customer analytics count from day one. One row per sold line; rows with the same
//! `invoice` make one sale (in any order in the file). All rows or none.
//!
//! What each sale becomes:
//! - a completed sale (source `import`) at its `date` (shop-local; a date without a
//!   time counts at 12:00), with its lines at the file's price less the line's
//!   `discount`, the item's current cost, the retail tier, no tax;
//! - one payment of its total by `payment` (default cash). A `credit` sale needs a
//!   customer and opens a receivable for the whole total, due `credit.default_days`
//!   after the sale — settle it as usual if it was paid since;
//! - no message of any kind (receipts are for sales made now);
//! - no stock movement, unless `--affect-stock`, when each line is a `sale` move at
//!   the sale's time (so stock on hand drops by what the history sold).
//!
//! Customers are found by `customer_code`, else by `customer_phone`; one not found
//! is created with that code (or a generated one), phone and `customer_name`. A name
//! alone cannot recognise a customer again, so it is refused.

use std::collections::HashMap;
use std::fmt;

use jiff::ToSpan;
use jiff::civil::{Date, DateTime};

use super::reader::{self, Column, Row};
use super::{Batching, ImportError, ImportProblem, Job, Problem, Units, dry_run, fingerprint};
use crate::clock::local_date;
use crate::domain::master::{CustomerForm, SALE_YEARS, check_year};
use crate::domain::{Money, PaymentMethod, Permission, PriceTier, Qty};
use crate::lang::Lang;
use crate::services::checkout::Tender;
use crate::services::master::insert_customer;
use crate::services::sale_writer::{SaleRecord, SaleWriter};
use crate::services::{Actor, Refusal, Result, Shop, Tx};
use crate::store::sales::{self, NewSale, NewSaleLine, SaleSource};
use crate::store::{customers, users};

pub(super) const COLUMNS: &[Column] = &[
    Column { name: "invoice", required: true },
    Column { name: "date", required: true },
    Column { name: "sku", required: true },
    Column { name: "qty", required: true },
    Column { name: "price", required: true },
    Column { name: "customer_code", required: false },
    Column { name: "customer_phone", required: false },
    Column { name: "customer_name", required: false },
    Column { name: "discount", required: false },
    Column { name: "cashier", required: false },
    Column { name: "payment", required: false },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SalesImportOptions {
    pub dry_run: bool,
    /// Record each imported line as a stock move (stock on hand drops).
    pub affect_stock: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SalesImportSummary {
    pub rows: usize,
    pub sales: usize,
    pub new_customers: usize,
    pub receivables: usize,
    pub dry_run: bool,
}

impl SalesImportSummary {
    /// `5 rows: 2 sales, 1 new customer, 0 receivables` /
    /// `5 baris: 2 penjualan, 1 pelanggan baru, 0 piutang`.
    pub fn text(&self, lang: Lang) -> String {
        let count = |n: usize, one: &str, many: &str, id: &str| {
            format!("{n} {}", lang.pick(if n == 1 { one } else { many }, id))
        };
        let mut text = format!(
            "{}: {}, {}, {}",
            count(self.rows, "row", "rows", "baris"),
            count(self.sales, "sale", "sales", "penjualan"),
            count(self.new_customers, "new customer", "new customers", "pelanggan baru"),
            count(self.receivables, "receivable", "receivables", "piutang"),
        );
        if self.dry_run {
            text.push_str(dry_run(lang));
        }
        text
    }
}

/// English, for the audit trail and logs; users read [`SalesImportSummary::text`].
impl fmt::Display for SalesImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// `YYYY-MM-DD` (at 12:00) or `YYYY-MM-DD HH:MM[:SS]`.
fn parse_when(text: &str) -> std::result::Result<DateTime, ImportProblem> {
    let text = text.trim();
    let wrong = || ImportProblem::NotADate { text: text.to_string() };
    let when: DateTime = if text.len() == 10 {
        let date: Date = text.parse().map_err(|_| wrong())?;
        date.at(12, 0, 0, 0)
    } else if !matches!(text.len(), 16 | 19) || text.as_bytes()[10] != b' ' {
        return Err(wrong());
    } else {
        text.replacen(' ', "T", 1).parse().map_err(|_| wrong())?
    };
    check_year(when.date(), &SALE_YEARS).map_err(|_| ImportProblem::YearOutside {
        date: when.date().to_string(),
        first: *SALE_YEARS.start(),
        last: *SALE_YEARS.end(),
    })?;
    Ok(when)
}

/// Who bought, as the file says it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Buyer {
    Nobody,
    /// Found by code or phone.
    Known(i64),
    /// To create (the key is its code, else its phone).
    New {
        key: String,
        code: String,
        phone: String,
        name: String,
    },
}

/// Everything rows of one invoice must agree on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Header {
    at: i64,
    buyer: Buyer,
    user_id: Option<i64>,
    payment: PaymentMethod,
}

struct Line {
    item_id: i64,
    qty: Qty,
    price: Money,
    discount: Money,
    total: Money,
    cost: Money,
}

struct Sale {
    invoice: String,
    first_row: usize,
    header: Header,
    lines: Vec<Line>,
}

/// Lookups cached across rows: 100k lines name the same items and people again.
#[derive(Default)]
struct Lookups {
    items: HashMap<String, Option<(i64, Money)>>,
    users: HashMap<String, Option<i64>>,
    /// By (customer_code, customer_phone); a row whose cells are wrong is not cached.
    buyers: HashMap<(String, String), Buyer>,
}

impl Lookups {
    fn item(&mut self, tx: &Tx<'_>, sku: &str) -> Result<Option<(i64, Money)>> {
        if let Some(found) = self.items.get(sku) {
            return Ok(*found);
        }
        let found = find_item(tx, sku)?;
        self.items.insert(sku.to_string(), found);
        Ok(found)
    }

    fn user(&mut self, tx: &Tx<'_>, username: &str) -> Result<Option<i64>> {
        if let Some(found) = self.users.get(username) {
            return Ok(*found);
        }
        let found = find_user(tx, username)?;
        self.users.insert(username.to_string(), found);
        Ok(found)
    }

    /// The buyer of a row, or what is wrong with its customer cells (column, problem).
    fn buyer(&mut self, tx: &Tx<'_>, row: &Row) -> Result<std::result::Result<Buyer, (String, ImportProblem)>> {
        let (code, phone, name) = (row.text("customer_code"), row.text("customer_phone"), row.text("customer_name"));
        if code.is_empty() && phone.is_empty() {
            // Nobody, or a name alone: nothing to look up or to cache.
            return find_buyer(tx, code, phone, name);
        }
        let key = (code.to_string(), phone.to_string());
        if let Some(found) = self.buyers.get(&key) {
            return Ok(Ok(found.clone()));
        }
        let found = find_buyer(tx, code, phone, name)?;
        if let Ok(buyer) = &found {
            self.buyers.insert(key, buyer.clone());
        }
        Ok(found)
    }
}

/// The item with `sku`: its id and current cost.
fn find_item(tx: &Tx<'_>, sku: &str) -> Result<Option<(i64, Money)>> {
    Ok(match crate::store::items::id_by_sku(tx, sku)? {
        Some(id) => Some((id, crate::store::items::cost(tx, id)?)),
        None => None,
    })
}

fn find_user(tx: &Tx<'_>, username: &str) -> Result<Option<i64>> {
    Ok(users::by_username(tx, username)?.map(|u| u.id))
}

/// Who bought, from a row's customer cells, or what is wrong with them (column, problem).
fn find_buyer(
    tx: &Tx<'_>,
    code: &str,
    phone: &str,
    name: &str,
) -> Result<std::result::Result<Buyer, (String, ImportProblem)>> {
    if code.is_empty() && phone.is_empty() {
        if name.is_empty() {
            return Ok(Ok(Buyer::Nobody));
        }
        return Ok(Err(("customer_name".into(), ImportProblem::NameAloneNoCustomer)));
    }
    let form = CustomerForm {
        code: code.into(),
        phone: phone.into(),
        // Named after its code or phone when the file gives no name.
        name: [name, code, phone].into_iter().find(|t| !t.is_empty()).unwrap_or_default().to_string(),
        ..Default::default()
    };
    let data = match form.validate() {
        Ok(data) => data,
        Err(errors) => {
            let e = errors.0.first().map(|e| (format!("customer_{}", e.field), ImportProblem::from(e)));
            return Ok(Err(e.unwrap_or_else(|| ("customer_name".into(), ImportProblem::Required))));
        }
    };
    Ok(Ok(match (customers::id_by_code(tx, code)?, &data.phone) {
        (Some(id), _) => Buyer::Known(id),
        (None, Some(p)) if code.is_empty() => match customers::by_phone(tx, p)? {
            Some((id, _, _)) => Buyer::Known(id),
            None => Buyer::New {
                key: p.as_str().to_string(),
                code: String::new(),
                phone: p.as_str().to_string(),
                name: data.name.clone(),
            },
        },
        (None, p) => Buyer::New {
            key: code.to_string(),
            code: code.to_string(),
            phone: p.as_ref().map(|p| p.as_str().to_string()).unwrap_or_default(),
            name: data.name.clone(),
        },
    }))
}

/// The sales a file makes.
struct Planned {
    sales: Vec<Sale>,
}

impl Planned {
    fn summary(&self, rows: usize, dry_run: bool) -> SalesImportSummary {
        let new_customers: std::collections::HashSet<&str> = self
            .sales
            .iter()
            .filter_map(|sale| match &sale.header.buyer {
                Buyer::New { key, .. } => Some(key.as_str()),
                _ => None,
            })
            .collect();
        SalesImportSummary {
            rows,
            sales: self.sales.len(),
            new_customers: new_customers.len(),
            receivables: self.sales.iter().filter(|s| s.header.payment == PaymentMethod::Credit).count(),
            dry_run,
        }
    }
}

/// Check every row and group them into sales; `Err` lists every problem.
fn plan(
    tx: &Tx<'_>,
    shop_tz: &jiff::tz::TimeZone,
    table: &reader::Table,
) -> Result<std::result::Result<Planned, Vec<Problem>>> {
    let mut problems = table.problems.clone();
    let mut lookups = Lookups::default();
    let mut sales: Vec<Sale> = Vec::new();
    let mut by_invoice: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let n = row.number;
        let mut bad = |column: &str, what: ImportProblem| problems.push(Problem::at(n, column, what));
        let invoice = row.text("invoice");
        if invoice.is_empty() {
            bad("invoice", ImportProblem::Required);
        }
        let at = match parse_when(row.text("date")) {
            Ok(when) => when.to_zoned(shop_tz.clone()).map(|z| z.timestamp().as_millisecond()).ok(),
            Err(e) => {
                bad("date", e);
                None
            }
        };
        let sku = row.text("sku");
        let item = match lookups.item(tx, sku)? {
            Some(item) => Some(item),
            None => {
                let what = match sku {
                    "" => ImportProblem::Required,
                    sku => ImportProblem::NoItemWithSku { sku: sku.to_string() },
                };
                bad("sku", what);
                None
            }
        };
        let qty = match Qty::parse(row.text("qty")) {
            Ok(q) if q > Qty::ZERO => Some(q),
            Ok(_) => {
                bad("qty", ImportProblem::QtyNotPositive);
                None
            }
            Err(e) => {
                bad("qty", e.into());
                None
            }
        };
        let money = |column: &str, bad: &mut dyn FnMut(&str, ImportProblem)| match row.text(column) {
            "" if column == "discount" => Some(Money::ZERO),
            text => Money::parse_non_negative(text).map_err(|e| bad(column, e.into())).ok(),
        };
        let price = money("price", &mut bad);
        let discount = money("discount", &mut bad);
        let buyer = match lookups.buyer(tx, row)? {
            Ok(buyer) => Some(buyer),
            Err((column, what)) => {
                bad(&column, what);
                None
            }
        };
        let user_id = match row.text("cashier") {
            "" => Some(None),
            name => match lookups.user(tx, name)? {
                Some(id) => Some(Some(id)),
                None => {
                    bad("cashier", ImportProblem::NoUser { name: name.to_string() });
                    None
                }
            },
        };
        let payment = match row.text("payment") {
            "" => Some(PaymentMethod::Cash),
            text => text
                .parse::<PaymentMethod>()
                .map_err(|_| bad("payment", ImportProblem::NotAPaymentMethod { text: text.to_string() }))
                .ok(),
        };
        if payment == Some(PaymentMethod::Credit) && buyer == Some(Buyer::Nobody) {
            bad("payment", ImportProblem::CreditNeedsCustomer);
        }
        let (
            Some(at),
            Some((item_id, cost)),
            Some(qty),
            Some(price),
            Some(discount),
            Some(buyer),
            Some(user_id),
            Some(payment),
        ) = (at, item, qty, price, discount, buyer, user_id, payment)
        else {
            continue;
        };
        let Some(total) =
            price.times_qty(qty).and_then(Money::within_limit).ok().and_then(|gross| gross.checked_sub(discount).ok())
        else {
            bad("price", ImportProblem::LineAboveLimit { price: row.text("price").to_string() });
            continue;
        };
        if total < Money::ZERO {
            let line = price.times_qty(qty).unwrap_or_default().to_string();
            bad("discount", ImportProblem::DiscountAboveLine { discount: discount.to_string(), line });
            continue;
        }
        let header = Header { at, buyer, user_id, payment };
        let line = Line { item_id, qty, price, discount, total, cost };
        match by_invoice.get(invoice) {
            Some(&i) => {
                let sale = &mut sales[i];
                for (column, same) in [
                    ("date", sale.header.at == header.at),
                    ("customer_code", sale.header.buyer == header.buyer),
                    ("cashier", sale.header.user_id == header.user_id),
                    ("payment", sale.header.payment == header.payment),
                ] {
                    if !same {
                        let invoice = invoice.to_string();
                        bad(column, ImportProblem::DiffersFromRow { row: sale.first_row, invoice });
                    }
                }
                sale.lines.push(line);
            }
            None => {
                if sales::sale_id_by_invoice(tx, invoice)?.is_some() {
                    bad("invoice", ImportProblem::InvoiceExists { invoice: invoice.to_string() });
                    continue;
                }
                by_invoice.insert(invoice.to_string(), sales.len());
                sales.push(Sale { invoice: invoice.to_string(), first_row: n, header, lines: vec![line] });
            }
        }
    }
    Ok(if problems.is_empty() { Ok(Planned { sales }) } else { Err(problems) })
}

/// Write the planned sales through the one sale writer.
fn apply(
    tx: &Tx<'_>,
    sales: &[Sale],
    options: &SalesImportOptions,
    credit_days: i64,
    tz: &jiff::tz::TimeZone,
) -> Result<()> {
    let mut created: HashMap<String, i64> = HashMap::new();
    let mut writer = SaleWriter::new(tx)?;
    for sale in sales {
        let customer_id = match &sale.header.buyer {
            Buyer::Nobody => None,
            Buyer::Known(id) => Some(*id),
            Buyer::New { key, code, phone, name } => Some(match created.get(key) {
                Some(id) => *id,
                None => {
                    let form = CustomerForm {
                        code: code.clone(),
                        phone: phone.clone(),
                        name: name.clone(),
                        ..Default::default()
                    };
                    let id = insert_customer(tx, &form.validate()?, sale.header.at)?;
                    created.insert(key.clone(), id);
                    id
                }
            }),
        };
        let subtotal = sale.lines.iter().try_fold(Money::ZERO, |sum, l| sum.checked_add(l.total).ok());
        let subtotal = subtotal.ok_or(Refusal::ImportSaleTooLarge { row: sale.first_row })?;
        let lines: Vec<NewSaleLine> = sale
            .lines
            .iter()
            .enumerate()
            .map(|(i, line)| NewSaleLine {
                line_no: i as i64 + 1,
                item_id: line.item_id,
                qty: line.qty,
                unit_price: line.price,
                tier: PriceTier::Retail,
                discount: line.discount,
                line_total: line.total,
                unit_cost: line.cost,
                price_overridden: false,
            })
            .collect();
        let due = local_date(sale.header.at, tz).saturating_add(credit_days.days());
        writer.write(&SaleRecord {
            sale: NewSale {
                invoice: &sale.invoice,
                at: sale.header.at,
                user_id: sale.header.user_id,
                shift_id: None,
                customer_id,
                tier: PriceTier::Retail,
                subtotal,
                discount: Money::ZERO,
                tax: Money::ZERO,
                total: subtotal,
                change_due: Money::ZERO,
                source: SaleSource::Import,
            },
            lines: &lines,
            payments: &[Tender { method: sale.header.payment, amount: subtotal, reference: "import".into() }],
            credit_due: due,
            moves_stock: options.affect_stock,
            refuse_oversell: false,
            till: None,
        })?;
    }
    writer.finish()
}

impl Shop {
    /// Import past sales from CSV text that comes from no named file: see
    /// [`Shop::import_sales_file`].
    pub fn import_sales(
        &mut self,
        actor: &Actor,
        input: &[u8],
        options: &SalesImportOptions,
    ) -> Result<SalesImportSummary, ImportError> {
        self.import_sales_in(actor, "", input, options, Batching::ByTime)
    }

    /// Import past sales from the CSV file `source` (named as the user gave it):
    /// every row, or none that was not already written by an earlier run of the same
    /// file (see the module docs of `services::import`).
    pub fn import_sales_file(
        &mut self,
        actor: &Actor,
        source: &str,
        input: &[u8],
        options: &SalesImportOptions,
    ) -> Result<SalesImportSummary, ImportError> {
        self.import_sales_in(actor, source, input, options, Batching::ByTime)
    }

    /// Each batch is a few whole sales, checked again under the lock (a customer the
    /// file creates is then found by the batches after the one that created it, in
    /// the same transaction or a later one).
    pub(super) fn import_sales_in(
        &mut self,
        actor: &Actor,
        source: &str,
        input: &[u8],
        options: &SalesImportOptions,
        batching: Batching,
    ) -> Result<SalesImportSummary, ImportError> {
        actor.require(Permission::ImportExport, "import files")?;
        let table = reader::read(input, COLUMNS).map_err(ImportError::from_problems)?;
        let tz = self.time_zone();
        let credit_days = self.setting("credit.default_days")?.parse::<i64>().unwrap_or(14);
        let job = Job {
            kind: "sales",
            source,
            flags: if options.affect_stock { "--affect-stock" } else { "" },
            units_name: Units::Sales,
            fingerprint: fingerprint("sales", &[options.affect_stock], input),
            units: invoices(&table),
            table: &table,
            dry_run: options.dry_run,
            batching,
        };
        self.check_then_publish(
            &job,
            |tx, rows| Ok(plan(tx, &tz, rows)?.map(|planned| planned.summary(rows.rows.len(), options.dry_run))),
            |_| false,
            |summary| *summary,
            // Every part is checked again under the lock anyway.
            |_| {},
            |tx, _, batch| {
                Ok(match plan(tx, &tz, batch)? {
                    Ok(planned) => Ok(apply(tx, &planned.sales, options, credit_days, &tz)?),
                    Err(problems) => Err(problems),
                })
            },
            |tx, summary| tx.audit(actor, "import.sales", "import", "sales", None, Some(summary.to_string())),
        )
    }
}

/// The rows of each invoice (indexes into `table.rows`), in the order invoices first
/// appear in the file.
fn invoices(table: &reader::Table) -> Vec<Vec<usize>> {
    let mut units: Vec<Vec<usize>> = Vec::new();
    let mut by_invoice: HashMap<&str, usize> = HashMap::new();
    for (i, row) in table.rows.iter().enumerate() {
        let unit = *by_invoice.entry(row.text("invoice")).or_insert_with(|| {
            units.push(Vec::new());
            units.len() - 1
        });
        units[unit].push(i);
    }
    units
}

#[cfg(test)]
mod tests;
