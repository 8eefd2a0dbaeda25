//! What a service refuses, typed with its data, and its one sentence in each
//! language. This is the one place that lists them: a new refusal is a variant
//! here plus its two texts in [`Refusal::texts`], which the compiler checks are
//! both given; `every_refusal_speaks_both_languages` then checks they differ.

use std::fmt;

use crate::domain::cart::{CartError, Exception};
use crate::domain::phone::PhoneError;
use crate::domain::points::RedeemError;
use crate::domain::purchase::AdjustError;
use crate::domain::qris::QrisError;
use crate::domain::{Money, MoneyError, Qty};
use crate::hub::HubError;
use crate::lang::Lang;
use crate::reports::ReportProblem;
use crate::services::receipt::printer::PrinterProblem;
use crate::services::returns::MIN_REASON_CHARS;
use crate::services::settings::SettingProblem;

/// A request the shop's rules refuse; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, strum::EnumIter)]
pub enum Refusal {
    // Users and sign-in
    FirstUserNotOwner,
    NameControlCharacters,
    PinFormat,
    PinNotApprover,
    PasswordHash {
        detail: String,
    },
    // Shifts
    ShiftNeedsUser,
    OpeningFloatNegative,
    CountedCashNegative,
    ShiftAlreadyOpen {
        user: String,
    },
    NoOpenShift {
        user: String,
    },
    // Selling
    TenderNotPositive {
        method: String,
    },
    QrisAboveLimit {
        amount: Money,
    },
    PaymentShort {
        short: Money,
    },
    ChangeNotCash {
        change: Money,
    },
    Cart(CartError),
    SaleEmpty,
    PointsNeedMember,
    CreditNeedsCustomer,
    CreditOverLimit {
        customer: String,
        owed: Money,
        limit: Money,
    },
    ApprovalNeeded {
        exception: Exception,
    },
    /// `approver` approved `covers`, which do not include `exception`.
    ApprovalForOthers {
        exception: Exception,
        approver: String,
        covers: Vec<Exception>,
    },
    OversellRefused {
        item: String,
        had: Qty,
        wanted: Qty,
    },
    HeldSaleDamaged {
        id: i64,
        detail: String,
    },
    DueDate {
        detail: String,
    },
    ShopQris(QrisError),
    // Stock counts
    NoCountInProgress,
    CountInProgress {
        count: i64,
    },
    QuantityNotPositive,
    QuantityTooLarge,
    NotInCountedCategory {
        item: String,
        category: String,
    },
    CountChangedSince,
    Adjust(AdjustError),
    // Items
    Barcode {
        detail: String,
    },
    // Purchases and returns to suppliers
    ReturnNeedsItems,
    NotOnPurchase {
        line: usize,
        purchase: String,
    },
    LineQuantityNotPositive {
        line: usize,
    },
    ReturnMoreThanReceived {
        line: usize,
        item: String,
        left: Qty,
        received: Qty,
    },
    // Returns and voids
    VoidReasonTooShort {
        reason: String,
    },
    ReturnReasonTooShort {
        reason: String,
    },
    AlreadyVoid {
        invoice: String,
    },
    VoidAfterReturns {
        invoice: String,
    },
    VoidAfterPayment {
        invoice: String,
        paid: Money,
    },
    ReturnOfVoid {
        invoice: String,
    },
    ReturnNeedsApproval,
    NotOnCredit {
        invoice: String,
    },
    RefundAboveOwed {
        invoice: String,
        owed: Money,
        refund: Money,
    },
    RefundAbovePaid {
        invoice: String,
        paid: Money,
        refund: Money,
    },
    ChooseReturnLines,
    LineListedTwice {
        line: i64,
    },
    ReturnQuantityNotPositive {
        line: i64,
    },
    SaleHasNoLine {
        invoice: String,
        line: i64,
    },
    ReturnMoreThanSold {
        line: i64,
        sku: String,
        asked: Qty,
        left: Qty,
        sold: Qty,
    },
    // Debts owed by customers and to suppliers
    PaymentNotPositive,
    ReceivableOnCredit,
    PayableOnCredit,
    CustomerOwesNothing {
        customer: String,
    },
    NothingOwedToSupplier {
        supplier: String,
    },
    PaymentAboveDebt {
        customer: String,
        owed: Money,
        amount: Money,
    },
    PaymentAbovePayable {
        supplier: String,
        owed: Money,
        amount: Money,
    },
    PeriodBackwards {
        from: String,
        to: String,
    },
    Money(MoneyError),
    // Settings
    UnknownSetting {
        key: String,
    },
    BadSetting {
        key: String,
        problem: SettingProblem,
    },
    NotANumber {
        key: String,
    },
    PointsOff,
    Redeem(RedeemError),
    ReceiptWidth {
        width: usize,
    },
    Printer(PrinterProblem),
    // Receipt and message templates
    UnknownTemplate {
        name: String,
        known: String,
    },
    /// No category is called that or starts with it, or several start with it.
    CategoryNotOne {
        given: String,
        /// The categories that start with `given`, else every category.
        candidates: String,
        several: bool,
    },
    TemplateError {
        detail: String,
    },
    TemplateTooLongOutput {
        name: String,
        kib: usize,
    },
    TemplateTooLong {
        name: String,
        max: usize,
    },
    TemplateSample {
        detail: String,
        full_sample: bool,
        width: usize,
    },
    TemplateNotUtf8 {
        name: String,
    },
    TemplateParamsNotList {
        key: String,
        detail: String,
    },
    TemplateParamNoValue {
        key: String,
        param: String,
    },
    TemplateParamNotInText {
        key: String,
        param: String,
    },
    TemplateKeyFormat {
        key: String,
    },
    TemplateWaNameFormat {
        key: String,
    },
    TemplateWaLanguageEmpty {
        key: String,
    },
    TemplateTextEmpty {
        key: String,
    },
    TemplateTextTooLong {
        key: String,
        max: usize,
    },
    TemplateFreeTextParams {
        key: String,
    },
    TemplateParamNotAllowed {
        key: String,
        param: String,
        kind: String,
        allowed: String,
    },
    TemplateUnknownKind {
        key: String,
        kind: String,
    },
    TemplateKindFixed {
        key: String,
        kind: String,
    },
    // Messages and WhatsApp
    MessageNotRetryable {
        id: i64,
        status: String,
        allowed: String,
    },
    MessageNotCancellable {
        id: i64,
        status: String,
        allowed: String,
    },
    ReplyEmpty,
    ReplyWindowClosed {
        phone: String,
    },
    ReplyJustQueued,
    Phone(PhoneError),
    FromPhone(PhoneError),
    OrderNotOpen {
        order: i64,
        status: String,
    },
    OrderNoLongerOpen {
        order: i64,
    },
    SettingMissing {
        key: String,
        env: String,
    },
    HttpSetup {
        detail: String,
    },
    MessageFile {
        path: String,
        detail: String,
    },
    // Labels
    LabelsNeedItems,
    /// `skipped`: the items left out for want of a barcode, if any.
    NoLabels {
        skipped: String,
    },
    LabelProblem {
        detail: String,
    },
    PdfNeedsSheet,
    EscposNeedsRoll,
    SvgNeedsSheet,
    CopiesOutOfRange {
        max: u32,
    },
    // Background work and imports
    SegmentationCancelled,
    ImportSameFileBusy,
    // QRIS
    QrUnreadableImage {
        path: String,
        detail: String,
    },
    QrUnreadableCode {
        path: String,
        detail: String,
    },
    QrNone {
        path: String,
    },
    QrSeveral {
        path: String,
        count: usize,
    },
    QrEmpty,
    // The demo shop
    DemoNeedsEmptyShop,
    DemoNeedsOwner,
    DemoTime {
        when: String,
        detail: String,
    },
    DemoNoItems {
        detail: String,
    },
    DemoLinesDontFit {
        lines: u64,
        sales: u64,
        max: u32,
    },
    // Backups
    NoBackupFolder,
    RestoreOwnDatabase {
        path: String,
    },
    // Imports
    ImportRolledBack,
    ImportRunNotUnfinished {
        id: i64,
    },
    ImportSaleTooLarge {
        row: usize,
    },
    // Campaigns
    CampaignTemplateKind {
        template: String,
        kind: String,
    },
    NoSegmentation,
    UnknownSegment {
        label: String,
        known: String,
    },
    CampaignNeedsName,
    HoldoutRange,
    CampaignSent {
        id: i64,
    },
    CampaignEndFixed {
        id: i64,
    },
    CampaignEndsBeforeToday {
        last_day: String,
        today: String,
    },
    // Reports and the hub
    Report(ReportProblem),
    Hub(HubError),
    HubNotJoined,
    HubNoPassword,
    HubUrlNoPassword,
    // The command line
    NoShop {
        path: String,
    },
    ShopExists {
        path: String,
    },
    DemoFileExists {
        path: String,
    },
    /// An output file that is there already, without `--force`.
    FileExists {
        path: String,
    },
    CannotWrite {
        path: String,
        detail: String,
    },
    PasswordsDiffer,
    NoHomeFolder,
    BackupNeedsFile,
    AffectStockOnlySales,
    NoWebhooks {
        provider: String,
    },
    /// A command-line option whose value is wrong.
    BadFlag {
        flag: String,
        problem: ReportProblem,
    },
    NotClusterCount {
        text: String,
    },
}

impl Refusal {
    /// (English, Indonesian).
    fn texts(&self) -> (String, String) {
        use Refusal::*;
        match self {
            FirstUserNotOwner => ("the first user must be an owner".into(), "pengguna pertama harus pemilik".into()),
            NameControlCharacters => (
                format!("name {}", crate::domain::text::CONTROL_CHARACTERS),
                format!("nama {}", crate::domain::text::CONTROL_CHARACTERS_ID),
            ),
            PinFormat => ("a PIN is 4–8 digits".into(), "PIN terdiri dari 4–8 angka".into()),
            PinNotApprover => (
                "that PIN belongs to no manager or owner".into(),
                "PIN itu bukan milik manajer atau pemilik".into(),
            ),
            PasswordHash { detail } => (
                format!("could not secure the password: {detail}"),
                format!("kata sandi tidak bisa diamankan: {detail}"),
            ),
            TenderNotPositive { method } => (
                format!("{method} payment must be more than 0"),
                format!("pembayaran {method} harus lebih dari 0"),
            ),
            QrisAboveLimit { amount } => {
                let e = QrisError::AboveLimit(*amount);
                (e.text(Lang::En), e.text(Lang::Id))
            }
            PaymentShort { short } => (format!("payment is short by {short}"), format!("pembayaran kurang {short}")),
            ChangeNotCash { change } => (
                format!("only cash can be more than the total; the rest is {change} too much"),
                format!("hanya tunai yang boleh melebihi total; sisanya kelebihan {change}"),
            ),
            Cart(e) => (e.text(Lang::En), e.text(Lang::Id)),
            SaleEmpty => ("the sale has no items".into(), "penjualan belum ada barangnya".into()),
            PointsNeedMember => (
                "paying with points needs the member (F2)".into(),
                "bayar dengan poin perlu membernya (F2)".into(),
            ),
            CreditNeedsCustomer => (
                "a sale on credit needs a customer (F2)".into(),
                "penjualan kasbon perlu pelanggan (F2)".into(),
            ),
            CreditOverLimit { customer, owed, limit } => (
                format!(
                    "{customer} would owe {owed}, above the credit limit of {limit}; a manager must approve (F9 in the payment)"
                ),
                format!(
                    "piutang {customer} akan menjadi {owed}, melebihi limit kredit {limit}; perlu persetujuan manajer (F9 di pembayaran)"
                ),
            ),
            ApprovalNeeded { exception } => (
                format!("{}: a manager must approve (F9)", exception.text(Lang::En)),
                format!("{}: perlu persetujuan manajer (F9)", exception.text(Lang::Id)),
            ),
            ApprovalForOthers { exception, approver, covers } => {
                let covers = |lang| covers.iter().map(|e| e.text(lang)).collect::<Vec<_>>().join(", ");
                (
                    format!(
                        "{}: a manager must approve (F9); the approval by {approver} was for {} only",
                        exception.text(Lang::En),
                        covers(Lang::En)
                    ),
                    format!(
                        "{}: perlu persetujuan manajer (F9); persetujuan {approver} hanya untuk {}",
                        exception.text(Lang::Id),
                        covers(Lang::Id)
                    ),
                )
            }
            OversellRefused { item, had, wanted } => (
                format!("{item}: only {had} in stock, the sale wants {wanted} (stock.oversell = refuse)"),
                format!(
                    "{item}: stok hanya {}, penjualan butuh {} (stock.oversell = refuse)",
                    had.text_in(Lang::Id),
                    wanted.text_in(Lang::Id)
                ),
            ),
            HeldSaleDamaged { id, detail } => (
                format!("held sale {id} is damaged: {detail}"),
                format!("penjualan tertahan {id} rusak: {detail}"),
            ),
            DueDate { detail } => (format!("due date: {detail}"), format!("jatuh tempo salah: {detail}")),
            ShopQris(e) => (format!("qris.payload: {}", e.text(Lang::En)), format!("QRIS toko salah: {}", e.text(Lang::Id))),
            ShiftNeedsUser => (
                "shifts belong to a signed-in user; the command line has none".into(),
                "shift milik pengguna yang masuk; baris perintah tidak punya pengguna".into(),
            ),
            OpeningFloatNegative => {
                ("the opening float must not be negative".into(), "modal awal laci tidak boleh minus".into())
            }
            CountedCashNegative => ("the counted cash must not be negative".into(), "uang yang dihitung tidak boleh minus".into()),
            ShiftAlreadyOpen { user } => (
                format!("{user} already has an open shift; close it first"),
                format!("{user} masih punya shift terbuka; tutup dulu"),
            ),
            NoOpenShift { user } => (
                format!("{user} has no open shift to close"),
                format!("{user} tidak punya shift terbuka untuk ditutup"),
            ),
            NoCountInProgress => (
                "no stock count is in progress; start one first".into(),
                "tidak ada stok opname yang berjalan; mulai dulu".into(),
            ),
            CountInProgress { count } => (
                format!("stock count #{count} is already in progress; approve or cancel it first"),
                format!("stok opname #{count} sedang berjalan; setujui atau batalkan dulu"),
            ),
            QuantityNotPositive => ("quantity: must be more than 0".into(), "jumlah: harus lebih dari 0".into()),
            QuantityTooLarge => ("quantity: is too large".into(), "jumlah: terlalu besar".into()),
            NotInCountedCategory { item, category } => (
                format!("{item} is not in {category}, the category being counted"),
                format!("{item} tidak termasuk {category}, kategori yang sedang dihitung"),
            ),
            CountChangedSince => (
                "the count changed since you looked (more was counted or stock moved); check the new variance and approve again".into(),
                "hitungan berubah sejak Anda lihat (ada hitungan baru atau stok bergerak); periksa selisih yang baru lalu setujui lagi".into(),
            ),
            Adjust(e) => (e.text(Lang::En), e.text(Lang::Id)),
            Barcode { detail } => (format!("barcode: {detail}"), format!("barcode bermasalah: {detail}")),
            ReturnNeedsItems => (
                "pick at least one item to return".into(),
                "pilih minimal satu barang untuk diretur".into(),
            ),
            NotOnPurchase { line, purchase } => (
                format!("line {line}: that item is not on {purchase}"),
                format!("baris {line}: barang itu tidak ada di {purchase}"),
            ),
            LineQuantityNotPositive { line } => (
                format!("quantity: line {line}: must be more than 0"),
                format!("jumlah: baris {line}: harus lebih dari 0"),
            ),
            ReturnMoreThanReceived { line, item, left, received } => (
                format!("quantity: line {line}: {item} — only {left} of {received} can still go back"),
                format!(
                    "jumlah: baris {line}: {item} — hanya {} dari {} yang masih bisa diretur",
                    left.text_in(Lang::Id),
                    received.text_in(Lang::Id)
                ),
            ),
            VoidReasonTooShort { reason } => (
                format!(
                    "give a reason for the void of at least {MIN_REASON_CHARS} letters (e.g. 'wrong item'), not '{reason}'"
                ),
                format!("isi alasan pembatalan minimal {MIN_REASON_CHARS} huruf (misalnya 'salah barang'), bukan '{reason}'"),
            ),
            ReturnReasonTooShort { reason } => (
                format!(
                    "give a reason for the return of at least {MIN_REASON_CHARS} letters (e.g. 'wrong item'), not '{reason}'"
                ),
                format!("isi alasan retur minimal {MIN_REASON_CHARS} huruf (misalnya 'salah barang'), bukan '{reason}'"),
            ),
            AlreadyVoid { invoice } => {
                (format!("sale {invoice} is already void"), format!("penjualan {invoice} sudah dibatalkan"))
            }
            VoidAfterReturns { invoice } => (
                format!("sale {invoice} already has returns; return the rest of it instead of voiding"),
                format!("penjualan {invoice} sudah ada returnya; retur sisanya, jangan dibatalkan"),
            ),
            VoidAfterPayment { invoice, paid } => (
                format!("{paid} has already been paid on the debt of sale {invoice}; take a return instead of a void"),
                format!("piutang penjualan {invoice} sudah dibayar {paid}; lakukan retur, bukan pembatalan"),
            ),
            ReturnOfVoid { invoice } => (
                format!("sale {invoice} is void; there is nothing to return"),
                format!("penjualan {invoice} sudah dibatalkan; tidak ada yang bisa diretur"),
            ),
            ReturnNeedsApproval => (
                "a return needs a manager's or owner's approval (PIN)".into(),
                "retur perlu persetujuan manajer atau pemilik (PIN)".into(),
            ),
            NotOnCredit { invoice } => (
                format!("sale {invoice} was not on credit; refund in cash"),
                format!("penjualan {invoice} bukan kasbon; kembalikan uang tunai"),
            ),
            RefundAboveOwed { invoice, owed, refund } => (
                format!("only {owed} is still owed on sale {invoice}, less than the refund of {refund}; refund in cash"),
                format!(
                    "sisa piutang penjualan {invoice} hanya {owed}, kurang dari pengembalian {refund}; kembalikan uang tunai"
                ),
            ),
            RefundAbovePaid { invoice, paid, refund } => (
                format!(
                    "only {paid} of sale {invoice} was paid, less than the refund of {refund}; refund to the receivable"
                ),
                format!(
                    "penjualan {invoice} baru dibayar {paid}, kurang dari pengembalian {refund}; potong dari piutangnya"
                ),
            ),
            ChooseReturnLines => ("choose the lines to return".into(), "pilih baris yang diretur".into()),
            LineListedTwice { line } => (format!("line {line} is listed twice"), format!("baris {line} tercantum dua kali")),
            ReturnQuantityNotPositive { line } => (
                format!("line {line}: the quantity to return must be more than 0"),
                format!("baris {line}: jumlah retur harus lebih dari 0"),
            ),
            SaleHasNoLine { invoice, line } => {
                (format!("sale {invoice} has no line {line}"), format!("penjualan {invoice} tidak punya baris {line}"))
            }
            ReturnMoreThanSold { line, sku, asked, left, sold } => (
                format!("line {line} ({sku}): {asked} asked back but only {left} of {sold} is left to return"),
                format!(
                    "baris {line} ({sku}): diminta {}, padahal yang bisa diretur tinggal {} dari {}",
                    asked.text_in(Lang::Id),
                    left.text_in(Lang::Id),
                    sold.text_in(Lang::Id)
                ),
            ),
            PaymentNotPositive => {
                ("amount: a payment must be more than 0".into(), "jumlah: pembayaran harus lebih dari 0".into())
            }
            ReceivableOnCredit => (
                "a debt cannot be paid on credit; take cash, transfer or QRIS".into(),
                "piutang tidak bisa dibayar dengan kasbon; terima tunai, transfer atau QRIS".into(),
            ),
            PayableOnCredit => (
                "a debt cannot be paid on credit; pay cash, transfer or QRIS".into(),
                "utang tidak bisa dibayar dengan kasbon; bayar tunai, transfer atau QRIS".into(),
            ),
            CustomerOwesNothing { customer } => {
                (format!("{customer} owes nothing"), format!("{customer} tidak punya piutang"))
            }
            NothingOwedToSupplier { supplier } => (
                format!("nothing is owed to {supplier} there"),
                format!("tidak ada utang ke {supplier} di situ"),
            ),
            PaymentAboveDebt { customer, owed, amount } => (
                format!("{customer} owes {owed}; a payment of {amount} is more than that"),
                format!("piutang {customer} {owed}; pembayaran {amount} melebihi itu"),
            ),
            PaymentAbovePayable { supplier, owed, amount } => (
                format!("amount: {amount} is more than the {owed} owed to {supplier}"),
                format!("jumlah: {amount} melebihi utang {owed} ke {supplier}"),
            ),
            PeriodBackwards { from, to } => (
                format!("the statement starts ({from}) after it ends ({to})"),
                format!("awal laporan ({from}) sesudah akhirnya ({to})"),
            ),
            Money(e) => (e.text(Lang::En), e.text(Lang::Id)),
            UnknownSetting { key } => (
                format!("unknown setting '{key}' (see `warung config get` for the list)"),
                format!("pengaturan '{key}' tidak dikenal (lihat daftarnya dengan `warung config get`)"),
            ),
            BadSetting { key, problem } => (format!("{key} {}", problem.text(Lang::En)), format!("{key} {}", problem.text(Lang::Id))),
            NotANumber { key } => (format!("{key} is not a number"), format!("{key} bukan angka")),
            PointsOff => (
                "points are switched off (points.enabled)".into(),
                "poin sedang dimatikan (points.enabled)".into(),
            ),
            Redeem(e) => (e.text(Lang::En), e.text(Lang::Id)),
            Printer(problem) => (format!("printer: {}", problem.text(Lang::En)), format!("printer: {}", problem.text(Lang::Id))),
            ReceiptWidth { width } => (
                format!("receipt width must be 32 or 48, not {width}"),
                format!("lebar struk harus 32 atau 48, bukan {width}"),
            ),
            CategoryNotOne { given, candidates, several: true } => (
                format!("category '{given}' could be any of {candidates}: write more of the name"),
                format!("kategori '{given}' bisa berarti {candidates}: tulis namanya lebih lengkap"),
            ),
            CategoryNotOne { given, candidates, .. } if candidates.is_empty() => (
                format!("category '{given}' not found (the shop has no categories yet)"),
                format!("kategori '{given}' tidak ditemukan (toko belum punya kategori)"),
            ),
            CategoryNotOne { given, candidates, several: false } => (
                format!("category '{given}' not found (there are: {candidates})"),
                format!("kategori '{given}' tidak ditemukan (yang ada: {candidates})"),
            ),
            UnknownTemplate { name, known } => (
                format!("template '{name}' not found (there are: {known})"),
                format!("template '{name}' tidak ditemukan (yang ada: {known})"),
            ),
            TemplateError { detail } => (detail.clone(), format!("template salah: {detail}")),
            TemplateTooLongOutput { name, kib } => (
                format!(
                    "template {name}: its text would be longer than {kib} KiB; shorten it (a repeated string or a loop too long?)"
                ),
                format!(
                    "template {name}: hasilnya lebih dari {kib} KiB; persingkat (ada teks berulang atau perulangan terlalu panjang?)"
                ),
            ),
            TemplateTooLong { name, max } => (
                format!("template {name} is longer than {max} characters"),
                format!("template {name} lebih dari {max} karakter"),
            ),
            TemplateSample { detail, full_sample, width } => {
                let (sample_en, sample_id) = if *full_sample {
                    (
                        "a sample sale with a customer, credit, discounts and tax",
                        "contoh penjualan dengan pelanggan, kasbon, diskon dan pajak",
                    )
                } else {
                    ("a sample cash sale with no customer", "contoh penjualan tunai tanpa pelanggan")
                };
                (
                    format!("{detail}; seen rendering {sample_en} at {width} columns"),
                    format!("template salah: {detail}; terlihat saat mencetak {sample_id} dengan lebar {width} kolom"),
                )
            }
            TemplateNotUtf8 { name } => (
                format!("template {name}: its text is not valid UTF-8"),
                format!("template {name}: teksnya bukan UTF-8 yang sah"),
            ),
            TemplateParamsNotList { key, detail } => (
                format!("template {key}: wa_params is not a list of names: {detail}"),
                format!("template {key}: wa_params bukan daftar nama: {detail}"),
            ),
            TemplateParamNoValue { key, param } => (
                format!("template {key}: WhatsApp parameter {param} has no value"),
                format!("template {key}: parameter WhatsApp {param} tidak punya nilai"),
            ),
            TemplateParamNotInText { key, param } => (
                format!(
                    "template {key}: WhatsApp parameter {param} does not appear in its text; add {{{{ {param} }}}} or take it out of the parameters"
                ),
                format!(
                    "template {key}: parameter WhatsApp {param} tidak ada di teksnya; tambahkan {{{{ {param} }}}} atau hapus dari parameter"
                ),
            ),
            TemplateKeyFormat { key } => (
                format!("template {key}: the key must be lower-case letters, digits and _"),
                format!("template {key}: kuncinya hanya boleh huruf kecil, angka dan _"),
            ),
            TemplateKindFixed { key, kind } => (
                format!("template {key} is a {kind} template; its kind cannot change"),
                format!("template {key} berjenis {kind}; jenisnya tidak bisa diubah"),
            ),
            TemplateWaNameFormat { key } => (
                format!("template {key}: the WhatsApp name must be lower-case letters, digits and _ (as approved by Meta)"),
                format!("template {key}: nama WhatsApp hanya boleh huruf kecil, angka dan _ (seperti disetujui Meta)"),
            ),
            TemplateWaLanguageEmpty { key } => (
                format!("template {key}: the WhatsApp language is empty (for example id)"),
                format!("template {key}: bahasa WhatsApp kosong (misalnya id)"),
            ),
            TemplateTextEmpty { key } => {
                (format!("template {key}: the text is empty"), format!("template {key}: teksnya kosong"))
            }
            TemplateTextTooLong { key, max } => (
                format!("template {key}: the text is longer than the {max} characters WhatsApp allows"),
                format!("template {key}: teksnya lebih dari {max} karakter yang diizinkan WhatsApp"),
            ),
            TemplateFreeTextParams { key } => (
                format!("template {key}: the assistant's texts are free text: they have no WhatsApp parameters"),
                format!("template {key}: teks asisten adalah teks bebas: tidak punya parameter WhatsApp"),
            ),
            TemplateParamNotAllowed { key, param, kind, allowed } => (
                format!("template {key}: WhatsApp parameter {param} is not a {kind} variable (use {allowed})"),
                format!("template {key}: parameter WhatsApp {param} bukan variabel {kind} (pakai {allowed})"),
            ),
            TemplateUnknownKind { key, kind } => (
                format!("template {key}: unknown kind '{kind}'"),
                format!("template {key}: jenis '{kind}' tidak dikenal"),
            ),
            MessageNotRetryable { id, status, allowed } => (
                format!("message {id} is {status}; only {allowed} messages can be sent again"),
                format!("pesan {id} berstatus {status}; hanya pesan {allowed} yang bisa dikirim ulang"),
            ),
            MessageNotCancellable { id, status, allowed } => (
                format!("message {id} is {status}; only {allowed} messages can be cancelled"),
                format!("pesan {id} berstatus {status}; hanya pesan {allowed} yang bisa dibatalkan"),
            ),
            ReplyEmpty => ("the reply is empty".into(), "balasannya kosong".into()),
            ReplyWindowClosed { phone } => (
                format!("{phone} has not written in the last 24 hours: WhatsApp allows only templates now"),
                format!("{phone} tidak menulis dalam 24 jam terakhir: WhatsApp kini hanya mengizinkan template"),
            ),
            ReplyJustQueued => (
                "a reply was just queued; wait a moment".into(),
                "balasan baru saja diantrekan; tunggu sebentar".into(),
            ),
            Phone(e) => (e.text(Lang::En), e.text(Lang::Id)),
            FromPhone(e) => (format!("--from: {}", e.text(Lang::En)), format!("--from: {}", e.text(Lang::Id))),
            OrderNotOpen { order, status } => (
                format!("order #{order} is {status}, not open"),
                format!("pesanan #{order} berstatus {status}, tidak terbuka"),
            ),
            OrderNoLongerOpen { order } => (
                format!(
                    "WhatsApp order #{order} is no longer open (cancelled or already rung up); clear it from the sale"
                ),
                format!(
                    "pesanan WhatsApp #{order} sudah tidak terbuka (dibatalkan atau sudah dijual); hapus dari penjualan"
                ),
            ),
            SettingMissing { key, env } => (
                format!("{key} is not set: `warung config set {key} …` or the environment variable {env}"),
                format!("{key} belum diisi: `warung config set {key} …` atau variabel lingkungan {env}"),
            ),
            HttpSetup { detail } => {
                (format!("could not set up HTTP: {detail}"), format!("HTTP tidak bisa disiapkan: {detail}"))
            }
            MessageFile { path, detail } => (
                format!("could not open the message file {path}: {detail}"),
                format!("berkas pesan {path} tidak bisa dibuka: {detail}"),
            ),
            LabelsNeedItems => (
                "say which items: SKUs, --category, --purchase, --changed-since or --missing-barcode".into(),
                "sebutkan barangnya: SKU, --category, --purchase, --changed-since atau --missing-barcode".into(),
            ),
            NoLabels { skipped } if skipped.is_empty() => {
                ("No labels to print".into(), "Tidak ada label untuk dicetak".into())
            }
            NoLabels { skipped } => (
                format!("No labels to print · no barcode, skipped: {skipped} (b makes one)"),
                format!("Tidak ada label untuk dicetak · tanpa barcode, dilewati: {skipped} (b membuatnya)"),
            ),
            LabelProblem { detail } => (detail.clone(), format!("label bermasalah: {detail}")),
            PdfNeedsSheet => (
                "a PDF needs a sheet layout (a4-…, or custom:…), not a roll".into(),
                "PDF perlu tata letak lembar (a4-…, atau custom:…), bukan gulungan".into(),
            ),
            EscposNeedsRoll => (
                "ESC/POS needs a roll layout: roll-58 or roll-80".into(),
                "ESC/POS perlu tata letak gulungan: roll-58 atau roll-80".into(),
            ),
            SvgNeedsSheet => (
                "an SVG needs a sheet layout for its label size (a4-…, or custom:…)".into(),
                "SVG perlu tata letak lembar untuk ukuran labelnya (a4-…, atau custom:…)".into(),
            ),
            SegmentationCancelled => ("segmentation cancelled".into(), "segmentasi dibatalkan".into()),
            ImportSameFileBusy => (
                "another warung is importing this same file right now; let it finish".into(),
                "warung lain sedang mengimpor berkas yang sama; tunggu sampai selesai".into(),
            ),
            CopiesOutOfRange { max } => (
                format!("Copies must be a whole number from 1 to {max}"),
                format!("Jumlah harus bilangan bulat 1 sampai {max}"),
            ),
            QrUnreadableImage { path, detail } => (
                format!("{path}: not a PNG or JPEG image I can read ({detail})"),
                format!("{path}: bukan gambar PNG atau JPEG yang bisa dibaca ({detail})"),
            ),
            QrUnreadableCode { path, detail } => (
                format!("{path}: the QR code cannot be read ({detail})"),
                format!("{path}: kode QR tidak bisa dibaca ({detail})"),
            ),
            QrNone { path } => (
                format!("{path}: no QR code found; photograph it straight and sharp, or paste the payload text"),
                format!("{path}: tidak ada kode QR; foto lurus dan tajam, atau tempel teks payload-nya"),
            ),
            QrSeveral { path, count } => (
                format!("{path}: {count} QR codes found; crop the image to the shop's QRIS"),
                format!("{path}: ada {count} kode QR; potong gambarnya hingga hanya QRIS toko"),
            ),
            DemoNeedsEmptyShop => (
                "this shop already has users or items; generate the demo into a new, empty database".into(),
                "toko ini sudah punya pengguna atau barang; buat demo di basis data baru yang kosong".into(),
            ),
            DemoNeedsOwner => ("a shop needs an owner".into(), "toko perlu pemilik".into()),
            DemoTime { when, detail } => (
                format!("cannot place {when} in the shop's time zone: {detail}"),
                format!("{when} tidak bisa ditempatkan di zona waktu toko: {detail}"),
            ),
            DemoNoItems { detail } => (
                format!("cannot simulate sales without items to sell: {detail}"),
                format!("penjualan tidak bisa disimulasikan tanpa barang: {detail}"),
            ),
            DemoLinesDontFit { lines, sales, max } => (
                format!("{lines} lines cannot fill {sales} sales of 1–{max} lines each"),
                format!("{lines} baris tidak cukup untuk {sales} penjualan berisi 1–{max} baris"),
            ),
            NoBackupFolder => (
                "an in-memory shop has no backup folder".into(),
                "toko di memori tidak punya folder cadangan".into(),
            ),
            RestoreOwnDatabase { path } => (
                format!("{path} is the shop's own database"),
                format!("{path} adalah basis data toko ini sendiri"),
            ),
            ImportRolledBack => ("import rolled back".into(), "impor dibatalkan seluruhnya".into()),
            ImportRunNotUnfinished { id } => (
                format!("no unfinished import has number {id}; `warung doctor` lists the unfinished ones"),
                format!("tidak ada impor belum selesai bernomor {id}; `warung doctor` menampilkan yang belum selesai"),
            ),
            ImportSaleTooLarge { row } => (
                format!("row {row}: the sale's total is too large"),
                format!("baris {row}: total penjualannya terlalu besar"),
            ),
            CampaignTemplateKind { template, kind } => (
                format!("template {template} is a {kind} template; campaigns use campaign templates (such as promo)"),
                format!("template {template} berjenis {kind}; kampanye memakai template kampanye (seperti promo)"),
            ),
            NoSegmentation => (
                "there is no segmentation yet: run `warung segment` first, or send to every opted-in customer".into(),
                "belum ada segmentasi: jalankan dulu `warung segment`, atau kirim ke semua pelanggan yang setuju".into(),
            ),
            UnknownSegment { label, known } => (
                format!("segment '{label}' is not in the latest segmentation (there are: {known})"),
                format!("segmen '{label}' tidak ada di segmentasi terakhir (yang ada: {known})"),
            ),
            CampaignNeedsName => ("the campaign needs a name".into(), "kampanye perlu nama".into()),
            HoldoutRange => (
                "holdout must be between 0 and 100%".into(),
                "holdout harus antara 0 dan 100%".into(),
            ),
            CampaignSent { id } => {
                (format!("campaign {id} was sent already"), format!("kampanye {id} sudah dikirim"))
            }
            CampaignEndFixed { id } => (
                format!("campaign {id} was sent already; its end cannot change"),
                format!("kampanye {id} sudah dikirim; akhirnya tidak bisa diubah"),
            ),
            CampaignEndsBeforeToday { last_day, today } => (
                format!("the campaign cannot end on {last_day}, before today ({today})"),
                format!("kampanye tidak bisa berakhir {last_day}, sebelum hari ini ({today})"),
            ),
            QrEmpty => ("the QR is empty".into(), "QR-nya kosong".into()),
            Report(problem) => (problem.text(Lang::En), problem.text(Lang::Id)),
            Hub(e) => (e.text(Lang::En), e.text(Lang::Id)),
            HubNotJoined => (
                "this shop has not joined a hub: run `warung hub join --url URL --shop CODE`".into(),
                "toko ini belum bergabung ke hub: jalankan `warung hub join --url URL --shop KODE`".into(),
            ),
            HubNoPassword => (
                "no password for the hub: set WARUNG_HUB_PASSWORD, or run `warung hub join` with the URL that has it"
                    .into(),
                "kata sandi hub belum ada: isi WARUNG_HUB_PASSWORD, atau jalankan `warung hub join` dengan URL yang memuatnya"
                    .into(),
            ),
            HubUrlNoPassword => (
                "the hub URL has no password: put it in the URL or in WARUNG_HUB_PASSWORD".into(),
                "URL hub tidak memuat kata sandi: masukkan ke URL atau ke WARUNG_HUB_PASSWORD".into(),
            ),
            NoShop { path } => (
                format!("no shop at {path} (create one with `warung init`, or pass --db PATH)"),
                format!("tidak ada toko di {path} (buat dengan `warung init`, atau beri --db PATH)"),
            ),
            ShopExists { path } => (
                format!("{path} already has a shop; refusing to initialise it again"),
                format!("{path} sudah berisi toko; tidak akan dibuat ulang"),
            ),
            DemoFileExists { path } => (
                format!("{path} already exists; `warung demo --db` only creates a new file"),
                format!("{path} sudah ada; `warung demo --db` hanya membuat berkas baru"),
            ),
            FileExists { path } => (
                format!("{path} already exists (use --force to replace it)"),
                format!("{path} sudah ada (pakai --force untuk menggantinya)"),
            ),
            CannotWrite { path, detail } => (
                format!("cannot write to {path}: {detail}"),
                format!("tidak bisa menulis ke {path}: {detail}"),
            ),
            PasswordsDiffer => ("the two passwords differ".into(), "kedua kata sandi berbeda".into()),
            NoHomeFolder => (
                "cannot find a home folder; pass --db PATH".into(),
                "folder rumah tidak ditemukan; beri --db PATH".into(),
            ),
            BackupNeedsFile => (
                "give a FILE to back up to, or --auto for the daily backup".into(),
                "beri FILE tujuan cadangan, atau --auto untuk cadangan harian".into(),
            ),
            AffectStockOnlySales => (
                "--affect-stock applies only to `warung import sales`".into(),
                "--affect-stock hanya berlaku untuk `warung import sales`".into(),
            ),
            NoWebhooks { provider } => (
                format!(
                    "messaging.provider is {provider}: it has no webhooks. Set messaging.provider to whatsapp_cloud or fonnte first"
                ),
                format!(
                    "messaging.provider berisi {provider}: penyedia ini tidak punya webhook. Isi dulu messaging.provider dengan whatsapp_cloud atau fonnte"
                ),
            ),
            BadFlag { flag, problem } => {
                (format!("{flag}: {}", problem.text(Lang::En)), format!("{flag}: {}", problem.text(Lang::Id)))
            }
            NotClusterCount { text } => (
                format!("--k: '{text}' is not a number of clusters (use 1 to 20, or auto)"),
                format!("--k: '{text}' bukan jumlah klaster (pakai 1 sampai 20, atau auto)"),
            ),
        }
    }

    /// The one sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let (en, id) = self.texts();
        match lang {
            Lang::En => en,
            Lang::Id => id,
        }
    }
}

/// English, for logs and tests; users read [`Refusal::text`].
impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// Something asked for by its number, code or name that the shop does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub thing: Thing,
    pub key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum Thing {
    Item,
    ItemsInCategory,
    Code,
    Customer,
    Supplier,
    Purchase,
    Sale,
    Invoice,
    HeldSale,
    User,
    Shift,
    MessageTemplate,
    MessageTemplateOfKind,
    Message,
    Campaign,
    Order,
    SegmentRun,
}

impl Thing {
    /// This thing, found by `key`.
    pub fn key(self, key: impl fmt::Display) -> Missing {
        Missing { thing: self, key: key.to_string() }
    }

    /// (English, Indonesian) name.
    fn names(self) -> (&'static str, &'static str) {
        use Thing::*;
        match self {
            Item => ("item", "barang"),
            ItemsInCategory => ("items in category", "barang di kategori"),
            Code => ("code", "kode"),
            Customer => ("customer", "pelanggan"),
            Supplier => ("supplier", "pemasok"),
            Purchase => ("purchase", "pembelian"),
            Sale => ("sale", "penjualan"),
            Invoice => ("invoice", "nota"),
            HeldSale => ("held sale", "penjualan tertahan"),
            User => ("user", "pengguna"),
            Shift => ("shift", "shift"),
            MessageTemplate => ("message template", "template pesan"),
            MessageTemplateOfKind => ("message template of kind", "template pesan berjenis"),
            Message => ("message", "pesan"),
            Campaign => ("campaign", "kampanye"),
            Order => ("order", "pesanan"),
            SegmentRun => ("segment run", "segmentasi"),
        }
    }
}

impl Missing {
    pub fn text(&self, lang: Lang) -> String {
        let (en, id) = self.thing.names();
        match lang {
            Lang::En => format!("{en} {} not found", self.key),
            Lang::Id => format!("{id} {} tidak ditemukan", self.key),
        }
    }
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;
    use crate::services::AuthError;

    /// Every refusal: each variant (with empty data, as `EnumIter` makes them) and
    /// each variant of the errors a refusal carries.
    fn every_refusal() -> Vec<Refusal> {
        let mut all: Vec<Refusal> = Refusal::iter().collect();
        all.extend(MoneyError::iter().map(Refusal::Money));
        all.extend(CartError::iter().map(Refusal::Cart));
        all.extend(RedeemError::iter().map(Refusal::Redeem));
        all.extend(AdjustError::iter().map(Refusal::Adjust));
        all.extend(PhoneError::iter().map(Refusal::Phone));
        all.extend(HubError::iter().map(Refusal::Hub));
        all.extend(QrisError::iter().map(Refusal::ShopQris));
        all.extend(PrinterProblem::iter().map(Refusal::Printer));
        all.extend(ReportProblem::iter().map(Refusal::Report));
        all.extend(SettingProblem::iter().map(|problem| Refusal::BadSetting { key: "store.name".into(), problem }));
        all
    }

    #[test]
    fn every_refusal_speaks_both_languages() {
        for refusal in every_refusal() {
            let (en, id) = (refusal.text(Lang::En), refusal.text(Lang::Id));
            assert!(!id.trim().is_empty(), "{refusal:?} has no Indonesian text");
            assert_ne!(en, id, "{refusal:?} says the same in both languages");
            assert_eq!(refusal.to_string(), en, "Display is the English text");
        }
        for thing in Thing::iter() {
            let missing = thing.key("X1");
            assert_ne!(missing.text(Lang::En), missing.text(Lang::Id), "{thing:?}");
        }
        for auth in AuthError::iter() {
            assert_ne!(auth.text(Lang::En), auth.text(Lang::Id), "{auth:?}");
        }
    }

    #[test]
    fn a_refusal_reads_naturally_in_each_language() {
        let refusal = Refusal::PaymentAboveDebt {
            customer: "Bu Sri".into(),
            owed: Money::new(50_000),
            amount: Money::new(60_000),
        };
        assert_eq!(refusal.text(Lang::En), "Bu Sri owes Rp 50.000; a payment of Rp 60.000 is more than that");
        assert_eq!(refusal.text(Lang::Id), "piutang Bu Sri Rp 50.000; pembayaran Rp 60.000 melebihi itu");
        assert_eq!(Thing::Item.key("SKU9").text(Lang::Id), "barang SKU9 tidak ditemukan");
        let denied = crate::services::ServiceError::Denied {
            role: crate::domain::Role::Cashier,
            permission: crate::domain::Permission::VoidSale,
            action: "void sales",
        };
        assert_eq!(denied.text(Lang::En), "a cashier may not void sales; ask an owner or manager");
        assert_eq!(denied.text(Lang::Id), "kasir tidak boleh membatalkan penjualan; minta pemilik atau manajer");
    }
}
