pub mod cashier;
pub mod login;
pub mod master;
pub mod placeholder;
pub mod records;
pub mod settings;
