//! warung: keyboard-first point of sale and customer engagement for Indonesian
//! small shops. Layers depend downward only:
//! domain (pure) ← store (the only SQL) ← services (use cases) ← cli / tui.

pub mod cli;
pub mod clock;
pub mod domain;
pub mod errors;
pub mod files;
pub mod hub;
pub mod labels;
pub mod lang;
pub mod messaging;
pub mod reports;
pub mod services;
pub mod store;
pub mod tui;
