//! Report definitions and writers. `csv_safe` keeps text cells from being run as
//! spreadsheet formulas.

pub mod csv_safe;
