//! CSV import of items, customers and suppliers (DESIGN.md, "CSV in").
//!
//! One generic reader ([`reader`]) turns the file into numbered rows of named cells;
//! each kind then plans its rows (form validation, repeats within the file, conflicts
//! with the database) and, only when no row has a problem, applies the plan.
//!
//! # Published at once, or in journaled parts
//!
//! Every kind (sales history too) follows one scheme, [`Shop::check_then_publish`],
//! built so that no other writer (a till, `config set`, the dispatcher, another
//! import) waits for an import much more than half a second, however big its file:
//!
//! 1. **Check.** The whole file is read and checked on a read snapshot, which stops
//!    no other writer however long it takes. A file with any problem is refused with
//!    every problem and nothing is written.
//! 2. **Publish at once.** The checked rows are written in one write transaction,
//!    which first confirms, under the lock, that what they rely on still holds
//!    (master data write the plans of the check while no record of their kind
//!    changed since, else the rows are checked again; sales are always checked
//!    again). A row that no longer holds (an invoice number or barcode another
//!    warung took meanwhile) rolls the whole transaction back: nothing of the file
//!    appears, and the rows are named. Other warungs see the file's rows together or
//!    not at all, and a kill leaves none of them.
//! 3. **Or in parts.** When writing takes longer than [`AT_ONCE_TIME`] with rows
//!    still to write, that transaction is rolled back too and the file is written in
//!    parts (units: one row; for sales, every row of one invoice, so a sale is never
//!    split), each its own transaction of about [`BATCH_TIME`], with the lock left
//!    free for a moment after each ([`BETWEEN_BATCHES`]); each part confirms its rows
//!    as above. Measured on the scale shop, a file of up to about 30,000 sale lines
//!    (release build) is published at once; BENCHMARKS.md has the figures.
//! 4. **Journal.** A run is recorded in `import_runs` (kind, the file's name and
//!    fingerprint, units done of units total): a file published at once in the same
//!    transaction, as done; one in parts with its first part, and its progress in
//!    the same transaction as every later part; the last marks it done and writes
//!    the audit row.
//!
//! What holds for a file in parts: every unit is written whole or not at all; a run
//! killed or stopped half-way says so, `warung doctor` names it with the command that
//! finishes it, and the same import of the same file (same options) resumes it,
//! checking and writing only the units not yet written. Meanwhile, other warungs see
//! the parts written so far. A change by another warung that makes a later row wrong
//! stops it with the earlier parts kept and the row named; the run is then given up
//! ([`Shop::abandon_import`], `warung import --abandon RUN`: what it wrote stays) and
//! the corrected rest imported. The same file given to two warungs at once is written
//! by the one that started first.
//!
//! An existing record (same sku, customer code or supplier name) is updated; columns
//! the file does not have keep their current values, while an empty cell clears the
//! field (except `barcode`: empty keeps the item's barcodes).

mod customers;
mod items;
mod problem;
mod reader;
pub mod sales;
mod suppliers;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use super::{Actor, Refusal, Result, ServiceError, Shop, Tx};
use crate::domain::Permission;
use crate::domain::doctor::{Finding, UnfinishedImport};
use crate::domain::master::FieldErrors;
use crate::lang::Lang;
use crate::store::{self, import_runs};
pub use problem::{ImportProblem, Problem};
pub use reader::Column;
pub(crate) use reader::Row;

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

impl ImportSummary {
    /// `12 rows: 10 created, 2 updated` / `12 baris: 10 dibuat, 2 diperbarui`, plus
    /// `(dry run: nothing written)` when dry.
    pub fn text(&self, lang: Lang) -> String {
        let noun = match (lang, self.rows) {
            (Lang::En, 1) => "row",
            (Lang::En, _) => "rows",
            (Lang::Id, _) => "baris",
        };
        let (created, updated) = (self.created, self.updated);
        let mut text = match lang {
            Lang::En => format!("{} {noun}: {created} created, {updated} updated", self.rows),
            Lang::Id => format!("{} {noun}: {created} dibuat, {updated} diperbarui", self.rows),
        };
        if self.dry_run {
            text.push_str(dry_run(lang));
        }
        text
    }
}

/// English, for the audit trail and logs; users read [`ImportSummary::text`].
impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// What a dry run adds to its summary.
pub(crate) fn dry_run(lang: Lang) -> &'static str {
    lang.pick(" (dry run: nothing written)", " (uji coba: tidak ada yang ditulis)")
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Every problem in the file, in row order. Nothing was written.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Problems(Vec<Problem>),
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// Publishing stopped after some batches were written: those stay (each row or
    /// sale whole), and the same import run again writes the rest.
    #[error("{}", unfinished(Lang::En, *.written, *.total, *.units))]
    Unfinished {
        written: usize,
        total: usize,
        /// How the units are counted: rows, or sales for sales history.
        units: Units,
        #[source]
        cause: Box<ImportError>,
    },
}

pub use crate::domain::doctor::Units;

impl ImportError {
    fn from_problems(mut problems: Vec<Problem>) -> ImportError {
        problems.sort_by_key(|p| p.row);
        ImportError::Problems(problems)
    }

    /// The error in `lang`: every problem on its own line, or why the import stopped
    /// (an unfinished import says how far it got, then its cause).
    pub fn text(&self, lang: Lang) -> String {
        match self {
            ImportError::Problems(problems) => problems.iter().map(|p| p.text(lang)).collect::<Vec<_>>().join("\n"),
            ImportError::Service(e) => e.text(lang),
            ImportError::Unfinished { written, total, units, cause } => {
                format!("{}: {}", unfinished(lang, *written, *total, *units), cause.text(lang))
            }
        }
    }
}

/// How far an import got before it stopped, and what to do.
fn unfinished(lang: Lang, written: usize, total: usize, units: Units) -> String {
    let units = units.name(lang);
    match lang {
        Lang::En => format!(
            "{written} of {total} {units} were written before the import stopped; `warung doctor` says how to finish it or give it up"
        ),
        Lang::Id => format!(
            "{written} dari {total} {units} sudah ditulis sebelum impor berhenti; `warung doctor` memberi tahu cara menyelesaikan atau membatalkannya"
        ),
    }
}

/// An unfinished import run given up: how much of its file it had written (kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abandoned {
    pub id: i64,
    pub kept: usize,
    pub total: usize,
    pub units: Units,
}

impl Abandoned {
    pub fn text(&self, lang: Lang) -> String {
        let Abandoned { id, kept, total, units } = self;
        let units = units.name(lang);
        match lang {
            Lang::En => format!("run {id} given up: {kept} of {total} {units} kept"),
            Lang::Id => format!("impor {id} dibatalkan: {kept} dari {total} {units} tetap tersimpan"),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub created: usize,
    pub updated: usize,
}

/// One import kind. `apply` only ever sees plans of a file without problems, checked
/// in the same transaction or, when nothing they rely on changed since, on a snapshot.
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
    /// Whether writing `row` may generate a code (member code, barcode) that must not
    /// be one another row of the file gives.
    fn generates_code(_row: &Row, _options: &ImportOptions) -> bool {
        false
    }
    /// Whether the plans must be written in one batch (rows that depend on each
    /// other across the file).
    fn publish_whole(_tx: &Tx<'_>, _plans: &[Self::Plan]) -> Result<bool> {
        Ok(false)
    }
    fn apply(tx: &Tx<'_>, actor: &Actor, plans: Vec<Self::Plan>, options: &ImportOptions) -> Result<Counts>;
}

/// Every field error of a row's form, as problems at that row.
pub(crate) fn field_problems(row: usize, errors: FieldErrors) -> impl Iterator<Item = Problem> {
    errors.0.into_iter().map(move |e| Problem::at(row, e.field, ImportProblem::from(&e)))
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
            Some(&first) => {
                Some(Problem::at(row, self.column, ImportProblem::AlsoOnRow { key: key.to_string(), first }))
            }
            None => {
                self.first_row.insert(normalised, row);
                None
            }
        }
    }
}

impl Shop {
    /// Import CSV text of `kind` that comes from no named file: see [`Shop::import_file`].
    pub fn import(
        &mut self,
        actor: &Actor,
        kind: ImportKind,
        input: &[u8],
        options: &ImportOptions,
    ) -> Result<ImportSummary, ImportError> {
        self.import_in(actor, kind, "", input, options, Batching::ByTime)
    }

    /// Import the CSV file `source` (named as the user gave it; the journal and
    /// `warung doctor` name it so) of `kind`: every row, or none that was not already
    /// written by an earlier run of the same file. See the module docs and DESIGN.md,
    /// "CSV in".
    pub fn import_file(
        &mut self,
        actor: &Actor,
        kind: ImportKind,
        source: &str,
        input: &[u8],
        options: &ImportOptions,
    ) -> Result<ImportSummary, ImportError> {
        self.import_in(actor, kind, source, input, options, Batching::ByTime)
    }

    fn import_in(
        &mut self,
        actor: &Actor,
        kind: ImportKind,
        source: &str,
        input: &[u8],
        options: &ImportOptions,
        batching: Batching,
    ) -> Result<ImportSummary, ImportError> {
        actor.require(Permission::ImportExport, "import files")?;
        let table = reader::read(input, kind.columns()).map_err(ImportError::from_problems)?;
        let job = |generates_code: fn(&Row, &ImportOptions) -> bool| {
            // Rows that get a generated code go last, so that no generated code takes
            // one the file gives to a row of a later batch.
            let (given, generated): (Vec<usize>, Vec<usize>) =
                (0..table.rows.len()).partition(|&i| !generates_code(&table.rows[i], options));
            Job {
                kind: kind.name(),
                source,
                flags: if options.generate_barcodes { "--generate-barcodes" } else { "" },
                units_name: Units::Rows,
                fingerprint: fingerprint(kind.name(), &[options.generate_barcodes], input),
                units: given.into_iter().chain(generated).map(|i| vec![i]).collect(),
                table: &table,
                dry_run: options.dry_run,
                batching,
            }
        };
        match kind {
            ImportKind::Items => self.import_as::<items::Items>(actor, &job(items::Items::generates_code), options),
            ImportKind::Customers => {
                self.import_as::<customers::Customers>(actor, &job(customers::Customers::generates_code), options)
            }
            ImportKind::Suppliers => {
                self.import_as::<suppliers::Suppliers>(actor, &job(suppliers::Suppliers::generates_code), options)
            }
        }
    }

    /// Master data of `kind`. A batch writes the rows as they were checked while no
    /// other warung changed a record of that kind since (the `import_guard` counters,
    /// read again after each batch: sales, stock on hand, messages and settings do not
    /// count); after such a change, each batch's rows are checked again under the lock.
    fn import_as<I: Importer>(
        &mut self,
        actor: &Actor,
        job: &Job<'_>,
        options: &ImportOptions,
    ) -> Result<ImportSummary, ImportError> {
        let changes = |tx: &Tx<'_>| store::master_changes(tx, job.kind);
        self.check_then_publish(
            job,
            |tx, rows| {
                let version = changes(tx)?;
                Ok(match plan::<I>(tx, rows)? {
                    Ok(plans) => {
                        let whole = I::publish_whole(tx, &plans)?;
                        Ok(Checked { version: Some(version), plans: plans.into(), whole })
                    }
                    Err(problems) => Err(problems),
                })
            },
            |checked| checked.whole,
            |checked| {
                let updated = checked.plans.iter().filter(|p| I::updates(p)).count();
                ImportSummary {
                    created: checked.plans.len() - updated,
                    updated,
                    rows: checked.plans.len(),
                    dry_run: job.dry_run,
                }
            },
            |checked| {
                checked.version = None;
                checked.plans.clear();
            },
            |tx, checked, batch| {
                let as_checked: Vec<I::Plan> =
                    checked.plans.drain(..batch.rows.len().min(checked.plans.len())).collect();
                if checked.version != Some(changes(tx)?) {
                    // Changed by someone else: no plan of the check is trusted from now on.
                    checked.version = None;
                }
                let plans = match checked.version {
                    Some(_) => as_checked,
                    None => match plan::<I>(tx, batch)? {
                        Ok(plans) => plans,
                        Err(problems) => return Ok(Err(problems)),
                    },
                };
                I::apply(tx, actor, plans, options)?;
                if checked.version.is_some() {
                    checked.version = Some(changes(tx)?);
                }
                Ok(Ok(()))
            },
            |tx, summary| {
                let action = format!("import.{}", job.kind);
                tx.audit(actor, &action, "import", job.kind, None, Some(summary.to_string()))
            },
        )
    }

    /// The one scheme every kind follows (see the module docs). `check` plans the
    /// rows still to write on a read snapshot (or finds every problem), without the
    /// write lock; `whole` says the plan must be written in one transaction; `summary`
    /// describes it; `forget` drops what `check` planned once an attempt that wrote
    /// with it was rolled back (every later part is then checked again under the
    /// lock). `write` writes the rows given (or finds what changed under them); the
    /// journal records the progress, and the last transaction also runs `finish`
    /// (the audit row).
    #[allow(clippy::too_many_arguments)]
    fn check_then_publish<P, S: Copy>(
        &mut self,
        job: &Job<'_>,
        check: impl Fn(&Tx<'_>, &reader::Table) -> Result<std::result::Result<P, Vec<Problem>>>,
        whole: impl Fn(&P) -> bool,
        summary: impl Fn(&P) -> S,
        forget: impl Fn(&mut P),
        mut write: impl FnMut(&Tx<'_>, &mut P, &reader::Table) -> Result<std::result::Result<(), Vec<Problem>>>,
        finish: impl Fn(&Tx<'_>, S) -> Result<()>,
    ) -> Result<S, ImportError> {
        let (run, checked) = self.read(|tx| {
            let run = import_runs::unfinished(tx, &job.fingerprint)?;
            let rest = job.rows(run.map_or(0, |r| r.units_done)..job.units.len());
            Ok((run, check(tx, &rest)?))
        })?;
        let mut checked = checked.map_err(ImportError::from_problems)?;
        let summary = summary(&checked);
        if job.dry_run {
            return Ok(summary);
        }
        let total = job.units.len();
        let mut size = job.batching.first_size();
        if run.is_none() {
            let whole = whole(&checked);
            match self.publish_at_once(job, &mut checked, whole, &mut write, |tx| finish(tx, summary))? {
                AtOnce::Published => return Ok(summary),
                AtOnce::TooLong { units, took } => {
                    forget(&mut checked);
                    size = job.batching.next_size(units, took);
                    std::thread::sleep(BETWEEN_BATCHES);
                }
            }
        }
        let mut run_id = run.map(|r| r.id);
        let mut done = run.map_or(0, |r| r.units_done);
        loop {
            let end = total.min(done + size);
            let batch = job.rows(done..end);
            let started = std::time::Instant::now();
            let mut problems = None;
            let written = self.write_import(|tx| {
                let id = match run_id {
                    Some(id) if import_runs::units_done(tx, id)? == done => id,
                    None if import_runs::unfinished(tx, &job.fingerprint)?.is_none() => {
                        import_runs::start(tx, &job.run_file(), total, tx.now)?
                    }
                    _ => return Err(Refusal::ImportSameFileBusy.into()),
                };
                if let Err(found) = write(tx, &mut checked, &batch)? {
                    problems = Some(found);
                    return Err(rolled_back());
                }
                import_runs::advance(tx, id, end, tx.now)?;
                if end == total {
                    finish(tx, summary)?;
                }
                Ok(id)
            });
            let stopped = match (written, problems) {
                (Ok(id), _) => {
                    run_id = Some(id);
                    done = end;
                    if done == total {
                        return Ok(summary);
                    }
                    size = job.batching.next_size(size, started.elapsed());
                    std::thread::sleep(BETWEEN_BATCHES);
                    continue;
                }
                (Err(_), Some(found)) => ImportError::from_problems(found),
                (Err(e), None) => ImportError::Service(e),
            };
            return Err(match run_id {
                None => stopped,
                Some(_) => {
                    ImportError::Unfinished { written: done, total, units: job.units_name, cause: Box::new(stopped) }
                }
            });
        }
    }

    /// Publish the whole file in one transaction: its rows appear together or not at
    /// all. The transaction is rolled back once writing has taken [`AT_ONCE_TIME`]
    /// with rows still to write (unless `whole`), and the file is written in parts.
    fn publish_at_once<P>(
        &mut self,
        job: &Job<'_>,
        checked: &mut P,
        whole: bool,
        write: &mut impl FnMut(&Tx<'_>, &mut P, &reader::Table) -> Result<std::result::Result<(), Vec<Problem>>>,
        finish: impl Fn(&Tx<'_>) -> Result<()>,
    ) -> Result<AtOnce, ImportError> {
        let total = job.units.len();
        let mut started = std::time::Instant::now();
        let mut problems = None;
        let mut too_long = None;
        let written = self.write_import(|tx| {
            // The lock is held from here (the wait for it does not count).
            started = std::time::Instant::now();
            if import_runs::unfinished(tx, &job.fingerprint)?.is_some() {
                return Err(Refusal::ImportSameFileBusy.into());
            }
            let mut done = 0;
            let mut size = job.batching.first_size();
            while done < total {
                let end = total.min(done + size);
                if let Err(found) = write(tx, checked, &job.rows(done..end))? {
                    problems = Some(found);
                    return Err(rolled_back());
                }
                done = end;
                if done < total && !whole && started.elapsed() > job.batching.at_once_time() {
                    too_long = Some(done);
                    return Err(rolled_back());
                }
                size *= 2;
            }
            let id = import_runs::start(tx, &job.run_file(), total, tx.now)?;
            import_runs::advance(tx, id, total, tx.now)?;
            finish(tx)
        });
        match (written, problems, too_long) {
            (Ok(()), _, _) => Ok(AtOnce::Published),
            (Err(_), Some(found), _) => Err(ImportError::from_problems(found)),
            (Err(_), None, Some(units)) => Ok(AtOnce::TooLong { units, took: started.elapsed() }),
            (Err(e), None, None) => Err(ImportError::Service(e)),
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

impl Shop {
    /// Every import run left unfinished (stopped while its file was written in
    /// parts), each as a `warung doctor` finding naming the command that finishes it
    /// and the one that gives it up.
    pub(crate) fn unfinished_imports(&self) -> Result<Vec<Finding>> {
        Ok(import_runs::all_unfinished(self.store.conn())?.into_iter().map(unfinished_finding).collect())
    }

    /// Give up unfinished import run `id`: what it wrote stays (each row or sale
    /// whole), the rest of its file is not written, and `warung doctor` no longer
    /// reports it. What was kept (the audit row says it in English).
    pub fn abandon_import(&mut self, actor: &Actor, id: i64) -> Result<Abandoned> {
        actor.require(Permission::ImportExport, "import files")?;
        self.write(|tx| {
            let run = import_runs::abandon(tx, id, tx.now)?.ok_or(Refusal::ImportRunNotUnfinished { id })?;
            let kept = Abandoned { id, kept: run.units_done, total: run.units_total, units: Units::of_kind(&run.kind) };
            tx.audit(actor, "import.abandon", "import", &run.kind, None, Some(kept.text(Lang::En)))?;
            Ok(kept)
        })
    }
}

fn unfinished_finding(run: import_runs::Stopped) -> Finding {
    Finding::UnfinishedImport(UnfinishedImport {
        id: run.id,
        kind: run.kind,
        source: run.source,
        fingerprint: run.fingerprint,
        flags: run.flags,
        done: run.units_done,
        total: run.units_total,
    })
}

/// A file being imported: what the journal knows it by, and its units (the rows
/// that are written together: one row, or every row of one invoice) in the order
/// they are written.
pub(crate) struct Job<'a> {
    kind: &'static str,
    /// The file as named on the command line (empty when not from one).
    source: &'a str,
    /// The command-line options that change what is written, as typed.
    flags: &'static str,
    /// What a unit is, in messages.
    units_name: Units,
    fingerprint: String,
    units: Vec<Vec<usize>>,
    table: &'a reader::Table,
    dry_run: bool,
    batching: Batching,
}

impl Job<'_> {
    fn run_file(&self) -> import_runs::RunFile<'_> {
        import_runs::RunFile { kind: self.kind, fingerprint: &self.fingerprint, source: self.source, flags: self.flags }
    }

    /// The rows of units `range`, unit after unit; the whole file's unreadable rows
    /// too when the range starts at the first unit, so the check reports them.
    fn rows(&self, range: std::ops::Range<usize>) -> reader::Table {
        reader::Table {
            rows: self.units[range.clone()].iter().flatten().map(|&i| self.table.rows[i].clone()).collect(),
            problems: if range.start == 0 { self.table.problems.clone() } else { Vec::new() },
        }
    }
}

/// The checked plans of master data still to write, and the `import_guard` counter
/// they were checked (or last written) at: `None` once another warung changed a
/// record of their kind, when every later batch is checked again under the lock.
struct Checked<Plan> {
    version: Option<i64>,
    plans: std::collections::VecDeque<Plan>,
    whole: bool,
}

/// How many units go in each write transaction.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Batching {
    /// Sized so a batch holds the write lock about [`BATCH_TIME`], whatever the
    /// machine: the first is small and each next one is sized by the last one's time.
    ByTime,
    /// Always this many, and never the whole file at once unless it fits in one
    /// batch (tests, to see several batches of a small file).
    #[cfg(test)]
    Fixed(usize),
}

/// How long one batch should hold the write lock: other warungs wait at most this
/// (plus [`BETWEEN_BATCHES`] and their own write) for an import, far below a till's
/// 5 s patience.
const BATCH_TIME: std::time::Duration = std::time::Duration::from_millis(200);

/// How long writing a file may hold the write lock for it to be published in one
/// transaction; a file that takes longer is published in parts of [`BATCH_TIME`]
/// (measured on the scale shop, release build: about 30,000 sale lines, see
/// BENCHMARKS.md). The commit comes on top, so other warungs wait well under a second.
const AT_ONCE_TIME: std::time::Duration = std::time::Duration::from_millis(350);

/// What came of publishing a file in one transaction.
enum AtOnce {
    Published,
    /// Rolled back: `units` were written in `took`, and more remained.
    TooLong {
        units: usize,
        took: std::time::Duration,
    },
}

/// How long the lock is left free after each batch. A connection waiting for the
/// lock does not queue: SQLite lets it sleep and try again, at most 100 ms apart, so
/// an import that took the lock again at once could keep a waiting till out for
/// seconds (measured: `config set` waited 2 s beside one).
const BETWEEN_BATCHES: std::time::Duration = std::time::Duration::from_millis(110);

impl Batching {
    /// How long writing may take for the file to be published in one transaction.
    fn at_once_time(self) -> std::time::Duration {
        match self {
            Batching::ByTime => AT_ONCE_TIME,
            #[cfg(test)]
            Batching::Fixed(_) => std::time::Duration::ZERO,
        }
    }

    fn first_size(self) -> usize {
        match self {
            Batching::ByTime => 100,
            #[cfg(test)]
            Batching::Fixed(size) => size,
        }
    }

    /// The size of the next batch after one of `size` units took `took`: scaled
    /// toward [`BATCH_TIME`], at most doubling or halving at a time.
    fn next_size(self, size: usize, took: std::time::Duration) -> usize {
        match self {
            Batching::ByTime => {
                let scaled = size as f64 * BATCH_TIME.as_secs_f64() / took.as_secs_f64().max(1e-6);
                (scaled as usize).clamp((size / 2).max(1), size * 2)
            }
            #[cfg(test)]
            Batching::Fixed(size) => size,
        }
    }
}

/// What the journal knows a file by: the kind, the options that change what is
/// written, and the file's bytes.
fn fingerprint(kind: &str, flags: &[bool], input: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(kind.as_bytes());
    hash.update(flags.iter().map(|&flag| u8::from(flag)).collect::<Vec<u8>>());
    hash.update(input);
    hex::encode(hash.finalize())
}

/// How long an import waits for other warungs' writes (other imports, each holding
/// the lock for one short batch at a time) before it gives up with "database is locked".
const IMPORT_LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(60);

/// The error that makes `Shop::write` roll back a batch whose rows no longer hold;
/// the import shows the problems found instead.
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
            Err(ImportError::Problems(problems)) => problems.iter().map(ToString::to_string).collect(),
            other => panic!("expected problems, got {other:?}"),
        }
    }

    pub fn audit_actions(shop: &Shop) -> Vec<String> {
        shop.recent_audit(100).unwrap().into_iter().map(|a| a.action).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::test_support::*;
    use super::*;
    use crate::clock::FixedClock;
    use crate::store::items::ItemFilter;

    #[test]
    fn summary_reads_as_a_sentence() {
        let summary = ImportSummary { created: 10, updated: 2, rows: 12, dry_run: false };
        assert_eq!(summary.to_string(), "12 rows: 10 created, 2 updated");
        let dry = ImportSummary { created: 1, updated: 0, rows: 1, dry_run: true };
        assert_eq!(dry.to_string(), "1 row: 1 created, 0 updated (dry run: nothing written)");
        assert_eq!(dry.text(Lang::Id), "1 baris: 1 dibuat, 0 diperbarui (uji coba: tidak ada yang ditulis)");
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
        let error = ImportError::from_problems(vec![
            Problem::at(3, "price", ImportProblem::Required),
            Problem::row(2, ImportProblem::CellWithoutColumn { cell: 4 }),
        ]);
        let row_2 = "cell 4 has a value but its column has no name in the header row";
        assert_eq!(error.to_string(), format!("row 2: {row_2}\nrow 3, column price: is required"));
        assert_eq!(
            error.text(Lang::Id),
            "baris 2: sel 4 berisi nilai tetapi kolomnya tidak bernama di baris judul\nbaris 3, kolom price: wajib diisi"
        );
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

    fn import_in_batches_of(
        shop: &mut Shop,
        size: usize,
        kind: ImportKind,
        csv: &str,
    ) -> Result<ImportSummary, ImportError> {
        shop.import_in(&owner(), kind, "", csv.as_bytes(), &ImportOptions::default(), Batching::Fixed(size))
    }

    /// (state, units done, units total) of every import run, oldest first.
    fn runs(shop: &Shop) -> Vec<(String, i64, i64)> {
        let conn = shop.store.conn();
        let mut stmt = conn.prepare("SELECT state, units_done, units_total FROM import_runs ORDER BY id").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
    }

    const FIVE_ITEMS: &str =
        "sku,name,price,stock\nA,Apel,1000,5\nB,Beras,12000,\nC,Cabe,500,\nD,Duku,800,2\nE,Ember,9000,\n";

    #[test]
    fn a_run_stopped_half_way_is_finished_by_the_same_file_and_only_then_audited() {
        let mut shop = shop();
        // The machine stops while writing D (the second batch of two rows).
        shop.store
            .conn()
            .execute_batch(
                "CREATE TEMP TRIGGER stop BEFORE INSERT ON items WHEN NEW.sku = 'D'
                 BEGIN SELECT RAISE(ABORT, 'power cut'); END",
            )
            .unwrap();
        let stopped = import_in_batches_of(&mut shop, 2, ImportKind::Items, FIVE_ITEMS).unwrap_err();
        assert!(
            matches!(stopped, ImportError::Unfinished { written: 2, total: 5, units: Units::Rows, .. }),
            "{stopped:?}"
        );
        assert_eq!(shop.items(&ItemFilter::default()).unwrap().len(), 2);
        assert_eq!(runs(&shop), [("publishing".to_string(), 2, 5)]);
        assert!(audit_actions(&shop).is_empty());

        shop.store.conn().execute_batch("DROP TRIGGER stop").unwrap();
        let rest = import_in_batches_of(&mut shop, 2, ImportKind::Items, FIVE_ITEMS).unwrap();
        assert_eq!(rest.to_string(), "3 rows: 3 created, 0 updated");
        assert_eq!(shop.items(&ItemFilter::default()).unwrap().len(), 5);
        assert_eq!(runs(&shop), [("done".to_string(), 5, 5)]);
        assert_eq!(audit_actions(&shop), ["import.items"]);
        // Done: the same file again is a new run, updating every item.
        let again = import(&mut shop, ImportKind::Items, "sku,name,price\nA,Apel,1100\n").unwrap();
        assert_eq!(again.to_string(), "1 row: 0 created, 1 updated");
        assert_eq!(runs(&shop).len(), 2);
    }

    #[test]
    fn a_file_that_fits_is_published_at_once_so_a_stop_while_writing_leaves_nothing() {
        let mut shop = shop();
        shop.store
            .conn()
            .execute_batch(
                "CREATE TEMP TRIGGER stop BEFORE INSERT ON items WHEN NEW.sku = 'D'
                 BEGIN SELECT RAISE(ABORT, 'power cut'); END",
            )
            .unwrap();
        let stopped = import(&mut shop, ImportKind::Items, FIVE_ITEMS).unwrap_err();
        assert!(matches!(stopped, ImportError::Service(_)), "{stopped:?}");
        assert!(shop.items(&ItemFilter::default()).unwrap().is_empty());
        assert_eq!(runs(&shop), []);
        assert_eq!(shop.doctor().unwrap(), []);
    }

    #[test]
    fn doctor_names_an_unfinished_run_with_its_file_and_it_can_be_given_up() {
        let mut shop = shop();
        shop.store
            .conn()
            .execute_batch(
                "CREATE TEMP TRIGGER stop BEFORE INSERT ON items WHEN NEW.sku = 'D'
                 BEGIN SELECT RAISE(ABORT, 'power cut'); END",
            )
            .unwrap();
        let options = ImportOptions { generate_barcodes: true, ..Default::default() };
        let csv = FIVE_ITEMS.as_bytes();
        let stopped = shop.import_in(&owner(), ImportKind::Items, "barang baru.csv", csv, &options, Batching::Fixed(2));
        assert!(matches!(stopped, Err(ImportError::Unfinished { written: 2, .. })), "{stopped:?}");
        let findings = shop.doctor().unwrap();
        assert_eq!(findings.len(), 1, "{findings:?}");
        let finding = findings[0].to_string();
        assert!(finding.starts_with("import run 1 (items from barang baru.csv, fingerprint "), "{finding}");
        assert!(
            finding.ends_with(
                "stopped with 2 of 5 rows written; finish it with `warung import items \"barang baru.csv\" \
                 --generate-barcodes` (the same file), or give it up with `warung import --abandon 1` (what it wrote stays)"
            ),
            "{finding}"
        );

        assert!(matches!(shop.abandon_import(&cashier(), 1), Err(ServiceError::Denied { .. })));
        assert_eq!(shop.abandon_import(&owner(), 1).unwrap().text(Lang::En), "run 1 given up: 2 of 5 rows kept");
        assert_eq!(shop.doctor().unwrap(), []);
        assert_eq!(runs(&shop), [("abandoned".to_string(), 2, 5)]);
        assert_eq!(audit_actions(&shop), ["import.abandon"]);
        let again = shop.abandon_import(&owner(), 1).unwrap_err();
        assert_eq!(again.to_string(), Refusal::ImportRunNotUnfinished { id: 1 }.to_string());
        assert_eq!(shop.items(&ItemFilter::default()).unwrap().len(), 2, "what it wrote stays");
    }

    #[test]
    fn a_run_another_warung_is_writing_too_is_left_to_it() {
        let mut shop = shop();
        // The same file in another warung wrote the second row right after this one
        // wrote the first.
        shop.store
            .conn()
            .execute_batch(
                "CREATE TEMP TRIGGER meanwhile AFTER UPDATE OF units_done ON import_runs WHEN NEW.units_done = 1
                 BEGIN UPDATE import_runs SET units_done = 2 WHERE id = NEW.id; END",
            )
            .unwrap();
        let stopped = import_in_batches_of(&mut shop, 1, ImportKind::Items, FIVE_ITEMS).unwrap_err();
        let ImportError::Unfinished { written: 1, total: 5, cause, .. } = stopped else { panic!("{stopped:?}") };
        assert_eq!(cause.to_string(), Refusal::ImportSameFileBusy.to_string());
    }

    /// A shop with item X, and the import by `run` of A and E (barcode 8990000000013)
    /// while another warung gives that barcode to X and holds the write lock until the
    /// import has checked the file and waits to write it. The shop (and the folder
    /// that holds its file) as the import left it, and what the import returned.
    fn import_while_e_barcode_is_taken<T: Send + 'static>(
        run: impl FnOnce(&mut Shop, &str) -> T + Send + 'static,
    ) -> (tempfile::TempDir, Shop, T) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shop.db");
        let clock = Arc::new(FixedClock::at_ms(1_700_000_000_000));
        let mut shop = Shop::open(&path, clock.clone()).unwrap();
        import(&mut shop, ImportKind::Items, "sku,name,price,barcode\nX,Lama,1,8991234567891\n").unwrap();
        let other = rusqlite::Connection::open(&path).unwrap();
        other
            .execute_batch(
                "BEGIN IMMEDIATE;
                 INSERT INTO item_barcodes (code, item_id) SELECT '8990000000013', id FROM items WHERE sku = 'X';",
            )
            .unwrap();
        let import = std::thread::spawn(move || {
            let mut shop = Shop::open(&path, clock).unwrap();
            run(&mut shop, "sku,name,price,barcode\nA,Apel,1000,\nE,Ember,9000,8990000000013\n")
        });
        // Checking two rows takes a few milliseconds; the lock is let go well after.
        std::thread::sleep(std::time::Duration::from_secs(1));
        other.execute_batch("COMMIT").unwrap();
        (dir, shop, import.join().unwrap())
    }

    #[test]
    fn a_batch_whose_records_changed_since_the_check_is_checked_again_under_the_lock() {
        let (_dir, shop, result) =
            import_while_e_barcode_is_taken(|shop, csv| import_in_batches_of(shop, 1, ImportKind::Items, csv));
        // A is written as checked again; E's barcode is X's now, and the plan of the
        // check (which would fail on it) is not trusted.
        let stopped = result.unwrap_err();
        let ImportError::Unfinished { written: 1, total: 2, cause, .. } = stopped else { panic!("{stopped:?}") };
        assert_eq!(problems(Err(*cause)), ["row 3, column barcode: 8990000000013 already belongs to X Lama"]);
        assert_eq!(shop.items(&ItemFilter::default()).unwrap().len(), 2);
    }

    #[test]
    fn a_barcode_taken_while_the_file_waits_to_be_published_publishes_nothing_and_names_the_row() {
        let (_dir, shop, refused) = import_while_e_barcode_is_taken(|shop, csv| {
            shop.import(&owner(), ImportKind::Items, csv.as_bytes(), &ImportOptions::default())
        });
        assert_eq!(problems(refused), ["row 3, column barcode: 8990000000013 already belongs to X Lama"]);
        assert_eq!(shop.items(&ItemFilter::default()).unwrap().len(), 1, "A is not in either");
        assert_eq!(runs(&shop), [("done".to_string(), 1, 1)], "only the first file's run");
    }

    #[test]
    fn rows_that_get_a_generated_code_are_written_after_the_codes_the_file_gives() {
        let mut shop = shop();
        let csv = "name,code\nTanpa Kode,\nBu Sri,M00001\n";
        import_in_batches_of(&mut shop, 1, ImportKind::Customers, csv).unwrap();
        let codes: Vec<(String, String)> = shop
            .store
            .conn()
            .prepare("SELECT name, code FROM customers ORDER BY code")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(codes, [("Bu Sri".into(), "M00001".into()), ("Tanpa Kode".into(), "M00002".into())]);
    }

    #[test]
    fn a_header_only_file_imports_nothing() {
        let mut shop = shop();
        let summary = import(&mut shop, ImportKind::Customers, "name,code\n").unwrap();
        assert_eq!(summary, ImportSummary::default());
    }
}
