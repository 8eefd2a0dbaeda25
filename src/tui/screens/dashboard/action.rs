//! The dashboard only shows figures: entering the module loads them, and no key asks
//! its controller for anything else.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DashboardAction {}
