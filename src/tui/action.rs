//! What screens ask the app to do. Screens never hold a database handle: they turn
//! keys into these, and the app runs them through the services.
//!
//! The modules are listed once, in the `modules!` invocation in `screens/mod.rs`:
//! each line generates its [`Module`] variant, its place in [`Module::ALL`] (its
//! Alt+digit), its titles, the [`Action`] variant wrapping the action enum kept in
//! its folder, and its screen in `Screens`. The app's own actions and those of the
//! widgets several modules share are the fixed variants written here.

pub use crate::tui::screens::cashier::CashierAction;
pub use crate::tui::screens::crm::{CrmAction, ReceivablesAction, SegmentsAction};
pub use crate::tui::screens::master::MasterAction;
pub use crate::tui::screens::messages::MessagesAction;
pub use crate::tui::screens::purchases::PurchasesAction;
pub use crate::tui::screens::reports::ReportsAction;
pub use crate::tui::screens::settings::SettingsAction;
pub use crate::tui::screens::stocktake::StockTakeAction;
pub use crate::tui::screens::{Action, Module};

/// Generates, from one line per module (`Variant => folder::ScreenType,
/// ActionVariant(ActionType), "English title", "Indonesian title";` in Alt+digit
/// order): the folder's `pub mod`, [`Module`] with `ALL` and its titles, [`Action`]
/// with the fixed variants below and one wrapping each module's action enum, and
/// `Screens` holding each module's screen with `get`/`get_mut`.
/// The Alt+digit of the module at `number` (from 1): there are nine digits.
pub fn alt_key(number: usize) -> Option<String> {
    (1..=9).contains(&number).then(|| format!("Alt+{number}"))
}

macro_rules! modules {
    ($($module:ident => $folder:ident :: $screen:ident, $variant:ident($action:ident), $en:literal, $id:literal;)+) => {
        $(pub mod $folder;)+

        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Module {
            $($module,)+
        }

        impl Module {
            pub const ALL: [Module; [$(Module::$module),+].len()] = [$(Module::$module),+];

            /// Its place in the list, from 1.
            pub fn number(self) -> usize {
                Module::ALL.iter().position(|m| *m == self).unwrap_or(0) + 1
            }

            /// Its key, "Alt+1" to "Alt+9"; modules past the ninth are opened from the
            /// command palette (Ctrl+P) only.
            pub fn alt_key(self) -> Option<String> {
                $crate::tui::action::alt_key(self.number())
            }

            /// (English, Indonesian)
            pub fn title(self) -> (&'static str, &'static str) {
                match self {
                    $(Module::$module => ($en, $id),)+
                }
            }
        }

        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Action {
            Login {
                username: String,
                password: String,
            },
            /// First run: create the shop's owner.
            Setup {
                store_name: String,
                username: String,
                password: String,
            },
            Logout,
            Quit,
            GoTo(Module),
            OpenPalette,
            ToggleHelp,
            /// Open Messages → Campaigns with a new campaign for this segment (None:
            /// every opted-in customer); e.g. from a segment on the analytics screen.
            StartCampaign {
                segment: Option<String>,
            },
            // The record lists and the label dialog, shared by several modules.
            Items($crate::tui::action::RecordAction<$crate::domain::master::ItemForm>),
            Customers($crate::tui::action::RecordAction<$crate::domain::master::CustomerForm>),
            Suppliers($crate::tui::action::RecordAction<$crate::domain::master::SupplierForm>),
            GenerateBarcode(i64),
            Labels($crate::tui::action::LabelsAction),
            $($variant($folder::$action),)+
        }

        /// Every module's screen, one per [`Module`].
        #[derive(Default)]
        pub struct Screens {
            $(pub $folder: $folder::$screen,)+
        }

        impl Screens {
            pub fn get(&self, module: Module) -> &dyn Screen {
                match module {
                    $(Module::$module => &self.$folder,)+
                }
            }

            pub fn get_mut(&mut self, module: Module) -> &mut dyn Screen {
                match module {
                    $(Module::$module => &mut self.$folder,)+
                }
            }
        }
    };
}
pub(crate) use modules;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordAction<F> {
    Load { text: String, include_archived: bool },
    Save { id: Option<i64>, form: F },
    SetActive { id: i64, active: bool },
}

/// Which items labels are printed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelSource {
    /// Items marked on Master data (ids).
    Items(Vec<i64>),
    /// What a purchase received (its number).
    Purchase(String),
}

/// Printing labels from Master data or Purchases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelsAction {
    /// Open the print dialog (the app fills in the remembered layout).
    Ask(LabelSource),
    /// Print: copies per item (empty: one per unit received), kind and layout as typed.
    Print { source: LabelSource, copies: String, kind: String, layout: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_past_the_ninth_have_no_alt_key() {
        assert_eq!(alt_key(1).as_deref(), Some("Alt+1"));
        assert_eq!(alt_key(9).as_deref(), Some("Alt+9"));
        assert_eq!(alt_key(10), None);
        assert_eq!(Module::Settings.alt_key().as_deref(), Some("Alt+9"));
    }
}
