//! Every label exists in Indonesian and English. Call sites give both texts
//! (`lang.pick("Items", "Barang")`), so a missing translation cannot compile.
//! The language itself lives at the crate root: services and the command line
//! speak it too (see [`crate::services::Refusal`]).

pub use crate::lang::Lang;
