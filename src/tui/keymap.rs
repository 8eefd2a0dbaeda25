//! Keys, declared once. The global ones and the commands behind them feed the help
//! overlay and the command palette. Each screen (and each state of it with keys of
//! its own: list, form, dialog) declares a table of [`Key`]s: what is pressed, the
//! screen's command it triggers, and what it does in both languages. The screen's
//! `handle_key` looks presses up in that table ([`lookup`]), F1 lists it
//! ([`View::keys`](crate::tui::screens::View::keys)) and the hint lines under lists
//! and in dialogs are drawn from it ([`hint_text`](crate::tui::widgets::help::hint_text)),
//! so the three can never disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Module};

/// A key press a table entry answers to: its code, and Ctrl or Alt if held (Shift
/// is part of the code: `BackTab`, `'L'`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Press {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

/// The key without Ctrl or Alt.
pub const fn press(code: KeyCode) -> Press {
    Press { code, modifiers: KeyModifiers::NONE }
}

/// A character key without Ctrl or Alt.
pub const fn chr(c: char) -> Press {
    press(KeyCode::Char(c))
}

pub const fn ctrl(c: char) -> Press {
    Press { code: KeyCode::Char(c), modifiers: KeyModifiers::CONTROL }
}

pub const fn alt(code: KeyCode) -> Press {
    Press { code, modifiers: KeyModifiers::ALT }
}

impl Press {
    pub fn matches(&self, key: &KeyEvent) -> bool {
        key.code == self.code && key.modifiers.intersection(KeyModifiers::CONTROL | KeyModifiers::ALT) == self.modifiers
    }

    /// The event a person pressing it sends (tests press every key of a table).
    pub fn event(&self) -> KeyEvent {
        KeyEvent::new(self.code, self.modifiers)
    }
}

/// Moving through a list (the direction is the key's: see `table::move_selection`).
pub const MOVE: &[Press] = &[
    press(KeyCode::Up),
    press(KeyCode::Down),
    press(KeyCode::PageUp),
    press(KeyCode::PageDown),
    press(KeyCode::Home),
    press(KeyCode::End),
];

pub const UP_DOWN: &[Press] = &[press(KeyCode::Up), press(KeyCode::Down)];

/// Next tab, previous tab (Shift+Tab).
pub const SWITCH_TAB: &[Press] = &[press(KeyCode::Tab), press(KeyCode::BackTab)];

/// One entry of a screen's key table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key<C> {
    /// As people read it (F1 and hint lines): "F4", "↑/↓", "Tab / Shift+Tab", or
    /// what is typed ("CODE Enter").
    pub label: &'static str,
    /// The presses that trigger `command`.
    pub presses: &'static [Press],
    /// What the screen does for it (its own command enum); None for what is typed
    /// rather than pressed ([`typed`]): F1 lists it, the screen takes it as input.
    pub command: Option<C>,
    pub en: &'static str,
    pub id: &'static str,
    /// The short word shown after the label in the screen's hint line (English,
    /// Indonesian); None keeps the key out of the hint line (F1 still lists it).
    pub hint: Option<(&'static str, &'static str)>,
}

/// A key table's entry as F1 and the hint lines read it, without the screen's command.
pub type KeyHelp = Key<()>;

/// A key triggering `command` when one of `presses` is pressed, described in English
/// and Indonesian.
pub const fn key<C>(
    label: &'static str,
    presses: &'static [Press],
    command: C,
    en: &'static str,
    id: &'static str,
) -> Key<C> {
    Key { label, presses, command: Some(command), en, id, hint: None }
}

/// What is typed into the screen's input rather than pressed as a key (a code, a
/// search, a choice cycled with ←/→): listed in F1, handled as input.
pub const fn typed<C>(label: &'static str, en: &'static str, id: &'static str) -> Key<C> {
    Key { label, presses: &[], command: None, en, id, hint: None }
}

impl<C> Key<C> {
    /// Also shown in the hint line, as `label en` / `label id`.
    pub const fn hint(mut self, en: &'static str, id: &'static str) -> Key<C> {
        self.hint = Some((en, id));
        self
    }

    pub fn matches(&self, key: &KeyEvent) -> bool {
        self.presses.iter().any(|p| p.matches(key))
    }

    /// Without the command: for F1 and the hint lines.
    pub fn help(&self) -> KeyHelp {
        let command = self.command.as_ref().map(|_| ());
        Key { label: self.label, presses: self.presses, command, en: self.en, id: self.id, hint: self.hint }
    }
}

/// The command of the first entry of `table` that `key` triggers.
pub fn lookup<'a, C: Copy + 'a>(table: impl IntoIterator<Item = &'a Key<C>>, key: &KeyEvent) -> Option<C> {
    table.into_iter().find(|k| k.matches(key)).and_then(|k| k.command)
}

/// `top`'s keys, then those of `below` that `top` leaves reachable (a dialog over a
/// screen that passes on the keys it does not take), as F1 lists them.
pub fn help_over<C, D>(top: &[Key<C>], below: &[Key<D>]) -> Vec<KeyHelp> {
    let taken = |k: &Key<D>| k.presses.iter().any(|p| top.iter().any(|t| t.presses.contains(p)));
    top.iter().map(Key::help).chain(below.iter().filter(|k| !taken(k)).map(Key::help)).collect()
}

/// Tables as F1 lists them, in order.
pub fn help<'a, C: 'a>(table: impl IntoIterator<Item = &'a Key<C>>) -> Vec<KeyHelp> {
    table.into_iter().map(Key::help).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Help,
    Palette,
    Quit,
    Logout,
    GoTo(Module),
    NewItem,
    NewCustomer,
    NewSupplier,
    CloseShift,
    AuditTrail,
    WhatsAppOrders,
}

#[derive(Debug, Clone)]
pub struct Binding {
    /// As shown to people; empty for palette-only commands.
    pub keys: String,
    pub command: Command,
    pub en: String,
    pub id: String,
}

fn binding(keys: &str, command: Command, en: &str, id: &str) -> Binding {
    Binding { keys: keys.to_string(), command, en: en.to_string(), id: id.to_string() }
}

pub fn bindings() -> Vec<Binding> {
    let mut list = vec![
        binding("F1", Command::Help, "Help: keys for this screen", "Bantuan: tombol layar ini"),
        binding("Ctrl+P", Command::Palette, "Command palette", "Palet perintah"),
        binding("Ctrl+Q", Command::Quit, "Quit", "Keluar"),
        binding("Ctrl+L", Command::Logout, "Log out", "Keluar akun"),
    ];
    for module in Module::ALL {
        let (en, id) = module.title();
        list.push(binding(&module.alt_key().unwrap_or_default(), Command::GoTo(module), en, id));
    }
    list.push(binding("", Command::NewItem, "New item", "Tambah barang"));
    list.push(binding("", Command::NewCustomer, "New customer", "Tambah pelanggan"));
    list.push(binding("", Command::NewSupplier, "New supplier", "Tambah pemasok"));
    list.push(binding("", Command::CloseShift, "Close shift (count the cash)", "Tutup shift (hitung uang)"));
    list.push(binding("", Command::AuditTrail, "Audit trail (who did what)", "Jejak audit (siapa berbuat apa)"));
    list.push(binding("", Command::WhatsAppOrders, "WhatsApp orders (Cashier F10)", "Pesanan WhatsApp (Kasir F10)"));
    list
}

/// The global command for a key, if it is one.
pub fn command_for(key: &KeyEvent) -> Option<Command> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::F(1) => Some(Command::Help),
        KeyCode::Char('p') if ctrl => Some(Command::Palette),
        KeyCode::Char('q') if ctrl => Some(Command::Quit),
        KeyCode::Char('l') if ctrl => Some(Command::Logout),
        KeyCode::Char(c @ '1'..='9') if alt => Module::ALL.get((c as u8 - b'1') as usize).map(|m| Command::GoTo(*m)),
        _ => None,
    }
}

impl Command {
    /// Commands that are plain actions; the others the app handles itself.
    pub fn action(self) -> Option<Action> {
        match self {
            Command::Help => Some(Action::ToggleHelp),
            Command::Palette => Some(Action::OpenPalette),
            Command::Quit => Some(Action::Quit),
            Command::Logout => Some(Action::Logout),
            Command::GoTo(module) => Some(Action::GoTo(module)),
            Command::NewItem
            | Command::NewCustomer
            | Command::NewSupplier
            | Command::CloseShift
            | Command::AuditTrail
            | Command::WhatsAppOrders => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_digits_open_modules_in_order() {
        let alt = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT);
        assert_eq!(command_for(&alt('1')), Some(Command::GoTo(Module::Dashboard)));
        assert_eq!(command_for(&alt('4')), Some(Command::GoTo(Module::MasterData)));
        assert_eq!(command_for(&alt('9')), Some(Command::GoTo(Module::Settings)));
        assert_eq!(command_for(&KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE)), None);
    }

    #[test]
    fn every_binding_with_keys_is_reachable_by_them() {
        for b in bindings().iter().filter(|b| !b.keys.is_empty()) {
            let key = match b.keys.as_str() {
                "F1" => KeyEvent::from(KeyCode::F(1)),
                k if k.starts_with("Ctrl+") => {
                    KeyEvent::new(KeyCode::Char(k.chars().last().unwrap().to_ascii_lowercase()), KeyModifiers::CONTROL)
                }
                k => KeyEvent::new(KeyCode::Char(k.chars().last().unwrap()), KeyModifiers::ALT),
            };
            assert_eq!(command_for(&key), Some(b.command), "{}", b.keys);
        }
    }
}
