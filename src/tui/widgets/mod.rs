pub mod debts;
pub mod form;
pub mod help;
pub mod input;
pub mod label_dialog;
pub mod palette;
pub mod qr;
pub mod table;
