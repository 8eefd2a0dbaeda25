//! What screens ask the app to do. Screens never hold a database handle: they turn
//! keys into these, and the app runs them through the services.

use crate::domain::master::{CustomerForm, ItemForm, SupplierForm};
use crate::domain::purchase::AdjustReason;
use crate::domain::refund::RefundMethod;
use crate::domain::{Money, PaymentMethod, Qty};
use crate::reports::Format;
use crate::services::checkout::{CheckoutRequest, OpenSale};
use crate::services::messages::MessageTemplate;
use crate::services::purchases::PurchaseRequest;
use crate::services::reports::ReportRequest;
use crate::tui::screens::messages::CampaignDraft;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Module {
    Dashboard,
    Cashier,
    Purchases,
    MasterData,
    StockTaking,
    Reports,
    Customers,
    Messages,
    Settings,
}

impl Module {
    pub const ALL: [Module; 9] = [
        Module::Dashboard,
        Module::Cashier,
        Module::Purchases,
        Module::MasterData,
        Module::StockTaking,
        Module::Reports,
        Module::Customers,
        Module::Messages,
        Module::Settings,
    ];

    /// Its Alt+digit.
    pub fn number(self) -> usize {
        Module::ALL.iter().position(|m| *m == self).unwrap_or(0) + 1
    }

    pub fn title(self) -> (&'static str, &'static str) {
        match self {
            Module::Dashboard => ("Dashboard", "Dasbor"),
            Module::Cashier => ("Cashier", "Kasir"),
            Module::Purchases => ("Purchases", "Pembelian"),
            Module::MasterData => ("Master data", "Data master"),
            Module::StockTaking => ("Stock-taking", "Stok opname"),
            Module::Reports => ("Reports", "Laporan"),
            Module::Customers => ("Customers & CRM", "Pelanggan & CRM"),
            Module::Messages => ("Messages", "Pesan"),
            Module::Settings => ("Settings", "Pengaturan"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordAction<F> {
    Load { text: String, include_archived: bool },
    Save { id: Option<i64>, form: F },
    SetActive { id: i64, active: bool },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Login {
        username: String,
        password: String,
    },
    /// First run: create the shop's owner.
    Setup {
        store_name: String,
        username: String,
        password: String,
    },
    Logout,
    Quit,
    GoTo(Module),
    OpenPalette,
    ToggleHelp,
    Items(RecordAction<ItemForm>),
    GenerateBarcode(i64),
    Labels(LabelsAction),
    LoadCategories,
    Customers(RecordAction<CustomerForm>),
    Suppliers(RecordAction<SupplierForm>),
    SaveSetting {
        key: String,
        value: String,
    },
    Cashier(CashierAction),
    Receivables(ReceivablesAction),
    Reports(ReportsAction),
    Purchases(PurchasesAction),
    StockTake(StockTakeAction),
    Messages(MessagesAction),
    Segments(SegmentsAction),
    /// The Health tab's figures: before/after WhatsApp and the peak times.
    LoadHealth,
    /// The Recommendations tab's figures: what refill reminders and till suggestions earned.
    LoadRecommendations,
    /// The newest segment of the customer selected on Customers & CRM.
    CustomerSegment(i64),
    /// Open Messages → Campaigns with a new campaign for this segment (None: every
    /// opted-in customer); e.g. from a segment on the analytics screen.
    StartCampaign {
        segment: Option<String>,
    },
}

/// Which items labels are printed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelSource {
    /// Items marked on Master data (ids).
    Items(Vec<i64>),
    /// What a purchase received (its number).
    Purchase(String),
}

/// Printing labels from Master data or Purchases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelsAction {
    /// Open the print dialog (the app fills in the remembered layout).
    Ask(LabelSource),
    /// Print: copies per item (empty: one per unit received), kind and layout as typed.
    Print { source: LabelSource, copies: String, kind: String, layout: String },
}

/// What the Messages screen asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessagesAction {
    /// Everything the screen shows (the outbox by the screen's filter).
    Load,
    Retry(i64),
    Cancel(i64),
    ReadInbox(i64),
    /// A customer's conversation (marking message `read` read, if given).
    OpenThread {
        phone: String,
        read: Option<i64>,
    },
    /// The owner's own answer, typed under the conversation.
    ReplyByHand {
        phone: String,
        text: String,
    },
    /// Render a template (saved or being edited) for a customer.
    Preview {
        template: MessageTemplate,
        customer_id: i64,
    },
    SaveTemplate(MessageTemplate),
    /// Count the audience and cost of a campaign, creating nothing.
    PlanCampaign(CampaignDraft),
    CreateCampaign(CampaignDraft),
    SendCampaign(i64),
    ResumeChannel(String),
}

/// What the Purchases screen (Alt+3) asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PurchasesAction {
    /// Suppliers owed and recent purchases.
    Load,
    FindSuppliers(String),
    QuickCreateSupplier(String),
    /// A scanned or typed code, `packs` times; unknown codes offer to create the item.
    Scan {
        code: String,
        packs: Qty,
    },
    QuickCreateItem {
        code: String,
        name: String,
        price: String,
    },
    Receive(PurchaseRequest),
    /// A supplier's open payables.
    OpenPayables(i64),
    Pay {
        supplier_id: i64,
        payable_id: Option<i64>,
        amount: Money,
        method: PaymentMethod,
        reference: String,
    },
    Statement(i64),
    LoadReturnable(String),
    Return {
        number: String,
        lines: Vec<(i64, Qty)>,
        reason: String,
    },
}

/// What the Stock-taking screen (Alt+5) asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StockTakeAction {
    Load,
    /// Start a count of every item, or of one category.
    Start(Option<String>),
    /// Count a scanned or typed code `qty` times (a pack code counts its pack).
    Count {
        code: String,
        qty: Qty,
    },
    Variance,
    Approve((i64, i64)),
    Cancel,
    Adjust {
        code: String,
        delta: Qty,
        reason: AdjustReason,
        note: String,
    },
}

/// What the Segments tab asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SegmentsAction {
    /// The newest segmentation.
    Load,
    /// Segment the customers now (default k), on a worker.
    Run,
    /// The customers of a cluster label or RFM segment.
    Members(String),
    /// Stop the segmentation running in the background.
    Cancel,
}

/// What the Reports screen asks for: pages of a report, or the whole of it in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportsAction {
    /// The first page.
    Run(ReportRequest),
    /// The page after the rows already loaded.
    More {
        request: ReportRequest,
        offset: usize,
    },
    Export {
        request: ReportRequest,
        format: Format,
        path: String,
    },
    /// Stop the report running in the background.
    Cancel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceivablesAction {
    Load,
    /// A customer's open invoices.
    Open(i64),
    Pay {
        customer_id: i64,
        amount: Money,
        method: PaymentMethod,
        reference: String,
    },
    Statement(i64),
}

/// What the till asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CashierAction {
    /// A scanned or typed code, `qty` times (a pack barcode multiplies it); when no
    /// item has that code, the item picked in the name search, if any.
    Scan {
        code: String,
        qty: Qty,
        or_else: Option<i64>,
    },
    /// F10: add the suggested item (often bought with the cart's).
    AddSuggestion(i64),
    FindCustomers(String),
    /// None detaches the customer.
    AttachCustomer(Option<i64>),
    QuickCreateCustomer(CustomerForm),
    Hold {
        sale: OpenSale,
        label: String,
    },
    ListHeld,
    Resume(i64),
    /// F10 on an empty till: WhatsApp orders waiting for the till.
    ListOrders,
    /// Load a WhatsApp order into the till.
    LoadOrder(i64),
    /// A manager's PIN approving exactly `covers` (the sale's exceptions as they
    /// stand, or a return).
    Approve {
        pin: String,
        covers: Vec<String>,
    },
    Checkout(CheckoutRequest),
    OpenShift(Money),
    CloseShift(Money),
    /// F11: recent sales.
    LoadHistory,
    ShowReceipt(i64),
    Print(i64),
    Void {
        invoice: String,
        reason: String,
    },
    LoadReturnable(String),
    Return {
        invoice: String,
        lines: Vec<(i64, Qty)>,
        refund: RefundMethod,
        reason: String,
    },
}
