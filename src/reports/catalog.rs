//! Every report: its name, a one-line description, its columns (stable: scripts
//! rely on them), whether it shows cost, which options it takes, and its source.
//! README's "Reports" section lists the same.

use super::value::{Column, ColumnType};
use super::{
    Context, Emit, Options, ReportProblem, Result, audit, debts, engagement, messages, orders, points, purchasing,
    recommend, sales, segments, stock,
};
use crate::domain::words::Vocabulary;
use crate::lang::Lang;

pub type Source = fn(&Context<'_>, &mut Emit<'_>) -> Result<()>;

/// How a report reads `--from`/`--to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeUse {
    /// What happened between the two dates.
    Between,
    /// How things stood at the end of `--to`; `--from` is not used.
    AsOf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportOption {
    GroupBy,
    By,
    Limit,
    Category,
    User,
    Action,
    MinPairs,
    Item,
}

impl ReportOption {
    pub fn flag(self) -> &'static str {
        match self {
            ReportOption::GroupBy => "--group-by",
            ReportOption::By => "--by",
            ReportOption::Limit => "--limit",
            ReportOption::Category => "--category",
            ReportOption::User => "--user",
            ReportOption::Action => "--action",
            ReportOption::MinPairs => "--min-pairs",
            ReportOption::Item => "--item",
        }
    }
}

pub struct ReportDef {
    /// What scripts and the command line call it (`sales-summary`), never translated.
    pub name: &'static str,
    /// What people call it, in English and in Indonesian: see [`ReportDef::title`].
    pub title_en: &'static str,
    pub title_id: &'static str,
    /// What it shows, in English and in Indonesian: see [`ReportDef::description`].
    pub description_en: &'static str,
    pub description_id: &'static str,
    pub columns: &'static [Column],
    /// Shows cost or profit: needs the SeeCost permission.
    pub needs_cost: bool,
    pub range: RangeUse,
    pub options: &'static [ReportOption],
    pub source: Source,
}

impl std::fmt::Debug for ReportDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportDef").field("name", &self.name).finish_non_exhaustive()
    }
}

impl ReportDef {
    /// Its name as people read it, in `lang` ("Ringkasan penjualan").
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.title_en, self.title_id)
    }

    /// What the report shows, in `lang`.
    pub fn description(&self, lang: Lang) -> &'static str {
        lang.pick(self.description_en, self.description_id)
    }

    pub fn column_names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }

    /// Refuses an option this report does not take, naming the reports that do.
    pub fn check_options(&self, options: &Options) -> Result<(), ReportProblem> {
        let given = [
            (ReportOption::GroupBy, options.group_by.is_some()),
            (ReportOption::By, options.by.is_some()),
            (ReportOption::Limit, options.limit.is_some()),
            (ReportOption::Category, options.category.is_some()),
            (ReportOption::User, options.user.is_some()),
            (ReportOption::Action, options.action.is_some()),
            (ReportOption::MinPairs, options.min_pairs.is_some()),
            (ReportOption::Item, options.item.is_some()),
        ];
        for (option, set) in given {
            if set && !self.options.contains(&option) {
                let takers: Vec<&str> =
                    REPORTS.iter().filter(|r| r.options.contains(&option)).map(|r| r.name).collect();
                return Err(ReportProblem::OptionNotHere {
                    flag: option.flag().to_string(),
                    report: self.name.to_string(),
                    takers: takers.join(", "),
                });
            }
        }
        Ok(())
    }
}

/// What people call the report `name`, in `lang`; the name itself if there is none.
pub fn title_of(name: &str, lang: Lang) -> &str {
    find(name).map_or(name, |r| r.title(lang))
}

/// The report called `name`, or an error listing the names.
pub fn find(name: &str) -> Result<&'static ReportDef, ReportProblem> {
    REPORTS
        .iter()
        .find(|r| r.name.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| ReportProblem::UnknownReport { name: name.to_string() })
}

// Each column: its name (the English header, stable for scripts) and its
// Indonesian header for the TUI table.
pub(crate) const fn text(name: &'static str, header_id: &'static str) -> Column {
    Column::new(name, header_id, ColumnType::Text)
}
pub(crate) const fn int(name: &'static str, header_id: &'static str) -> Column {
    Column::new(name, header_id, ColumnType::Int)
}
pub(crate) const fn money(name: &'static str, header_id: &'static str) -> Column {
    Column::new(name, header_id, ColumnType::Money)
}
pub(crate) const fn qty(name: &'static str, header_id: &'static str) -> Column {
    Column::new(name, header_id, ColumnType::Qty)
}
pub(crate) const fn date(name: &'static str, header_id: &'static str) -> Column {
    Column::new(name, header_id, ColumnType::Date)
}
const fn datetime(name: &'static str, header_id: &'static str) -> Column {
    Column::new(name, header_id, ColumnType::DateTime)
}
const fn boolean(name: &'static str, header_id: &'static str) -> Column {
    Column::new(name, header_id, ColumnType::Bool)
}
pub(crate) const fn code(name: &'static str, header_id: &'static str, vocabulary: Vocabulary) -> Column {
    Column::new(name, header_id, ColumnType::Code(vocabulary))
}

use RangeUse::{AsOf, Between};
use ReportOption::{Action, By, Category, GroupBy, Item, Limit, MinPairs, User};

pub static REPORTS: &[ReportDef] = &[
    ReportDef {
        name: "sales-summary",
        title_en: "Sales summary",
        title_id: "Ringkasan penjualan",
        description_en: "Sales per day, week or month: transactions, gross, discounts, net, cost, profit",
        description_id: "Penjualan per hari, minggu atau bulan: transaksi, kotor, diskon, bersih, modal, laba",
        columns: &[
            text("period", "periode"),
            int("transactions", "transaksi"),
            qty("items", "barang"),
            money("gross", "kotor"),
            money("discount", "diskon"),
            money("net", "bersih"),
            money("cost", "modal"),
            money("profit", "laba"),
            money("avg_basket", "rerata belanja"),
            date("start", "mulai"),
            date("end", "selesai"),
            int("returns", "retur"),
            money("returns_net", "retur bersih"),
            money("tax", "pajak"),
        ],
        needs_cost: true,
        range: Between,
        options: &[GroupBy],
        source: sales::summary,
    },
    ReportDef {
        name: "sales-lines",
        title_en: "Sales lines",
        title_id: "Rincian baris penjualan",
        description_en: "Every line sold or returned, with its cashier, customer, price, discounts and cost",
        description_id: "Setiap baris terjual atau diretur, dengan kasir, pelanggan, harga, diskon dan modalnya",
        columns: &[
            text("invoice", "nota"),
            datetime("time", "waktu"),
            text("cashier", "kasir"),
            text("customer_code", "kode pelanggan"),
            text("customer_name", "nama pelanggan"),
            text("sku", "SKU"),
            text("item", "barang"),
            qty("qty", "jumlah"),
            money("unit_price", "harga satuan"),
            code("tier", "tingkat harga", Vocabulary::PriceTier),
            money("discount", "diskon"),
            money("line_total", "total baris"),
            money("cost", "modal"),
            code("kind", "jenis", Vocabulary::LineKind),
            text("category", "kategori"),
            money("sale_discount", "diskon nota"),
            money("net", "bersih"),
        ],
        needs_cost: true,
        range: Between,
        options: &[],
        source: sales::lines,
    },
    ReportDef {
        name: "purchase-summary",
        title_en: "Purchase summary",
        title_id: "Ringkasan pembelian",
        description_en: "Purchases per day, week or month: how many, base units received, total",
        description_id: "Pembelian per hari, minggu atau bulan: berapa kali, satuan dasar diterima, total",
        columns: &[
            text("period", "periode"),
            int("purchases", "pembelian"),
            qty("items", "barang"),
            money("total", "total"),
            date("start", "mulai"),
            date("end", "selesai"),
        ],
        needs_cost: true,
        range: Between,
        options: &[GroupBy],
        source: purchasing::summary,
    },
    ReportDef {
        name: "cashier-performance",
        title_en: "Cashier performance",
        title_id: "Kinerja kasir",
        description_en: "Per user: transactions, net sales, items, voids, discounts, average basket, cash differences",
        description_id: "Per pengguna: transaksi, penjualan bersih, barang, pembatalan, diskon, rata-rata belanja, selisih kas",
        columns: &[
            text("username", "nama pengguna"),
            text("name", "nama"),
            int("transactions", "transaksi"),
            money("net_sales", "penjualan bersih"),
            qty("items", "barang"),
            int("voids", "batal"),
            money("discounts", "diskon"),
            money("avg_basket", "rerata belanja"),
            int("shifts", "sif"),
            money("cash_difference", "selisih kas"),
            int("returns", "retur"),
            money("returns_net", "retur bersih"),
            money("voided_total", "total batal"),
        ],
        needs_cost: false,
        range: Between,
        options: &[],
        source: sales::cashiers,
    },
    ReportDef {
        name: "customers",
        title_en: "Customers",
        title_id: "Pelanggan",
        description_en: "Every customer: first and last purchase, orders and net spend in the range, what they owe",
        description_id: "Setiap pelanggan: belanja pertama dan terakhir, pesanan dan belanja bersih di rentang ini, piutangnya",
        columns: &[
            text("code", "kode"),
            text("name", "nama"),
            text("phone", "telepon"),
            date("first_purchase", "belanja pertama"),
            date("last_purchase", "belanja terakhir"),
            int("orders", "pesanan"),
            money("net_spend", "belanja bersih"),
            money("receivable", "piutang"),
            int("points", "poin"),
        ],
        needs_cost: false,
        range: Between,
        options: &[],
        source: sales::customers,
    },
    ReportDef {
        name: "best-sellers",
        title_en: "Best sellers",
        title_id: "Barang terlaris",
        description_en: "Items ranked by quantity or revenue (net of returns)",
        description_id: "Peringkat barang menurut jumlah atau pendapatan (dikurangi retur)",
        columns: &[
            int("rank", "peringkat"),
            text("sku", "SKU"),
            text("item", "barang"),
            text("category", "kategori"),
            qty("qty", "jumlah"),
            money("revenue", "pendapatan"),
            int("orders", "pesanan"),
        ],
        needs_cost: false,
        range: Between,
        options: &[By, Limit, Category],
        source: sales::best_sellers,
    },
    ReportDef {
        name: "stock-levels",
        title_en: "Stock levels",
        title_id: "Posisi stok",
        description_en: "Stock on hand at the end of the as-of day, its value at cost, and what needs reordering",
        description_id: "Stok di akhir hari per tanggal, nilainya menurut modal, dan yang perlu dipesan lagi",
        columns: &[
            text("sku", "SKU"),
            text("item", "barang"),
            text("category", "kategori"),
            text("unit", "satuan"),
            qty("on_hand", "stok"),
            money("cost_value", "nilai modal"),
            qty("reorder_level", "batas pesan"),
            boolean("below_reorder", "perlu pesan"),
            money("unit_cost", "modal satuan"),
        ],
        needs_cost: true,
        range: AsOf,
        options: &[],
        source: stock::levels,
    },
    ReportDef {
        name: "stock-movement",
        title_en: "Stock movement",
        title_id: "Mutasi stok",
        description_en: "Per item: opening stock, purchases, sales, returns, adjustments, counts, closing stock",
        description_id: "Per barang: stok awal, pembelian, penjualan, retur, penyesuaian, opname, stok akhir",
        columns: &[
            text("sku", "SKU"),
            text("item", "barang"),
            qty("opening", "stok awal"),
            qty("purchases", "pembelian"),
            qty("sales", "penjualan"),
            qty("returns", "retur"),
            qty("adjustments", "penyesuaian"),
            qty("counts", "opname"),
            qty("closing", "stok akhir"),
            text("category", "kategori"),
            text("unit", "satuan"),
        ],
        needs_cost: false,
        range: Between,
        options: &[],
        source: stock::movement,
    },
    ReportDef {
        name: "receivables",
        title_en: "Receivables",
        title_id: "Piutang",
        description_en: "What customers owe at the end of the as-of day, per invoice, aged by days past due",
        description_id: "Piutang pelanggan di akhir hari per tanggal, per nota, menurut umur lewat jatuh tempo",
        columns: DEBT_COLUMNS,
        needs_cost: false,
        range: AsOf,
        options: &[],
        source: debts::receivables,
    },
    ReportDef {
        name: "payables",
        title_en: "Payables",
        title_id: "Utang ke pemasok",
        description_en: "What the shop owes suppliers at the end of the as-of day, per invoice, aged by days past due",
        description_id: "Utang toko ke pemasok di akhir hari per tanggal, per nota, menurut umur lewat jatuh tempo",
        columns: DEBT_COLUMNS,
        needs_cost: false,
        range: AsOf,
        options: &[],
        source: debts::payables,
    },
    ReportDef {
        name: "reorder",
        title_en: "Reorder",
        title_id: "Perlu dipesan",
        description_en: "Items at or below their reorder level now, by last supplier, with how many to buy",
        description_id: "Barang yang kini di bawah atau pada batas pesan ulang, per pemasok terakhir, dengan jumlah yang perlu dibeli",
        columns: &[
            text("supplier", "pemasok"),
            text("sku", "SKU"),
            text("item", "barang"),
            qty("on_hand", "stok"),
            qty("reorder_level", "batas pesan"),
            qty("suggested_qty", "saran beli"),
            money("last_cost", "modal terakhir"),
        ],
        needs_cost: true,
        range: AsOf,
        options: &[],
        source: purchasing::reorder,
    },
    ReportDef {
        name: "audit",
        title_en: "Audit trail",
        title_id: "Jejak audit",
        description_en: "The audit trail: who did what and when, with the values before and after",
        description_id: "Jejak audit: siapa melakukan apa dan kapan, dengan nilai sebelum dan sesudahnya",
        columns: &[
            datetime("time", "waktu"),
            text("user", "pengguna"),
            text("action", "tindakan"),
            text("entity", "objek"),
            text("entity_id", "id objek"),
            text("before", "sebelum"),
            text("after", "sesudah"),
        ],
        needs_cost: false,
        range: Between,
        options: &[User, Action],
        source: audit::log,
    },
    ReportDef {
        name: "messages",
        title_en: "Messages",
        title_id: "Pesan",
        description_en: "WhatsApp/SMS messages created in the range: kind, recipient, template, status, attempts",
        description_id: "Pesan WhatsApp/SMS yang dibuat di rentang ini: jenis, penerima, template, status, percobaan",
        columns: &[
            int("id", "ID"),
            datetime("created", "dibuat"),
            code("kind", "jenis", Vocabulary::MessageKind),
            text("channel", "kanal"),
            text("phone", "telepon"),
            text("customer_code", "kode pelanggan"),
            text("template", "templat"),
            code("status", "status", Vocabulary::MessageStatus),
            int("attempts", "percobaan"),
            text("provider_id", "id penyedia"),
            text("last_error", "kesalahan terakhir"),
        ],
        needs_cost: false,
        range: Between,
        options: &[],
        source: messages::outbox,
    },
    ReportDef {
        name: "orders",
        title_en: "WhatsApp orders",
        title_id: "Pesanan WhatsApp",
        description_en: "WhatsApp orders created in the range: sender, customer, status, lines, estimated total, invoice",
        description_id: "Pesanan WhatsApp yang dibuat di rentang ini: pengirim, pelanggan, status, baris, perkiraan total, nota",
        columns: &[
            int("id", "ID"),
            datetime("created", "dibuat"),
            text("phone", "telepon"),
            text("customer_code", "kode pelanggan"),
            text("customer_name", "nama pelanggan"),
            code("status", "status", Vocabulary::OrderStatus),
            int("lines", "baris"),
            money("total", "total"),
            text("invoice", "nota"),
        ],
        needs_cost: false,
        range: Between,
        options: &[],
        source: orders::orders,
    },
    ReportDef {
        name: "segments",
        title_en: "Customer segments",
        title_id: "Segmen pelanggan",
        description_en: "Each customer's RFM scores and cluster in the newest segmentation up to the as-of day",
        description_id: "Skor RFM dan klaster tiap pelanggan dari segmentasi terbaru sampai hari per tanggal",
        columns: &[
            text("code", "kode"),
            text("name", "nama"),
            text("phone", "telepon"),
            int("recency_days", "hari sejak belanja"),
            int("frequency", "frekuensi"),
            money("monetary", "nilai belanja"),
            int("r_score", "skor R"),
            int("f_score", "skor F"),
            int("m_score", "skor M"),
            code("rfm_segment", "segmen RFM", Vocabulary::Segment),
            int("cluster", "klaster"),
            code("cluster_label", "nama klaster", Vocabulary::Segment),
            date("as_of", "per tanggal"),
        ],
        needs_cost: false,
        range: AsOf,
        options: &[],
        source: segments::customers,
    },
    ReportDef {
        name: "retention",
        title_en: "Retention",
        title_id: "Retensi",
        description_en: "Customers by first-purchase month: how many were active each month since",
        description_id: "Pelanggan menurut bulan belanja pertama: berapa yang aktif tiap bulan sejak itu",
        columns: &[
            date("cohort", "kohort"),
            int("months_since", "bulan ke"),
            int("customers", "pelanggan"),
            int("active", "aktif"),
            qty("active_pct", "% aktif"),
        ],
        needs_cost: false,
        range: Between,
        options: &[],
        source: engagement::retention_report,
    },
    ReportDef {
        name: "customer-health",
        title_en: "Customer health",
        title_id: "Kesehatan pelanggan",
        description_en: "Per month: buyers, returning buyers, repeat rate, orders, revenue, message cost and revenue after messages",
        description_id: "Per bulan: pembeli, pembeli yang kembali, tingkat belanja ulang, pesanan, pendapatan, biaya pesan dan pendapatan sesudah pesan",
        columns: &[
            date("month", "bulan"),
            int("customers", "pelanggan"),
            int("returning", "kembali"),
            int("new_customers", "pelanggan baru"),
            qty("repeat_rate_pct", "% belanja ulang"),
            int("orders", "pesanan"),
            money("revenue", "pendapatan"),
            int("marketing_messages", "pesan pemasaran"),
            int("utility_messages", "pesan layanan"),
            money("marketing_cost", "biaya pemasaran"),
            money("message_revenue", "pendapatan pesan"),
            int("cost_estimated", "biaya ditaksir"),
        ],
        needs_cost: false,
        range: Between,
        options: &[],
        source: engagement::monthly_report,
    },
    ReportDef {
        name: "campaigns",
        title_en: "Campaigns",
        title_id: "Kampanye",
        description_en: "Campaigns sent: recipients, cost, buyers and revenue in the attribution window, lift over the holdout",
        description_id: "Kampanye terkirim: penerima, biaya, pembeli dan pendapatan dalam jendela atribusi, kenaikan dibanding holdout",
        columns: &[
            int("id", "ID"),
            text("name", "nama"),
            code("segment", "segmen", Vocabulary::Segment),
            datetime("sent_at", "dikirim"),
            int("recipients", "penerima"),
            int("holdout", "kontrol"),
            int("messages_sent", "pesan terkirim"),
            money("cost", "biaya"),
            int("buyers", "pembeli"),
            qty("conversion_pct", "% konversi"),
            money("revenue", "pendapatan"),
            int("holdout_buyers", "pembeli kontrol"),
            qty("holdout_conversion_pct", "% konversi kontrol"),
            qty("lift_pct", "% kenaikan"),
            money("incremental_revenue", "pendapatan tambahan"),
            int("delivered", "diterima"),
            int("skipped", "dilewati"),
            int("held", "ditahan"),
            int("failed", "gagal"),
            int("cost_estimated", "biaya ditaksir"),
        ],
        needs_cost: false,
        range: Between,
        options: &[],
        source: engagement::campaigns_report,
    },
    ReportDef {
        name: "peak-times",
        title_en: "Peak times",
        title_id: "Jam ramai",
        description_en: "Sales and revenue by weekday and hour (7 × 24 rows, Monday first)",
        description_id: "Penjualan dan pendapatan per hari dan jam (7 × 24 baris, mulai Senin)",
        columns: &[
            int("weekday", "hari ke"),
            code("day", "hari", Vocabulary::Weekday),
            int("hour", "jam"),
            int("sales", "penjualan"),
            money("revenue", "pendapatan"),
        ],
        needs_cost: false,
        range: Between,
        options: &[],
        source: engagement::peak_times_report,
    },
    ReportDef {
        name: "health",
        title_en: "Shop health",
        title_id: "Kesehatan toko",
        description_en: "Retention, revenue and marketing cost of the range against the equally long span before it",
        description_id: "Retensi, pendapatan dan biaya pemasaran rentang ini dibanding rentang sama panjang sebelumnya",
        columns: &[
            code("period", "periode", Vocabulary::Span),
            date("from", "dari"),
            date("to", "sampai"),
            int("base_customers", "pelanggan awal"),
            int("retained", "bertahan"),
            qty("retention_pct", "% retensi"),
            int("active_customers", "pelanggan aktif"),
            money("revenue", "pendapatan"),
            money("monthly_revenue", "pendapatan bulanan"),
            int("marketing_messages", "pesan pemasaran"),
            money("marketing_cost", "biaya pemasaran"),
            money("message_revenue", "pendapatan pesan"),
            int("cost_estimated", "biaya ditaksir"),
        ],
        needs_cost: false,
        range: Between,
        options: &[],
        source: engagement::health_report,
    },
    ReportDef {
        name: "bought-together",
        title_en: "Bought together",
        title_id: "Dibeli bersamaan",
        description_en: "Items bought in the same sale: for each pair A → B, baskets with both, support, confidence, lift",
        description_id: "Barang yang dibeli dalam satu penjualan: untuk tiap pasangan A → B, keranjang berisi keduanya, support, confidence, lift",
        columns: &[
            text("sku_a", "SKU A"),
            text("item_a", "barang A"),
            text("sku_b", "SKU B"),
            text("item_b", "barang B"),
            int("pairs", "pasangan"),
            qty("support", "dukungan"),
            qty("confidence", "keyakinan"),
            qty("lift", "kenaikan"),
        ],
        needs_cost: false,
        range: Between,
        options: &[MinPairs, Item, Limit],
        source: recommend::bought_together_report,
    },
    ReportDef {
        name: "refill-due",
        title_en: "Refills due",
        title_id: "Waktunya beli lagi",
        description_en: "Customers' usual items due for buying again on the as-of day: their rhythm and since when",
        description_id: "Barang langganan pelanggan yang sudah waktunya dibeli lagi pada hari per tanggal: iramanya dan sejak kapan",
        columns: &[
            text("code", "kode"),
            text("name", "nama"),
            text("phone", "telepon"),
            text("sku", "SKU"),
            text("item", "barang"),
            int("purchases", "pembelian"),
            int("interval_days", "jarak hari"),
            date("last_purchase", "belanja terakhir"),
            int("days_since", "hari sejak"),
            date("due_since", "jatuh tempo sejak"),
        ],
        needs_cost: false,
        range: AsOf,
        options: &[],
        source: recommend::refill_due_report,
    },
    ReportDef {
        name: "recommendations",
        title_en: "Recommendations",
        title_id: "Rekomendasi",
        description_en: "What refill reminders earned against their holdout, and what till suggestions added earned",
        description_id: "Hasil pengingat belanja ulang dibanding holdout-nya, dan hasil saran di kasir",
        columns: &[
            code("kind", "jenis", Vocabulary::Recommendation),
            int("messages", "pesan"),
            int("customers", "pelanggan"),
            int("buyers", "pembeli"),
            money("revenue", "pendapatan"),
            int("holdout_customers", "pelanggan kontrol"),
            int("holdout_buyers", "pembeli kontrol"),
            money("holdout_revenue", "pendapatan kontrol"),
            money("lift_revenue_per_customer", "kenaikan per pelanggan"),
        ],
        needs_cost: false,
        range: Between,
        options: &[],
        source: recommend::recommendations_report,
    },
    ReportDef {
        name: "points",
        title_en: "Loyalty points",
        title_id: "Poin pelanggan",
        description_en: "Member points: every earn, redeem, expiry and take-back in the range, with the balance after it",
        description_id: "Poin member: setiap perolehan, penukaran, kedaluwarsa dan penarikan di rentang ini, dengan saldo sesudahnya",
        columns: &[
            datetime("time", "waktu"),
            text("code", "kode"),
            text("name", "nama"),
            code("kind", "jenis", Vocabulary::PointsMove),
            int("points", "poin"),
            text("invoice", "nota"),
            int("balance", "saldo"),
        ],
        needs_cost: false,
        range: Between,
        options: &[],
        source: points::ledger,
    },
];

const DEBT_COLUMNS: &[Column] = &[
    text("code", "kode"),
    text("name", "nama"),
    text("invoice", "nota"),
    date("date", "tanggal"),
    date("due_date", "jatuh tempo"),
    money("amount", "nilai"),
    money("paid", "dibayar"),
    money("balance", "sisa"),
    int("days_overdue", "hari lewat tempo"),
    code("bucket", "umur", Vocabulary::AgingBucket),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_found_in_any_case() {
        for (i, r) in REPORTS.iter().enumerate() {
            assert!(REPORTS[..i].iter().all(|o| o.name != r.name), "{}", r.name);
            assert_eq!(find(&r.name.to_uppercase()).unwrap().name, r.name);
            let mut names = r.column_names();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), r.columns.len(), "{}: duplicate column", r.name);
        }
        assert!(find("sales").unwrap_err().to_string().contains("warung report --list"));
    }

    /// The leading columns DESIGN.md promises scripts.
    #[test]
    fn leading_columns_are_the_contract() {
        let lead = |name: &str, n: usize| find(name).unwrap().column_names()[..n].join(",");
        assert_eq!(lead("sales-summary", 9), "period,transactions,items,gross,discount,net,cost,profit,avg_basket");
        assert_eq!(
            lead("sales-lines", 13),
            "invoice,time,cashier,customer_code,customer_name,sku,item,qty,unit_price,tier,discount,line_total,cost"
        );
        assert_eq!(lead("customers", 8), "code,name,phone,first_purchase,last_purchase,orders,net_spend,receivable");
        assert_eq!(lead("best-sellers", 6), "rank,sku,item,category,qty,revenue");
        assert_eq!(lead("stock-levels", 8), "sku,item,category,unit,on_hand,cost_value,reorder_level,below_reorder");
        assert_eq!(lead("stock-movement", 9), "sku,item,opening,purchases,sales,returns,adjustments,counts,closing");
        assert_eq!(
            lead("segments", 12),
            "code,name,phone,recency_days,frequency,monetary,r_score,f_score,m_score,rfm_segment,cluster,cluster_label"
        );
        for debts in ["receivables", "payables"] {
            assert_eq!(lead(debts, 10), "code,name,invoice,date,due_date,amount,paid,balance,days_overdue,bucket");
        }
        assert_eq!(lead("bought-together", 8), "sku_a,item_a,sku_b,item_b,pairs,support,confidence,lift");
        assert_eq!(
            lead("refill-due", 10),
            "code,name,phone,sku,item,purchases,interval_days,last_purchase,days_since,due_since"
        );
        assert_eq!(
            lead("recommendations", 9),
            "kind,messages,customers,buyers,revenue,holdout_customers,holdout_buyers,holdout_revenue,\
             lift_revenue_per_customer"
        );
        assert_eq!(
            lead("messages", 11),
            "id,created,kind,channel,phone,customer_code,template,status,attempts,provider_id,last_error"
        );
    }

    /// Names an Indonesian header may share with the English one.
    const SAME_IN_INDONESIAN: &[&str] = &["status", "total"];

    /// The TUI table shows `header_id` in Indonesian: every column of every report
    /// (the shop's and the hub's) has its own, in Indonesian.
    #[test]
    fn every_column_has_an_indonesian_header() {
        let hub = crate::hub::reports::REPORTS.iter().copied();
        for report in REPORTS.iter().chain(hub) {
            for (i, column) in report.columns.iter().enumerate() {
                let header = column.header_id;
                assert!(!header.trim().is_empty(), "{}.{}: no Indonesian header", report.name, column.name);
                assert!(
                    header != column.name || SAME_IN_INDONESIAN.contains(&header),
                    "{}.{}: Indonesian header is the English name",
                    report.name,
                    column.name
                );
                assert!(
                    report.columns[..i].iter().all(|c| c.header_id != header),
                    "{}: two columns headed {header:?}",
                    report.name
                );
            }
        }
    }

    #[test]
    fn options_only_where_they_apply() {
        let grouped = Options { group_by: Some(super::super::GroupBy::Week), ..Default::default() };
        assert!(find("sales-summary").unwrap().check_options(&grouped).is_ok());
        let err = find("sales-lines").unwrap().check_options(&grouped).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--group-by does not apply to sales-lines (only to sales-summary, purchase-summary)"
        );
        let limited = Options { limit: Some(5), ..Default::default() };
        assert!(find("customers").unwrap().check_options(&limited).unwrap_err().to_string().contains("best-sellers"));
    }
}
