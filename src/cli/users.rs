//! `warung user add|passwd|list|disable|enable|unlock`. Passwords never come from argv.

use std::path::Path;

use super::UserAction;
use super::setup::{open_existing, read_password};
use crate::lang::Lang;
use crate::services::Actor;

pub fn run(db: &Path, action: UserAction, lang: Lang) -> anyhow::Result<()> {
    let mut shop = open_existing(db, lang)?;
    let cli = Actor::command_line();
    match action {
        UserAction::Add { username, role, name, password_stdin } => {
            let role = role.parse()?;
            let password = read_password(password_stdin, &username, lang)?;
            shop.add_user(&cli, &username, &name, role, &password)?;
            let role = role.name(lang);
            eprintln!(
                "{}",
                lang.pick(
                    &format!("user {username} ({role}) added"),
                    &format!("pengguna {username} ({role}) ditambahkan")
                )
            );
        }
        UserAction::Passwd { username, password_stdin } => {
            let password = read_password(password_stdin, &username, lang)?;
            shop.change_password(&cli, &username, &password)?;
            eprintln!(
                "{}",
                lang.pick(&format!("password of {username} changed"), &format!("kata sandi {username} diganti"))
            );
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
            eprintln!(
                "{}",
                lang.pick(&format!("user {username} disabled"), &format!("pengguna {username} dinonaktifkan"))
            );
        }
        UserAction::Enable { username } => {
            shop.set_user_active(&cli, &username, true)?;
            eprintln!("{}", lang.pick(&format!("user {username} enabled"), &format!("pengguna {username} diaktifkan")));
        }
        UserAction::Unlock { username } => {
            shop.unlock_user(&cli, &username)?;
            eprintln!(
                "{}",
                lang.pick(&format!("user {username} unlocked"), &format!("kunci pengguna {username} dibuka"))
            );
        }
        UserAction::Phone { username, phone } => {
            let phone = (!phone.eq_ignore_ascii_case("none")).then_some(phone.as_str());
            shop.set_user_phone(&cli, &username, phone)?;
            let done = match (lang, phone.is_some()) {
                (Lang::En, true) => format!("phone of {username} set"),
                (Lang::En, false) => format!("phone of {username} removed"),
                (Lang::Id, true) => format!("nomor HP {username} disimpan"),
                (Lang::Id, false) => format!("nomor HP {username} dihapus"),
            };
            eprintln!("{done}");
        }
    }
    Ok(())
}
