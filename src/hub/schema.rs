//! The hub's schema (`hub` in the hub's database), its numbered migrations in
//! `migrations/hub/`, and its roles. Roles belong to the whole PostgreSQL cluster,
//! so they are named after the database: in database `asosiasi` the members' group
//! is `asosiasi_shops`, the read-everything role `asosiasi_reader`, and shop
//! `toko_a` logs in as `asosiasi_shop_toko_a`.

use postgres::Client;
use rand::Rng;

use super::{HubError, HubUrl, Result};
use crate::domain::hub::is_shop_code;

/// Forward-only migrations of the hub; version N means the first N have run.
const MIGRATIONS: &[&str] =
    &[include_str!("../../migrations/hub/0001_schema.sql"), include_str!("../../migrations/hub/0002_benchmarks.sql")];

/// The hub's roles in one database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roles {
    prefix: String,
}

impl Roles {
    /// Roles for `database`: its name lowercased, other characters as `_`, at most 20.
    pub fn of(database: &str) -> Roles {
        let mut prefix: String = database
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
            .take(20)
            .collect();
        if prefix.is_empty() || prefix.starts_with(|c: char| c.is_ascii_digit()) {
            prefix.insert(0, 'h');
        }
        Roles { prefix }
    }

    /// The group every member shop's login role is in.
    pub fn shops(&self) -> String {
        format!("{}_shops", self.prefix)
    }

    /// The role that reads every shop's figures (grant it to the association's people).
    pub fn reader(&self) -> String {
        format!("{}_reader", self.prefix)
    }

    pub fn shop(&self, code: &str) -> String {
        format!("{}_shop_{code}", self.prefix)
    }
}

/// What `init-server` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitReport {
    pub applied: Vec<usize>,
    pub version: usize,
    pub roles: Roles,
}

fn server(e: postgres::Error, url: &HubUrl) -> HubError {
    url.explain(&e)
}

fn database_roles(client: &mut Client, url: &HubUrl) -> Result<Roles> {
    let row = client.query_one("SELECT current_database()::text", &[]).map_err(|e| server(e, url))?;
    Ok(Roles::of(&row.get::<_, String>(0)))
}

/// Create (or bring up to date) the hub's schema and roles. Needs a user that may
/// create schemas and roles (the database owner with CREATEROLE, or a superuser).
/// `share_benchmarks`, when given, lets members see the association's medians or not.
pub fn init_server(url: &HubUrl, share_benchmarks: Option<bool>) -> Result<InitReport> {
    let mut client = url.connect()?;
    let roles = database_roles(&mut client, url)?;
    let may_create_roles: bool = client
        .query_one("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user", &[])
        .map_err(|e| server(e, url))?
        .get(0);
    if !may_create_roles {
        return Err(HubError::CannotCreateRoles { user: url.user() });
    }
    for group in [roles.shops(), roles.reader()] {
        client
            .batch_execute(&format!(
                "DO $$ BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{group}') THEN
                        CREATE ROLE \"{group}\" NOLOGIN;
                    END IF;
                 END $$"
            ))
            .map_err(|e| server(e, url))?;
    }
    let mut tx = client.transaction().map_err(|e| server(e, url))?;
    tx.batch_execute(
        "CREATE SCHEMA IF NOT EXISTS hub;
         CREATE TABLE IF NOT EXISTS hub.migrations (
             version    integer PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now());
         LOCK TABLE hub.migrations IN EXCLUSIVE MODE;",
    )
    .map_err(|e| server(e, url))?;
    let done: i32 =
        tx.query_one("SELECT COALESCE(MAX(version), 0) FROM hub.migrations", &[]).map_err(|e| server(e, url))?.get(0);
    let done = done.max(0) as usize;
    if done > MIGRATIONS.len() {
        return Err(HubError::SchemaTooNew { found: done, known: MIGRATIONS.len() });
    }
    let mut applied = Vec::new();
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(done) {
        let version = index + 1;
        let sql = sql
            .replace("{shops}", &format!("\"{}\"", roles.shops()))
            .replace("{reader}", &format!("\"{}\"", roles.reader()));
        tx.batch_execute(&sql).map_err(|e| HubError::Server(format!("hub migration {version}: {}", server(e, url))))?;
        tx.execute("INSERT INTO hub.migrations (version) VALUES ($1)", &[&(version as i32)])
            .map_err(|e| server(e, url))?;
        applied.push(version);
    }
    if let Some(share) = share_benchmarks {
        let value = if share { "yes" } else { "no" };
        tx.execute("UPDATE hub.settings SET value = $1 WHERE key = 'share_benchmarks'", &[&value])
            .map_err(|e| server(e, url))?;
    }
    tx.commit().map_err(|e| server(e, url))?;
    Ok(InitReport { applied, version: MIGRATIONS.len(), roles })
}

/// A new member shop: its login role and the URL it joins with (password included;
/// shown once, kept nowhere).
#[derive(Debug, Clone)]
pub struct NewShop {
    pub role: String,
    pub url: HubUrl,
}

/// Letters and digits only, so it needs no quoting in a URL or in SQL.
fn generate_password() -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..24).map(|_| CHARS[rng.random_range(0..CHARS.len())] as char).collect()
}

/// Add member shop `code` called `name`: a login role in the members' group that
/// row-level security limits to the shop's own rows. For a shop already there,
/// `new_password` gives its login a new password (and the shop `name`) instead.
pub fn add_shop(url: &HubUrl, code: &str, name: &str, new_password: bool) -> Result<NewShop> {
    if !is_shop_code(code) {
        return Err(HubError::BadShopCode { code: code.to_string() });
    }
    let name = name.trim();
    if name.is_empty() {
        return Err(HubError::EmptyName);
    }
    let mut client = url.connect()?;
    let roles = database_roles(&mut client, url)?;
    let role = roles.shop(code);
    let password = generate_password();
    let mut tx = client.transaction().map_err(|e| server(e, url))?;
    let exists =
        tx.query_opt("SELECT 1 FROM hub.shops WHERE shop = $1", &[&code]).map_err(|e| server(e, url))?.is_some();
    if exists && !new_password {
        return Err(HubError::AlreadyMember { code: code.to_string() });
    }
    let role_exists =
        tx.query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&role]).map_err(|e| server(e, url))?.is_some();
    // Only a SCRAM verifier reaches the server, so the password is in no server log.
    let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
    let password_clause = format!("LOGIN PASSWORD '{verifier}'");
    let statement = if role_exists {
        format!("ALTER ROLE \"{role}\" {password_clause}")
    } else {
        format!("CREATE ROLE \"{role}\" {password_clause}")
    };
    tx.batch_execute(&statement).map_err(|e| server(e, url))?;
    tx.batch_execute(&format!("GRANT \"{}\" TO \"{role}\"", roles.shops())).map_err(|e| server(e, url))?;
    tx.execute(
        "INSERT INTO hub.shops (shop, name, role) VALUES ($1, $2, $3)
         ON CONFLICT (shop) DO UPDATE SET name = excluded.name",
        &[&code, &name, &role],
    )
    .map_err(|e| server(e, url))?;
    tx.commit().map_err(|e| server(e, url))?;
    Ok(NewShop { url: url.as_user(&role, &password), role })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_named_after_the_database() {
        let roles = Roles::of("Asosiasi-P2GS");
        assert_eq!((roles.shops(), roles.reader()), ("asosiasi_p2gs_shops".into(), "asosiasi_p2gs_reader".into()));
        assert_eq!(roles.shop("toko_a"), "asosiasi_p2gs_shop_toko_a");
        assert_eq!(Roles::of("2026").shops(), "h2026_shops");
        assert!(Roles::of(&"x".repeat(80)).shop(&"y".repeat(32)).len() <= 63);
    }

    #[test]
    fn generated_passwords_need_no_quoting() {
        let password = generate_password();
        assert_eq!(password.len(), 24);
        assert!(password.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
