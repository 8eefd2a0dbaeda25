//! Pure types and rules: no SQLite, no tokio, no terminal.

pub mod assistant;
pub mod barcode;
pub mod cart;
pub mod doctor;
pub mod hub;
pub mod invoice_number;
pub mod kmeans;
pub mod master;
pub mod money;
pub mod payment;
pub mod phone;
pub mod points;
pub mod purchase;
pub mod qris;
pub mod qty;
pub mod receipt;
pub mod receivable;
pub mod recommend;
pub mod refund;
pub mod rfm;
pub mod role;
pub mod search;
pub mod text;
pub mod tier;
pub mod words;

pub use money::{Money, MoneyError};
pub use payment::PaymentMethod;
pub use phone::{Phone, PhoneError};
pub use qty::{Qty, QtyError};
pub use role::{Permission, Role};
pub use tier::{PriceList, PriceTier};
