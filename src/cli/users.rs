//! `warung user add|passwd|list|disable|enable|unlock`. Passwords never come from argv.

use std::path::Path;

use super::UserAction;
use super::setup::{open_existing, read_password};
use crate::services::Actor;

pub fn run(db: &Path, action: UserAction) -> anyhow::Result<()> {
    let mut shop = open_existing(db)?;
    let cli = Actor::command_line();
    match action {
        UserAction::Add { username, role, name, password_stdin } => {
            let role = role.parse()?;
            let password = read_password(password_stdin, &format!("Password for {username}"))?;
            shop.add_user(&cli, &username, &name, role, &password)?;
            eprintln!("user {username} ({role}) added");
        }
        UserAction::Passwd { username, password_stdin } => {
            let password = read_password(password_stdin, &format!("New password for {username}"))?;
            shop.change_password(&cli, &username, &password)?;
            eprintln!("password of {username} changed");
        }
        UserAction::List => {
            let mut out = csv::Writer::from_writer(std::io::stdout());
            out.write_record(["username", "name", "role", "active", "locked"])?;
            for user in shop.list_users(&cli)? {
                out.write_record([
                    user.username.as_str(),
                    crate::reports::csv_safe::neutralise(&user.full_name).as_ref(),
                    user.role.code(),
                    if user.active { "yes" } else { "no" },
                    if user.locked_until.is_some() { "yes" } else { "no" },
                ])?;
            }
            out.flush()?;
        }
        UserAction::Disable { username } => {
            shop.set_user_active(&cli, &username, false)?;
            eprintln!("user {username} disabled");
        }
        UserAction::Enable { username } => {
            shop.set_user_active(&cli, &username, true)?;
            eprintln!("user {username} enabled");
        }
        UserAction::Unlock { username } => {
            shop.unlock_user(&cli, &username)?;
            eprintln!("user {username} unlocked");
        }
        UserAction::Phone { username, phone } => {
            let phone = (!phone.eq_ignore_ascii_case("none")).then_some(phone.as_str());
            shop.set_user_phone(&cli, &username, phone)?;
            eprintln!("phone of {username} {}", if phone.is_some() { "set" } else { "removed" });
        }
    }
    Ok(())
}
