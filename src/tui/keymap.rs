//! Global keys and the commands behind them. The help overlay and the command
//! palette are generated from this table, so they can never disagree with it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Module};

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
        list.push(binding(&format!("Alt+{}", module.number()), Command::GoTo(module), en, id));
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
        KeyCode::Char(c @ '1'..='9') if alt => Some(Command::GoTo(Module::ALL[(c as u8 - b'1') as usize])),
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
