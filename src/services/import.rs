//! CSV import of items, customers and suppliers (DESIGN.md, "CSV in").
//!
//! One generic reader ([`reader`]) turns the file into numbered rows of named cells;
//! each kind then plans its rows (form validation, repeats within the file, conflicts
//! with the database) and, only when no row has a problem, applies the plan.
//!
//! Every kind (sales history too) follows one scheme, [`Shop::check_then_write`]: the
//! whole file is checked on a read snapshot, which stops no other writer however long
//! it takes; the write lock is taken only to confirm that what the check relied on
//! still holds and to write the checked rows in ONE transaction, so an import is all
//! or nothing (a killed one leaves nothing behind and can simply be run again). If
//! another warung changed what the file was checked against in between, the lock is
//! let go and the file checked again: the lock is never held while a file is checked.
//!
//! An existing record (same sku, customer code or supplier name) is updated; columns
//! the file does not have keep their current values, while an empty cell clears the
//! field (except `barcode`: empty keeps the item's barcodes).

mod customers;
mod items;
mod reader;
pub mod sales;
mod suppliers;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use super::{Actor, Refusal, Result, ServiceError, Shop, Tx};
use crate::domain::Permission;
use crate::domain::master::FieldErrors;
use crate::store;
pub use reader::Column;
pub(crate) use reader::{Problem, Row};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportKind {
    Items,
    Customers,
    Suppliers,
}

impl ImportKind {
    pub const ALL: [ImportKind; 3] = [ImportKind::Items, ImportKind::Customers, ImportKind::Suppliers];

    /// `items`, `customers`, `suppliers`: the CLI word and the audit action suffix.
    pub fn name(self) -> &'static str {
        match self {
            ImportKind::Items => "items",
            ImportKind::Customers => "customers",
            ImportKind::Suppliers => "suppliers",
        }
    }

    /// The accepted columns, in the order exports write them.
    pub fn columns(self) -> &'static [Column] {
        match self {
            ImportKind::Items => items::COLUMNS,
            ImportKind::Customers => customers::COLUMNS,
            ImportKind::Suppliers => suppliers::COLUMNS,
        }
    }
}

impl fmt::Display for ImportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not something to import or export (use items, customers or suppliers)")]
pub struct UnknownImportKind(pub String);

impl FromStr for ImportKind {
    type Err = UnknownImportKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ImportKind::ALL
            .into_iter()
            .find(|kind| kind.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownImportKind(s.to_string()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportOptions {
    /// Check everything, including conflicts with the database, and write nothing.
    pub dry_run: bool,
    /// Give an item without any barcode one generated in-store EAN-13 code.
    pub generate_barcodes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    /// Data rows read (blank rows are not counted).
    pub rows: usize,
    pub dry_run: bool,
}

/// `12 rows: 10 created, 2 updated`, plus `(dry run: nothing written)` when dry.
impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.rows == 1 { "row" } else { "rows" };
        write!(f, "{} {noun}: {} created, {} updated", self.rows, self.created, self.updated)?;
        if self.dry_run {
            f.write_str(" (dry run: nothing written)")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Every problem in the file, each as `row N, column C: what is wrong`, in row
    /// order. Nothing was written.
    #[error("{}", .0.join("\n"))]
    Problems(Vec<String>),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl ImportError {
    fn from_problems(mut problems: Vec<Problem>) -> ImportError {
        problems.sort_by_key(|p| p.row);
        ImportError::Problems(problems.iter().map(ToString::to_string).collect())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub created: usize,
    pub updated: usize,
}

/// One import kind. Planning and applying run in the same transaction; `apply` only
/// ever sees plans of a file without problems.
pub(crate) trait Importer {
    /// A checked row, ready to write.
    type Plan;
    /// The column naming an existing record (sku, code, name); compared ignoring
    /// case, as the database does. An empty key means a new record.
    const KEY: &'static str;
    /// Validate one row against its form and the database.
    fn plan_row(tx: &Tx<'_>, row: &Row) -> Result<Result<Self::Plan, Vec<Problem>>>;
    /// Whether `plan` changes an existing record (else it creates one).
    fn updates(plan: &Self::Plan) -> bool;
    /// Checks that need every row at once, beyond a repeated key.
    fn check_plans(_tx: &Tx<'_>, _plans: &[Self::Plan]) -> Result<Vec<Problem>> {
        Ok(Vec::new())
    }
    fn apply(tx: &Tx<'_>, actor: &Actor, plans: Vec<Self::Plan>, options: &ImportOptions) -> Result<Counts>;
}

/// Every field error of a row's form, as problems at that row.
pub(crate) fn field_problems(row: usize, errors: FieldErrors) -> impl Iterator<Item = Problem> {
    errors.0.into_iter().map(move |e| Problem::at(row, e.field, e.message))
}

/// Finds a key (sku, barcode, code, name) repeated within the file and names both rows.
pub(crate) struct SeenKeys {
    column: &'static str,
    case_insensitive: bool,
    first_row: HashMap<String, usize>,
}

impl SeenKeys {
    pub fn new(column: &'static str, case_insensitive: bool) -> SeenKeys {
        SeenKeys { column, case_insensitive, first_row: HashMap::new() }
    }

    /// Remember `key` at `row`; a problem when an earlier row has it.
    pub fn check(&mut self, key: &str, row: usize) -> Option<Problem> {
        let normalised = if self.case_insensitive { key.to_ascii_lowercase() } else { key.to_string() };
        match self.first_row.get(&normalised) {
            Some(first) => Some(Problem::at(row, self.column, format!("{key} is also on row {first}"))),
            None => {
                self.first_row.insert(normalised, row);
                None
            }
        }
    }
}

impl Shop {
    /// Import a CSV file of `kind`: all rows or none. See DESIGN.md, "CSV in".
    pub fn import(
        &mut self,
        actor: &Actor,
        kind: ImportKind,
        input: &[u8],
        options: &ImportOptions,
    ) -> Result<ImportSummary, ImportError> {
        actor.require(Permission::ImportExport, "import files")?;
        let table = reader::read(input, kind.columns()).map_err(ImportError::from_problems)?;
        match kind {
            ImportKind::Items => self.import_as::<items::Items>(actor, kind, &table, options),
            ImportKind::Customers => self.import_as::<customers::Customers>(actor, kind, &table, options),
            ImportKind::Suppliers => self.import_as::<suppliers::Suppliers>(actor, kind, &table, options),
        }
    }

    /// Master data of `kind`: the checked rows still hold when no record of that kind
    /// changed since the check (the `import_guard` counters; sales, stock on hand,
    /// messages and settings do not count).
    fn import_as<I: Importer>(
        &mut self,
        actor: &Actor,
        kind: ImportKind,
        table: &reader::Table,
        options: &ImportOptions,
    ) -> Result<ImportSummary, ImportError> {
        let changes = |tx: &Tx<'_>| store::master_changes(tx, kind.name());
        self.check_then_write(
            options.dry_run,
            |tx| {
                let version = changes(tx)?;
                Ok(plan::<I>(tx, table)?.map(|plans| (version, plans)))
            },
            |tx, (version, _)| Ok(changes(tx)? == *version),
            |(_, plans)| {
                let updated = plans.iter().filter(|p| I::updates(p)).count();
                ImportSummary {
                    created: plans.len() - updated,
                    updated,
                    rows: table.rows.len(),
                    dry_run: options.dry_run,
                }
            },
            |tx, (_, plans), summary| {
                I::apply(tx, actor, plans, options)?;
                let action = format!("import.{}", kind.name());
                tx.audit(actor, &action, "import", kind.name(), None, Some(summary.to_string()))
            },
        )
    }

    /// Check the file on a read snapshot (`check`: the plan, or every problem); then,
    /// under the write lock, confirm the plan `still_holds` and `write` it with its
    /// `summary`. When it no longer holds, the lock is let go and the file checked
    /// again; after [`CHECKS`] such checks, the last one runs under the lock, so an
    /// import always gets in. A dry run stops after the first check.
    fn check_then_write<P, S: Copy>(
        &mut self,
        dry_run: bool,
        check: impl Fn(&Tx<'_>) -> Result<std::result::Result<P, Vec<Problem>>>,
        still_holds: impl Fn(&Tx<'_>, &P) -> Result<bool>,
        summary: impl Fn(&P) -> S,
        mut write: impl FnMut(&Tx<'_>, P, S) -> Result<()>,
    ) -> Result<S, ImportError> {
        for _ in 0..CHECKS {
            let planned = self.read(&check)?.map_err(ImportError::from_problems)?;
            let summary = summary(&planned);
            if dry_run {
                return Ok(summary);
            }
            let mut stale = false;
            let written = self.write_import(|tx| {
                if !still_holds(tx, &planned)? {
                    stale = true;
                    return Err(rolled_back());
                }
                write(tx, planned, summary)
            });
            if !stale {
                return written.map(|()| summary).map_err(ImportError::Service);
            }
        }
        // Other warungs kept changing what the file is checked against: check it once
        // more under the lock, so that this once they wait instead.
        let mut problems = None;
        let written = self.write_import(|tx| match check(tx)? {
            Ok(planned) => {
                let summary = summary(&planned);
                write(tx, planned, summary)?;
                Ok(summary)
            }
            Err(found) => {
                problems = Some(found);
                Err(rolled_back())
            }
        });
        match problems {
            Some(found) => Err(ImportError::from_problems(found)),
            None => written.map_err(ImportError::Service),
        }
    }

    /// [`Shop::write`] with an import's patience: nobody waits at a counter for an
    /// import, so it waits for its turn to write longer than a till would, and
    /// imports running side by side all get in.
    fn write_import<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.store.set_lock_patience(IMPORT_LOCK_PATIENCE)?;
        let written = self.write(f);
        self.store.set_lock_patience(store::LOCK_PATIENCE)?;
        written
    }
}

/// How many times an import checks its file off the write lock before it checks it
/// under the lock, because other warungs keep changing what it is checked against.
const CHECKS: usize = 5;

/// How long an import waits for other warungs' writes (other imports) before it
/// gives up with "database is locked".
const IMPORT_LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(60);

/// The error that makes `Shop::write` roll back a plan that no longer holds; the
/// import never shows it (it checks the file again instead).
fn rolled_back() -> ServiceError {
    Refusal::ImportRolledBack.into()
}

/// Check every row of kind `I` (including rows the reader could not read): their
/// plans, or every problem in the file.
fn plan<I: Importer>(tx: &Tx<'_>, table: &reader::Table) -> Result<Result<Vec<I::Plan>, Vec<Problem>>> {
    let mut problems = table.problems.clone();
    let mut plans = Vec::with_capacity(table.rows.len());
    let mut keys = SeenKeys::new(I::KEY, true);
    for row in &table.rows {
        let key = row.text(I::KEY);
        if !key.is_empty() {
            problems.extend(keys.check(key, row.number));
        }
        match I::plan_row(tx, row)? {
            Ok(plan) => plans.push(plan),
            Err(row_problems) => problems.extend(row_problems),
        }
    }
    problems.extend(I::check_plans(tx, &plans)?);
    Ok(if problems.is_empty() { Ok(plans) } else { Err(problems) })
}

#[cfg(test)]
pub(crate) mod test_support {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::Role;
    use crate::store::Store;

    pub fn shop() -> Shop {
        Shop::new(Store::open_in_memory().unwrap(), Arc::new(FixedClock::at_ms(1_700_000_000_000)))
    }

    pub fn owner() -> Actor {
        Actor::command_line()
    }

    pub fn cashier() -> Actor {
        Actor { user_id: None, username: "sari".into(), role: Role::Cashier }
    }

    pub fn import(shop: &mut Shop, kind: ImportKind, csv: &str) -> Result<ImportSummary, ImportError> {
        shop.import(&owner(), kind, csv.as_bytes(), &ImportOptions::default())
    }

    /// The problem lines of a failed import.
    pub fn problems(result: Result<ImportSummary, ImportError>) -> Vec<String> {
        match result {
            Err(ImportError::Problems(lines)) => lines,
            other => panic!("expected problems, got {other:?}"),
        }
    }

    pub fn audit_actions(shop: &Shop) -> Vec<String> {
        shop.recent_audit(100).unwrap().into_iter().map(|a| a.action).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::store::items::ItemFilter;

    #[test]
    fn summary_reads_as_a_sentence() {
        let summary = ImportSummary { created: 10, updated: 2, rows: 12, dry_run: false };
        assert_eq!(summary.to_string(), "12 rows: 10 created, 2 updated");
        let dry = ImportSummary { created: 1, updated: 0, rows: 1, dry_run: true };
        assert_eq!(dry.to_string(), "1 row: 1 created, 0 updated (dry run: nothing written)");
    }

    #[test]
    fn kinds_parse_and_name_themselves() {
        assert_eq!("Items".parse::<ImportKind>(), Ok(ImportKind::Items));
        assert_eq!(" suppliers ".parse::<ImportKind>(), Ok(ImportKind::Suppliers));
        assert!("sales".parse::<ImportKind>().is_err());
        assert_eq!(ImportKind::Customers.to_string(), "customers");
        assert_eq!(ImportKind::Items.columns()[0], Column { name: "sku", required: true });
    }

    #[test]
    fn problems_display_one_per_line() {
        let error = ImportError::from_problems(vec![Problem::at(3, "price", "is required"), Problem::row(2, "bad")]);
        assert_eq!(error.to_string(), "row 2: bad\nrow 3, column price: is required");
    }

    #[test]
    fn a_cashier_may_not_import() {
        let mut shop = shop();
        let result = shop.import(&cashier(), ImportKind::Items, b"sku,name,price\nA,B,1\n", &ImportOptions::default());
        assert!(matches!(result, Err(ImportError::Service(ServiceError::Denied { .. }))), "{result:?}");
        assert!(shop.items(&ItemFilter::default()).unwrap().is_empty());
    }

    #[test]
    fn one_audit_row_per_import_with_the_summary() {
        let mut shop = shop();
        import(&mut shop, ImportKind::Items, "sku,name,price\nA,Apel,1000\nB,Beras,12000\n").unwrap();
        let audit = shop.recent_audit(10).unwrap();
        assert_eq!(audit.len(), 1);
        assert_eq!(audit[0].action, "import.items");
        assert_eq!(audit[0].after.as_deref(), Some("2 rows: 2 created, 0 updated"));
    }

    #[test]
    fn unknown_column_is_named_with_the_accepted_ones() {
        let mut shop = shop();
        let lines = problems(import(&mut shop, ImportKind::Suppliers, "name,Email\nPT Indofood,x@y\n"));
        assert_eq!(lines, ["row 1, column Email: unknown column; the accepted columns are name, phone, address"]);
    }

    #[test]
    fn missing_required_column_is_named() {
        let mut shop = shop();
        let lines = problems(import(&mut shop, ImportKind::Items, "sku,name\nA,Apel\n"));
        assert_eq!(lines, ["row 1, column price: required column is missing"]);
    }

    #[test]
    fn unreadable_rows_and_invalid_rows_are_reported_together() {
        let mut shop = shop();
        let input = b"name,phone\nCaf\xe9 Sehat,1\nPT A,abc\n";
        let result = shop.import(&owner(), ImportKind::Suppliers, input, &ImportOptions::default());
        assert_eq!(
            problems(result),
            [
                "row 2, column name: is not valid UTF-8 text; save the file as \"CSV UTF-8\"",
                "row 3, column phone: may only contain digits, spaces and + - ( ) .",
            ]
        );
        assert!(shop.suppliers("", true).unwrap().is_empty());
    }

    #[test]
    fn a_file_whose_records_keep_changing_is_checked_once_more_under_the_lock() {
        let mut shop = shop();
        let checks = std::cell::Cell::new(0);
        let written = shop.check_then_write(
            false,
            |_| {
                checks.set(checks.get() + 1);
                Ok(Ok(()))
            },
            |_, _| Ok(false),
            |_| 7,
            |tx, (), _| {
                Ok(tx.execute_batch("INSERT INTO suppliers (name, created_at, updated_at) VALUES ('PT A', 0, 0)")?)
            },
        );
        assert_eq!(written.unwrap(), 7);
        assert_eq!(checks.get(), CHECKS + 1);
        assert_eq!(shop.suppliers("", true).unwrap().len(), 1);
    }

    #[test]
    fn a_header_only_file_imports_nothing() {
        let mut shop = shop();
        let summary = import(&mut shop, ImportKind::Customers, "name,code\n").unwrap();
        assert_eq!(summary, ImportSummary::default());
    }
}
