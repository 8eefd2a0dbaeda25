//! Users, passwords and login. Passwords are argon2id hashes; five wrong passwords
//! lock an account for five minutes, and a locked account is answered exactly like
//! a wrong password, so neither reveals which usernames exist. Each session (a
//! terminal's login screen) slows down after a few wrong logins, whatever the names.
//! Manager PINs lock the same way per approver, with a wait that grows.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use super::{Actor, Refusal, Result, ServiceError, Shop, Thing};
use crate::domain::{Permission, Role};
use crate::lang::Lang;
use crate::store::users::{self, UserRow};

pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOCKOUT_MS: i64 = 5 * 60 * 1000;
pub const MIN_PASSWORD_LEN: usize = 8;
/// Wrong logins a session may make before each next try waits (1 s, 2 s, 4 s, … 60 s).
pub const SESSION_FREE_TRIES: u32 = 3;
const SESSION_MAX_WAIT_MS: i64 = 60_000;
/// Wrong manager PINs before an approver's PIN waits: 30 s, then twice as long
/// after each further wrong PIN, up to an hour.
pub const PIN_FREE_TRIES: i64 = 3;
const PIN_FIRST_WAIT_MS: i64 = 30_000;
const PIN_MAX_WAIT_MS: i64 = 60 * 60 * 1000;

/// How long a wait after `failures` wrong tries: none for the first `free`, then
/// `first_ms` doubling with each further one, at most `max_ms`.
fn growing_wait_ms(failures: i64, free: i64, first_ms: i64, max_ms: i64) -> Option<i64> {
    let extra = failures - free;
    (extra >= 0).then(|| first_ms.saturating_mul(1 << extra.min(20)).min(max_ms))
}

/// Wrong logins made in one session (one login screen), whatever the usernames.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoginThrottle {
    failures: u32,
    next_try_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, strum::EnumIter)]
pub enum AuthError {
    /// Deliberately the same whether the user exists, is locked or not.
    #[error("wrong username or password")]
    WrongCredentials,
    #[error("too many wrong logins here: wait {seconds} second(s) before trying again")]
    SlowDown { seconds: i64 },
    #[error("too many wrong PINs: PIN approvals wait {seconds} more second(s)")]
    PinLocked { seconds: i64 },
    #[error("password must be at least {MIN_PASSWORD_LEN} characters")]
    WeakPassword,
    #[error("that password is one of the first any attacker tries; choose another")]
    CommonPassword,
    #[error("username must be 2–32 letters, digits, '.', '_' or '-'")]
    BadUsername,
    #[error("user {0} already exists")]
    UserExists(String),
    #[error("the last active owner cannot be disabled")]
    LastOwner,
}

impl AuthError {
    /// The sentence in `lang`; `Display` is the English one.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Id => match self {
                AuthError::WrongCredentials => "nama pengguna atau kata sandi salah".into(),
                AuthError::SlowDown { seconds } => {
                    format!("terlalu banyak login salah di sini: tunggu {seconds} detik sebelum mencoba lagi")
                }
                AuthError::PinLocked { seconds } => {
                    format!("terlalu banyak PIN salah: persetujuan PIN menunggu {seconds} detik lagi")
                }
                AuthError::WeakPassword => format!("kata sandi minimal {MIN_PASSWORD_LEN} karakter"),
                AuthError::CommonPassword => {
                    "kata sandi itu termasuk yang pertama dicoba penyerang; pilih yang lain".into()
                }
                AuthError::BadUsername => "nama pengguna 2–32 huruf, angka, '.', '_' atau '-'".into(),
                AuthError::UserExists(name) => format!("pengguna {name} sudah ada"),
                AuthError::LastOwner => "pemilik aktif terakhir tidak bisa dinonaktifkan".into(),
            },
        }
    }
}

pub(super) fn hash_password(password: &str) -> Result<String> {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| Refusal::PasswordHash { detail: e.to_string() })?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Refusal::PasswordHash { detail: e.to_string() }.into())
}

pub(super) fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

fn check_username(username: &str) -> Result<()> {
    let ok = (2..=32).contains(&username.chars().count())
        && username.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok { Ok(()) } else { Err(AuthError::BadUsername.into()) }
}

fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(AuthError::WeakPassword.into());
    }
    if is_common_password(password) {
        return Err(AuthError::CommonPassword.into());
    }
    Ok(())
}

/// The passwords guessed first: a short list of the commonest (in Indonesia too),
/// one character repeated, or a run of neighbouring digits or letters.
fn is_common_password(password: &str) -> bool {
    const COMMON: &[&str] = &[
        "password",
        "password1",
        "password123",
        "passw0rd",
        "12345678",
        "123456789",
        "1234567890",
        "87654321",
        "qwertyui",
        "qwerty123",
        "qwertyuiop",
        "asdfghjk",
        "asdfasdf",
        "zxcvbnm1",
        "1q2w3e4r",
        "1qaz2wsx",
        "iloveyou",
        "sunshine",
        "princess",
        "football",
        "baseball",
        "welcome1",
        "superman",
        "trustno1",
        "letmein1",
        "admin123",
        "administrator",
        "abc12345",
        "abcd1234",
        "11223344",
        "12341234",
        "12121212",
        "bismillah",
        "indonesia",
        "rahasia123",
        "sayang123",
        "jakarta1",
        "warung123",
        "toko1234",
        "password!",
        "changeme",
        "default1",
    ];
    let lower = password.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let one_repeated = chars.windows(2).all(|w| w[0] == w[1]);
    let run = |step: i32| chars.windows(2).all(|w| w[1] as i32 - w[0] as i32 == step);
    COMMON.contains(&lower.as_str()) || one_repeated || run(1) || run(-1)
}

/// A user as listed (no hashes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserInfo {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub active: bool,
    pub locked_until: Option<i64>,
}

impl Shop {
    pub fn has_users(&self) -> Result<bool> {
        Ok(users::count(self.store.conn())? > 0)
    }

    pub fn login(&mut self, username: &str, password: &str) -> Result<Actor> {
        let now = self.now_ms();
        let throttle = self.login_throttle;
        if throttle.next_try_at > now {
            return Err(AuthError::SlowDown { seconds: (throttle.next_try_at - now + 999) / 1000 }.into());
        }
        let result = self.check_login(username, password, now);
        self.login_throttle = match result {
            Ok(_) => LoginThrottle::default(),
            Err(_) => {
                let failures = throttle.failures + 1;
                let wait =
                    growing_wait_ms(i64::from(failures), i64::from(SESSION_FREE_TRIES), 1000, SESSION_MAX_WAIT_MS);
                LoginThrottle { failures, next_try_at: now + wait.unwrap_or(0) }
            }
        };
        result
    }

    fn check_login(&mut self, username: &str, password: &str, now: i64) -> Result<Actor> {
        let user = users::by_username(self.store.conn(), username.trim())?;
        let locked = |u: &UserRow| u.locked_until.is_some_and(|until| until > now);
        let Some(user) = user.filter(|u| u.active && !locked(u)) else {
            // Spend the same time as a real check so timing does not reveal the user.
            verify_password(password, DUMMY_HASH);
            return Err(AuthError::WrongCredentials.into());
        };
        if verify_password(password, &user.password_hash) {
            self.write(|tx| Ok(users::record_login_success(tx, user.id)?))?;
            return Ok(actor_of(&user));
        }
        // A lock that has expired starts a fresh count.
        let previous = if user.locked_until.is_some() { 0 } else { user.failed_logins };
        let failed = previous + 1;
        let (failed, locked_until) =
            if failed >= MAX_FAILED_LOGINS { (0, Some(now + LOCKOUT_MS)) } else { (failed, None) };
        self.write(|tx| Ok(users::record_login_failure(tx, user.id, failed, locked_until)?))?;
        Err(AuthError::WrongCredentials.into())
    }

    /// Add a user. The very first user of a shop may be added by anyone and must be an owner.
    pub fn add_user(
        &mut self,
        actor: &Actor,
        username: &str,
        full_name: &str,
        role: Role,
        password: &str,
    ) -> Result<()> {
        let first = !self.has_users()?;
        if first && role != Role::Owner {
            return Err(Refusal::FirstUserNotOwner.into());
        }
        if !first {
            actor.require(Permission::ManageUsers, "manage users")?;
        }
        let username = username.trim();
        check_username(username)?;
        if crate::domain::text::has_control_chars(full_name) {
            return Err(Refusal::NameControlCharacters.into());
        }
        check_password(password)?;
        let hash = hash_password(password)?;
        let now = self.now_ms();
        self.write(|tx| {
            if users::by_username(tx, username)?.is_some() {
                return Err(AuthError::UserExists(username.to_string()).into());
            }
            let id = users::insert(tx, username, full_name.trim(), role, &hash, now)?;
            tx.audit(actor, "user.add", "user", id, None, Some(format!("{username} ({role})")))
        })
    }

    /// Owners change anyone's password; everyone may change their own.
    pub fn change_password(&mut self, actor: &Actor, username: &str, new_password: &str) -> Result<()> {
        if actor.username != username {
            actor.require(Permission::ManageUsers, "change another user's password")?;
        }
        check_password(new_password)?;
        let hash = hash_password(new_password)?;
        self.write(|tx| {
            let user =
                users::by_username(tx, username)?.ok_or_else(|| ServiceError::Missing(Thing::User.key(username)))?;
            users::set_password_hash(tx, user.id, &hash)?;
            tx.audit(actor, "user.password", "user", user.id, None, None)
        })
    }

    /// A manager's or owner's PIN approves discounts and credit above limits at the till.
    pub fn set_pin(&mut self, actor: &Actor, username: &str, pin: &str) -> Result<()> {
        if actor.username != username {
            actor.require(Permission::ManageUsers, "set another user's PIN")?;
        }
        if !(4..=8).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
            return Err(Refusal::PinFormat.into());
        }
        let hash = hash_password(pin)?;
        self.write(|tx| {
            let user =
                users::by_username(tx, username)?.ok_or_else(|| ServiceError::Missing(Thing::User.key(username)))?;
            users::set_pin_hash(tx, user.id, Some(&hash))?;
            tx.audit(actor, "user.pin", "user", user.id, None, None)
        })
    }

    /// A manager's or owner's PIN, typed at the till for `asking` (the cashier):
    /// who approved. A wrong PIN counts against every approver whose PIN is not
    /// waiting, with an audit row; after [`PIN_FREE_TRIES`] their PIN waits, longer
    /// after each further wrong PIN. A waiting PIN is not tried at all, so guessing
    /// during the wait learns nothing.
    pub fn approve_with_pin(&mut self, asking: &Actor, pin: &str) -> Result<Actor> {
        let now = self.now_ms();
        let approvers: Vec<UserRow> = users::list(self.store.conn())?
            .into_iter()
            .filter(|u| u.active && u.role.can(Permission::ApproveExceptions) && u.pin_hash.is_some())
            .collect();
        let (waiting, open): (Vec<UserRow>, Vec<UserRow>) =
            approvers.into_iter().partition(|u| u.pin_locked_until.is_some_and(|until| until > now));
        if open.is_empty()
            && let Some(until) = waiting.iter().filter_map(|u| u.pin_locked_until).min()
        {
            return Err(AuthError::PinLocked { seconds: (until - now + 999) / 1000 }.into());
        }
        if let Some(user) = open.iter().find(|u| u.pin_hash.as_deref().is_some_and(|hash| verify_password(pin, hash))) {
            self.write(|tx| Ok(users::record_pin_success(tx, user.id)?))?;
            return Ok(actor_of(user));
        }
        self.write(|tx| {
            for user in &open {
                let failures = user.pin_failures + 1;
                let wait = growing_wait_ms(failures, PIN_FREE_TRIES, PIN_FIRST_WAIT_MS, PIN_MAX_WAIT_MS);
                users::record_pin_failure(tx, user.id, failures, wait.map(|w| now + w))?;
            }
            let who: Vec<&str> = open.iter().map(|u| u.username.as_str()).collect();
            tx.audit(asking, "pin.failed", "user", asking.user_id.unwrap_or(0), None, Some(who.join(",")))
        })?;
        Err(Refusal::PinNotApprover.into())
    }

    /// Lift a user's password and PIN lockouts (`warung user unlock USER`).
    pub fn unlock_user(&mut self, actor: &Actor, username: &str) -> Result<()> {
        actor.require(Permission::ManageUsers, "unlock users")?;
        self.write(|tx| {
            let user =
                users::by_username(tx, username)?.ok_or_else(|| ServiceError::Missing(Thing::User.key(username)))?;
            users::unlock(tx, user.id)?;
            tx.audit(actor, "user.unlock", "user", user.id, None, None)
        })
    }

    pub fn list_users(&self, actor: &Actor) -> Result<Vec<UserInfo>> {
        actor.require(Permission::ManageUsers, "list users")?;
        Ok(users::list(self.store.conn())?
            .into_iter()
            .map(|u| UserInfo {
                username: u.username,
                full_name: u.full_name,
                role: u.role,
                active: u.active,
                locked_until: [u.locked_until, u.pin_locked_until]
                    .into_iter()
                    .flatten()
                    .max()
                    .filter(|t| *t > self.now_ms()),
            })
            .collect())
    }

    pub fn set_user_active(&mut self, actor: &Actor, username: &str, active: bool) -> Result<()> {
        actor.require(Permission::ManageUsers, "disable users")?;
        self.write(|tx| {
            let user =
                users::by_username(tx, username)?.ok_or_else(|| ServiceError::Missing(Thing::User.key(username)))?;
            if !active && user.role == Role::Owner {
                let other_owners =
                    users::list(tx)?.iter().filter(|u| u.active && u.role == Role::Owner && u.id != user.id).count();
                if other_owners == 0 {
                    return Err(AuthError::LastOwner.into());
                }
            }
            users::set_active(tx, user.id, active)?;
            let action = if active { "user.enable" } else { "user.disable" };
            tx.audit(actor, action, "user", user.id, Some(user.active.to_string()), Some(active.to_string()))
        })
    }
}

fn actor_of(user: &UserRow) -> Actor {
    Actor { user_id: Some(user.id), username: user.username.clone(), role: user.role }
}

/// A valid argon2id hash of a random string, verified against when the user does not
/// exist so both paths cost the same.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Ab3ZHJ3vYp6sVXQ0ZEPzyS0pbd+yxwOUHZ0zYvZk3Vc";

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::store::Store;

    fn shop() -> (Shop, Arc<FixedClock>) {
        let clock = Arc::new(FixedClock::at_ms(1_700_000_000_000));
        let mut shop = Shop::new(Store::open_in_memory().unwrap(), clock.clone());
        shop.add_user(&Actor::command_line(), "owner", "Bu Owner", Role::Owner, "rahasia1").unwrap();
        (shop, clock)
    }

    #[test]
    fn stores_argon2id_hashes_not_passwords() {
        let (shop, _) = shop();
        let row = users::by_username(shop.store.conn(), "owner").unwrap().unwrap();
        assert!(row.password_hash.starts_with("$argon2id$"), "{}", row.password_hash);
        assert!(!row.password_hash.contains("rahasia1"));
    }

    #[test]
    fn login_succeeds_with_the_right_password_only() {
        let (mut shop, _) = shop();
        let actor = shop.login("OWNER", "rahasia1").unwrap();
        assert_eq!(actor.role, Role::Owner);
        let wrong = shop.login("owner", "salah").unwrap_err().to_string();
        let missing = shop.login("nobody", "salah").unwrap_err().to_string();
        assert_eq!(wrong, missing, "a wrong password must not reveal whether the user exists");
    }

    /// Past the session's slowdown, so only the account's own lockout counts.
    const PAST_SLOWDOWN_MS: i64 = 60_000;

    #[test]
    fn five_failures_lock_for_five_minutes_and_say_so_as_a_wrong_password_does() {
        let (mut shop, clock) = shop();
        for _ in 0..5 {
            assert!(matches!(shop.login("owner", "x"), Err(ServiceError::Auth(AuthError::WrongCredentials))));
            clock.advance_ms(PAST_SLOWDOWN_MS);
        }
        // Locked at the fifth failure, one minute ago: the right password is answered
        // exactly as a wrong one, and as a name that does not exist.
        let locked = shop.login("owner", "rahasia1").unwrap_err().to_string();
        clock.advance_ms(PAST_SLOWDOWN_MS);
        assert_eq!(locked, shop.login("nobody", "rahasia1").unwrap_err().to_string());
        clock.advance_ms(LOCKOUT_MS - 2 * PAST_SLOWDOWN_MS);
        assert!(shop.login("owner", "rahasia1").is_ok());
    }

    #[test]
    fn a_success_resets_the_failure_count() {
        let (mut shop, clock) = shop();
        for _ in 0..4 {
            let _ = shop.login("owner", "x");
            clock.advance_ms(PAST_SLOWDOWN_MS);
        }
        shop.login("owner", "rahasia1").unwrap();
        for _ in 0..4 {
            let _ = shop.login("owner", "x");
            clock.advance_ms(PAST_SLOWDOWN_MS);
        }
        assert!(shop.login("owner", "rahasia1").is_ok());
    }

    #[test]
    fn a_session_slows_down_after_three_wrong_logins_whatever_the_names() {
        let (mut shop, clock) = shop();
        for name in ["a1", "b2", "c3"] {
            assert!(matches!(shop.login(name, "x"), Err(ServiceError::Auth(AuthError::WrongCredentials))));
        }
        assert!(matches!(shop.login("owner", "rahasia1"), Err(ServiceError::Auth(AuthError::SlowDown { seconds: 1 }))));
        clock.advance_ms(1000);
        assert!(shop.login("d4", "x").is_err());
        assert!(matches!(shop.login("owner", "rahasia1"), Err(ServiceError::Auth(AuthError::SlowDown { seconds: 2 }))));
        clock.advance_ms(2000);
        assert!(shop.login("owner", "rahasia1").is_ok(), "the account itself was never locked");
    }

    #[test]
    fn wrong_pins_lock_approvers_longer_each_time_with_an_audit_row_each() {
        let (mut shop, clock) = shop();
        let owner = Actor::command_line();
        shop.add_user(&owner, "budi", "Budi", Role::Manager, "manajer1").unwrap();
        shop.set_pin(&owner, "budi", "4321").unwrap();
        shop.add_user(&owner, "sari", "Sari", Role::Cashier, "kasir123").unwrap();
        let cashier = shop.login("sari", "kasir123").unwrap();
        for guess in ["0000", "0001", "0002"] {
            assert!(shop.approve_with_pin(&cashier, guess).is_err());
        }
        // Waiting now: even the right PIN is not tried.
        let waiting = shop.approve_with_pin(&cashier, "4321");
        assert!(matches!(waiting, Err(ServiceError::Auth(AuthError::PinLocked { seconds: 30 }))), "{waiting:?}");
        clock.advance_ms(30_000);
        assert!(shop.approve_with_pin(&cashier, "0003").is_err());
        let longer = shop.approve_with_pin(&cashier, "4321");
        assert!(matches!(longer, Err(ServiceError::Auth(AuthError::PinLocked { seconds: 60 }))), "{longer:?}");
        let audit = shop.recent_audit(50).unwrap();
        assert_eq!(audit.iter().filter(|a| a.action == "pin.failed").count(), 4);

        // The owner lifts it from the command line; the right PIN then approves and resets.
        shop.unlock_user(&owner, "budi").unwrap();
        assert_eq!(shop.approve_with_pin(&cashier, "4321").unwrap().username, "budi");
        assert!(shop.recent_audit(50).unwrap().iter().any(|a| a.action == "user.unlock"));
    }

    #[test]
    fn only_owners_manage_users() {
        let (mut shop, _) = shop();
        let owner = shop.login("owner", "rahasia1").unwrap();
        shop.add_user(&owner, "sari", "Sari", Role::Cashier, "kasir123").unwrap();
        shop.add_user(&owner, "budi", "Budi", Role::Manager, "manajer1").unwrap();
        let cashier = shop.login("sari", "kasir123").unwrap();
        let manager = shop.login("budi", "manajer1").unwrap();
        assert!(matches!(
            shop.add_user(&cashier, "x1", "", Role::Cashier, "gudang77"),
            Err(ServiceError::Denied { role: Role::Cashier, .. })
        ));
        assert!(matches!(
            shop.add_user(&manager, "x1", "", Role::Cashier, "gudang77"),
            Err(ServiceError::Denied { .. })
        ));
        assert!(shop.change_password(&cashier, "owner", "hijack1").is_err());
        shop.change_password(&cashier, "sari", "baru1234").unwrap();
        assert!(shop.login("sari", "baru1234").is_ok());
    }

    #[test]
    fn disabled_users_cannot_log_in_and_the_last_owner_stays() {
        let (mut shop, _) = shop();
        let owner = shop.login("owner", "rahasia1").unwrap();
        shop.add_user(&owner, "sari", "Sari", Role::Cashier, "kasir123").unwrap();
        shop.set_user_active(&owner, "sari", false).unwrap();
        assert!(matches!(shop.login("sari", "kasir123"), Err(ServiceError::Auth(AuthError::WrongCredentials))));
        assert!(matches!(shop.set_user_active(&owner, "owner", false), Err(ServiceError::Auth(AuthError::LastOwner))));
    }

    #[test]
    fn rejects_weak_passwords_bad_names_and_duplicates() {
        let (mut shop, _) = shop();
        let owner = Actor::command_line();
        assert!(matches!(
            shop.add_user(&owner, "ab", "", Role::Cashier, "123"),
            Err(ServiceError::Auth(AuthError::WeakPassword))
        ));
        for weak in ["1234567", "password", "PASSWORD", "aaaaaaaa", "12345678", "87654321", "abcdefgh", "bismillah"] {
            assert!(
                matches!(
                    shop.add_user(&owner, "ab", "", Role::Cashier, weak),
                    Err(ServiceError::Auth(AuthError::WeakPassword | AuthError::CommonPassword))
                ),
                "{weak}"
            );
        }
        assert!(matches!(
            shop.add_user(&owner, "a b", "", Role::Cashier, "gudang77"),
            Err(ServiceError::Auth(AuthError::BadUsername))
        ));
        assert!(matches!(
            shop.add_user(&owner, "Owner", "", Role::Cashier, "gudang77"),
            Err(ServiceError::Auth(AuthError::UserExists(_)))
        ));
    }
}
