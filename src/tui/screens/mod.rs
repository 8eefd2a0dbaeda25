pub mod cashier;
pub mod crm;
pub mod login;
pub mod master;
pub mod placeholder;
pub mod receivables;
pub mod records;
pub mod settings;
