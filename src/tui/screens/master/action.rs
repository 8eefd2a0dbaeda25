//! What Master data (Alt+4) asks beyond the shared record lists and label dialog.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MasterAction {
    /// The categories tab: each category with its active items.
    LoadCategories,
}
