//! What Settings (Alt+9) asks of its controller.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsAction {
    Save { key: String, value: String },
}
