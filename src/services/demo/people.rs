//! Made-up but believable people around a shop in Yogyakarta: customers (with their
//! shopping habits), suppliers and staff. Pure generation, no database.

use std::collections::HashSet;

use jiff::civil::Date;
use rand::Rng;
use rand::seq::IndexedRandom;

use crate::domain::master::{CustomerData, SupplierData};
use crate::domain::{Money, Phone, PriceTier, Role};

const WOMEN: &[&str] = &[
    "Sri", "Siti", "Dewi", "Rina", "Wulan", "Endang", "Yuni", "Ani", "Lestari", "Ratna", "Fitri", "Nur", "Tuti",
    "Sumarni", "Wahyuni", "Indah", "Ayu", "Putri", "Rahma", "Kartika", "Suparmi", "Tini", "Murni", "Eka", "Novi",
    "Sekar", "Dian", "Anisa", "Mega", "Winarsih",
];
const MEN: &[&str] = &[
    "Budi",
    "Agus",
    "Slamet",
    "Joko",
    "Bambang",
    "Eko",
    "Dwi",
    "Hadi",
    "Sugeng",
    "Wahyu",
    "Yusuf",
    "Rudi",
    "Teguh",
    "Heru",
    "Bayu",
    "Andi",
    "Rizky",
    "Fajar",
    "Imam",
    "Darmaji",
    "Supriyadi",
    "Sutrisno",
    "Paijo",
    "Gilang",
    "Dimas",
    "Arif",
    "Nugroho",
    "Hendra",
    "Prasetyo",
    "Wawan",
];
const FAMILY_NAMES: &[&str] = &[
    "Santoso",
    "Wibowo",
    "Susanto",
    "Hidayat",
    "Setiawan",
    "Kusuma",
    "Lestari",
    "Purnomo",
    "Saputra",
    "Rahayu",
    "Handayani",
    "Wijaya",
    "Nugraha",
    "Pratama",
    "Utomo",
    "Suryani",
    "Hartono",
    "Kurniawan",
    "Firmansyah",
    "Maharani",
    "Permata",
    "Sulistyo",
    "Widodo",
    "Aminah",
    "Marlina",
];
const BUSINESSES: &[&str] = &["Warung", "Warung Makan", "Angkringan", "Toko", "Kios", "Burjo"];
const STREETS: &[&str] = &[
    "Jl. Kaliurang Km 7",
    "Jl. Gejayan",
    "Jl. Monjali",
    "Jl. Palagan Tentara Pelajar",
    "Jl. Magelang Km 5",
    "Jl. Godean",
    "Jl. Parangtritis Km 4",
    "Jl. Imogiri Timur",
    "Jl. Wonosari Km 8",
    "Jl. Affandi",
    "Gg. Melati",
    "Gg. Mawar",
    "Gg. Kenanga",
    "Perum Griya Asri Blok C",
    "Jl. Seturan Raya",
];
const AREAS: &[&str] =
    &["Ngaglik, Sleman", "Depok, Sleman", "Mlati, Sleman", "Banguntapan, Bantul", "Sewon, Bantul", "Kasihan, Bantul"];
/// Indonesian mobile prefixes after the leading 0 (Telkomsel, Indosat, XL, Tri, Smartfren).
const MOBILE_PREFIXES: &[&str] =
    &["811", "812", "813", "821", "822", "852", "853", "856", "857", "858", "877", "878", "895", "896", "881", "838"];

/// Wholesale suppliers a Yogyakarta shop would buy from: (name, phone, address).
pub const SUPPLIERS: &[(&str, &str, &str)] = &[
    ("PT Indofood Sukses Makmur Tbk", "021-57958822", "Sudirman Plaza, Jl. Jend. Sudirman Kav. 76-78, Jakarta"),
    ("PT Wings Surya", "031-7491701", "Jl. Kalianak 55, Surabaya"),
    ("PT Unilever Indonesia Tbk", "021-80827000", "Grha Unilever, BSD City, Tangerang"),
    ("CV Sumber Grosir", "0274-563201", "Jl. Magelang Km 6 No. 14, Sleman"),
    ("UD Beras Makmur Delanggu", "0272-551236", "Jl. Raya Solo-Yogya Km 23, Klaten"),
    ("CV Sinar Jaya Distribusi", "0274-370455", "Jl. Ring Road Utara No. 88, Depok, Sleman"),
    ("Agen LPG & Galon Pak Harjo", "0812-2733-4510", "Jl. Kaliurang Km 10, Ngaglik, Sleman"),
    ("PT HM Sampoerna Tbk (Distributor Yogya)", "0274-487112", "Jl. Wonosari Km 6, Banguntapan, Bantul"),
];

/// Who works at the shop: username, full name, role.
pub const DEMO_STAFF: &[(&str, &str, Role)] = &[
    ("pemilik", "H. Slamet Riyadi", Role::Owner),
    ("manajer", "Rina Kusumawati", Role::Manager),
    ("kasir", "Dewi Anggraini", Role::Cashier),
    ("kasir2", "Agus Prasetyo", Role::Cashier),
];

pub fn suppliers() -> impl Iterator<Item = SupplierData> {
    SUPPLIERS.iter().map(|(name, phone, address)| SupplierData {
        name: name.to_string(),
        phone: phone.to_string(),
        address: address.to_string(),
    })
}

/// How often and when a customer shops, in days counted from the first day of history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Habit {
    /// Relative chance of being the customer at a given sale.
    pub weight: f64,
    pub first_day: u32,
    pub last_day: u32,
    /// Bulk buyers (warung owners) buy by the carton and the sack.
    pub bulk: bool,
}

impl Habit {
    pub fn active_on(&self, day: u32) -> bool {
        (self.first_day..=self.last_day).contains(&day)
    }
}

#[derive(Debug, Clone)]
pub struct CustomerSeed {
    pub data: CustomerData,
    pub habit: Habit,
}

/// Hands out distinct customers; phones never repeat.
pub struct People {
    phones: HashSet<Phone>,
}

impl Default for People {
    fn default() -> Self {
        People::new()
    }
}

impl People {
    pub fn new() -> People {
        People { phones: HashSet::new() }
    }

    /// A member of a shop that has traded for `days` days up to `today`; members
    /// register with their mobile number. About one in twelve is a warung owner
    /// buying wholesale on credit.
    pub fn customer(&mut self, rng: &mut impl Rng, days: u32, today: Date) -> CustomerSeed {
        let bulk = rng.random_bool(1.0 / 12.0);
        let name = if bulk { business_name(rng) } else { person_name(rng) };
        let phone = self.unique_phone(rng);
        let tier = match (bulk, rng.random_bool(0.3)) {
            (false, _) => PriceTier::Retail,
            (true, false) => PriceTier::Wholesale1,
            (true, true) => PriceTier::Wholesale2,
        };
        let credit_limit = if bulk {
            Money::new(rng.random_range(5..=25) * 100_000)
        } else if rng.random_bool(0.15) {
            Money::new(rng.random_range(2..=5) * 50_000)
        } else {
            Money::ZERO
        };
        let data = CustomerData {
            code: None,
            name,
            wa_opt_in: rng.random_bool(0.65),
            phone: Some(phone),
            address: address(rng),
            tier,
            credit_limit,
            birthday: (!bulk && rng.random_bool(0.6)).then(|| birthday(rng, today)),
            notes: String::new(),
        };
        CustomerSeed { data, habit: habit(rng, days, bulk) }
    }

    fn unique_phone(&mut self, rng: &mut impl Rng) -> Phone {
        loop {
            let phone = mobile_phone(rng);
            if self.phones.insert(phone.clone()) {
                return phone;
            }
        }
    }
}

/// Loyalty mixes so RFM segments have something to find: regulars, frequent and
/// occasional shoppers, newcomers, and people who stopped coming. Warung owners
/// restock from the shop a couple of times a week.
fn habit(rng: &mut impl Rng, days: u32, bulk: bool) -> Habit {
    let last = days.saturating_sub(1);
    let roll: f64 = rng.random();
    let (weight, first_day, last_day) = if bulk {
        (rng.random_range(3.0..6.0), 0, last)
    } else if roll < 0.15 {
        (rng.random_range(8.0..15.0), 0, last)
    } else if roll < 0.45 {
        (rng.random_range(2.0..5.0), rng.random_range(0..=days / 4), last)
    } else if roll < 0.75 {
        (rng.random_range(0.4..1.5), rng.random_range(0..=days / 2), last)
    } else if roll < 0.88 {
        (rng.random_range(2.0..4.0), rng.random_range(days * 3 / 4..=last), last)
    } else {
        let stopped = rng.random_range(days / 3..=days * 3 / 4);
        (rng.random_range(3.0..6.0), rng.random_range(0..=stopped / 3), stopped)
    };
    Habit { weight, first_day, last_day, bulk }
}

pub fn person_name(rng: &mut impl Rng) -> String {
    let woman = rng.random_bool(0.6);
    let given = pick(rng, if woman { WOMEN } else { MEN });
    let family = pick(rng, FAMILY_NAMES);
    match rng.random_range(0..10) {
        0..=3 => format!("{} {given} {family}", if woman { "Bu" } else { "Pak" }),
        4..=5 => format!("{} {given}", if woman { "Mbak" } else { "Mas" }),
        _ => format!("{given} {family}"),
    }
}

fn business_name(rng: &mut impl Rng) -> String {
    let owner =
        if rng.random_bool(0.6) { format!("Bu {}", pick(rng, WOMEN)) } else { format!("Pak {}", pick(rng, MEN)) };
    format!("{} {owner}", pick(rng, BUSINESSES))
}

pub fn address(rng: &mut impl Rng) -> String {
    format!("{} No. {}, {}", pick(rng, STREETS), rng.random_range(1..=120), pick(rng, AREAS))
}

/// A valid Indonesian mobile number such as 0812-3456-7890, normalised.
pub fn mobile_phone(rng: &mut impl Rng) -> Phone {
    let digits = rng.random_range(7..=8);
    let subscriber: u64 = rng.random_range(10u64.pow(digits - 1)..10u64.pow(digits));
    let text = format!("0{}{subscriber}", pick(rng, MOBILE_PREFIXES));
    Phone::parse(&text).expect("generated numbers follow the mobile pattern")
}

/// Adults aged 18–65; a few have their birthday within the coming week, so birthday
/// greetings have someone to greet.
fn birthday(rng: &mut impl Rng, today: Date) -> Date {
    let year = today.year() - rng.random_range(18..=65);
    let day = if rng.random_bool(0.1) {
        today.saturating_add(jiff::Span::new().days(rng.random_range(0..7)))
    } else {
        today.saturating_add(jiff::Span::new().days(rng.random_range(0..365)))
    };
    Date::new(year, day.month(), day.day()).unwrap_or_else(|_| Date::constant(year, day.month(), 28))
}

fn pick<'a>(rng: &mut impl Rng, list: &[&'a str]) -> &'a str {
    list.choose(rng).copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;

    #[test]
    fn customers_have_valid_distinct_phones_and_sensible_habits() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut people = People::new();
        let today = jiff::civil::date(2026, 11, 23);
        let seeds: Vec<_> = (0..500).map(|_| people.customer(&mut rng, 90, today)).collect();
        let phones: HashSet<_> = seeds.iter().filter_map(|s| s.data.phone.clone()).collect();
        assert_eq!(phones.len(), seeds.len());
        for seed in &seeds {
            assert!(seed.habit.first_day <= seed.habit.last_day && seed.habit.last_day < 90, "{:?}", seed.habit);
            assert_eq!(seed.habit.bulk, seed.data.tier != PriceTier::Retail);
        }
        assert!(seeds.iter().any(|s| s.habit.bulk) && seeds.iter().any(|s| s.habit.last_day < 60));
    }
}
