//! What an Indonesian shop sells: categories, brands, products with rupiah prices,
//! wholesale breaks and EAN-13 barcodes. Pure generation, no database.
//!
//! The demo shop lists every product below once; the scale shop draws variants of
//! them (`Catalog::synthetic_item`) until it has as many items as it needs.

use std::collections::HashMap;

use rand::Rng;
use rand::seq::IndexedRandom;

use crate::domain::barcode::gs1_check_digit;
use crate::domain::master::{BarcodeSpec, ItemData};
use crate::domain::{Money, PriceList, Qty};

/// A shelf section and the margin range the shop keeps on it (percent over cost).
#[derive(Debug)]
pub struct Category {
    pub name: &'static str,
    /// SKU prefix.
    pub code: &'static str,
    pub margin: (u32, u32),
}

/// One brand's line of products that share a unit, carton size and wholesale breaks.
#[derive(Debug)]
pub struct Family {
    pub category: &'static Category,
    /// Empty for loose goods weighed or measured at the counter; they get in-store codes.
    pub brand: &'static str,
    pub unit: &'static str,
    /// (product name, retail price per unit in rupiah)
    pub products: &'static [(&'static str, i64)],
    /// Units in the carton (DUS, slop, sack) that has its own barcode.
    pub carton: Option<i64>,
    /// Minimum quantities for the wholesale 1 and 2 prices.
    pub wholesale_min: Option<(i64, i64)>,
    /// How much this line sells compared with others.
    pub popularity: f64,
}

impl Family {
    /// Loose goods sold by weight or volume, in decimal quantities.
    pub fn weighed(&self) -> bool {
        matches!(self.unit, "KG" | "LTR")
    }
}

const SEMBAKO: Category = Category { name: "Sembako", code: "SBK", margin: (8, 12) };
const MI_INSTAN: Category = Category { name: "Mi Instan", code: "MIE", margin: (10, 18) };
const MINUMAN: Category = Category { name: "Minuman", code: "MNM", margin: (12, 22) };
const KOPI_TEH: Category = Category { name: "Kopi & Teh", code: "KOP", margin: (12, 20) };
const ROKOK: Category = Category { name: "Rokok", code: "RKK", margin: (8, 12) };
const SABUN: Category = Category { name: "Sabun & Deterjen", code: "SBN", margin: (12, 20) };
const PERAWATAN: Category = Category { name: "Perawatan Diri", code: "PRW", margin: (12, 22) };
const BUMBU: Category = Category { name: "Bumbu Dapur", code: "BMB", margin: (12, 25) };
const SNACK: Category = Category { name: "Snack", code: "SNK", margin: (15, 25) };
const SUSU: Category = Category { name: "Susu", code: "SSU", margin: (10, 18) };
const OBAT: Category = Category { name: "Obat Warung", code: "OBT", margin: (15, 25) };
const ATK: Category = Category { name: "Alat Tulis", code: "ATK", margin: (20, 25) };
const GAS_GALON: Category = Category { name: "Gas & Galon", code: "GAS", margin: (8, 12) };

const fn family(
    category: &'static Category,
    brand: &'static str,
    unit: &'static str,
    products: &'static [(&'static str, i64)],
    carton: Option<i64>,
    wholesale_min: Option<(i64, i64)>,
    popularity: f64,
) -> Family {
    Family { category, brand, unit, products, carton, wholesale_min, popularity }
}

#[rustfmt::skip]
pub const FAMILIES: &[Family] = &[
    family(&SEMBAKO, "", "KG", &[("Beras IR 64 Medium", 13_500), ("Beras Pandan Wangi", 15_500), ("Beras Rojolele Delanggu", 16_000), ("Beras Setra Ramos", 15_000)], None, Some((10, 25)), 8.0),
    family(&SEMBAKO, "", "KG", &[("Gula Pasir Curah", 17_500), ("Gula Merah Jawa", 22_000), ("Telur Ayam Negeri", 29_000)], None, Some((5, 15)), 6.0),
    family(&SEMBAKO, "", "LTR", &[("Minyak Goreng Curah", 17_000)], None, Some((5, 18)), 3.0),
    family(&SEMBAKO, "Sania", "PCS", &[("Beras Sania Premium 5kg", 78_000), ("Minyak Goreng Sania 2L", 38_000), ("Minyak Goreng Sania 1L", 19_500)], Some(6), Some((3, 6)), 2.0),
    family(&SEMBAKO, "Bimoli", "PCS", &[("Bimoli Klasik 2L", 40_000), ("Bimoli Klasik 1L", 20_500), ("Bimoli Spesial 2L", 42_000)], Some(6), Some((3, 6)), 2.5),
    family(&SEMBAKO, "Minyakita", "PCS", &[("Minyakita 1L", 15_700), ("Minyakita 2L", 31_000)], Some(12), Some((6, 12)), 3.0),
    family(&SEMBAKO, "Gulaku", "PCS", &[("Gulaku Premium 1kg", 19_000), ("Gulaku Kuning 1kg", 18_500), ("Gulaku Premium 1/2kg", 9_800)], Some(12), Some((5, 12)), 3.0),
    family(&SEMBAKO, "Bogasari", "PCS", &[("Segitiga Biru 1kg", 14_000), ("Cakra Kembar 1kg", 13_500), ("Kunci Biru 1kg", 12_500)], Some(10), Some((5, 10)), 1.5),
    family(&SEMBAKO, "Refina", "PCS", &[("Garam Refina 250g", 4_000), ("Garam Meja Refina 500g", 7_000)], Some(24), None, 1.0),
    family(&MI_INSTAN, "Indomie", "PCS", &[("Indomie Goreng", 3_500), ("Indomie Goreng Pedas", 3_600), ("Indomie Soto Mie", 3_300), ("Indomie Kari Ayam", 3_500), ("Indomie Ayam Bawang", 3_300), ("Indomie Rendang", 3_600), ("Indomie Goreng Aceh", 3_600), ("Indomie Goreng Jumbo", 4_500)], Some(40), Some((10, 40)), 12.0),
    family(&MI_INSTAN, "Wings Food", "PCS", &[("Mie Sedaap Goreng", 3_500), ("Mie Sedaap Soto", 3_300), ("Mie Sedaap Kari Spesial", 3_500), ("Mie Sedaap Ayam Bawang", 3_300), ("Mie Sedaap White Curry", 4_000)], Some(40), Some((10, 40)), 7.0),
    family(&MI_INSTAN, "Sarimi", "PCS", &[("Sarimi Isi 2 Ayam Kecap", 4_000), ("Sarimi Isi 2 Soto Koya", 4_000), ("Supermi Ayam Bawang", 3_000)], Some(40), Some((10, 40)), 2.0),
    family(&MI_INSTAN, "Pop Mie", "PCS", &[("Pop Mie Rasa Ayam", 6_000), ("Pop Mie Rasa Baso", 6_000), ("Pop Mie Goreng Pedas", 6_500)], Some(24), Some((6, 24)), 3.0),
    family(&MINUMAN, "Aqua", "PCS", &[("Aqua 600ml", 4_000), ("Aqua 1500ml", 7_000), ("Aqua 330ml", 3_000)], Some(24), Some((12, 24)), 9.0),
    family(&MINUMAN, "Aqua", "DUS", &[("Aqua Gelas 220ml Dus Isi 48", 38_000)], None, Some((3, 10)), 2.0),
    family(&MINUMAN, "Le Minerale", "PCS", &[("Le Minerale 600ml", 3_500), ("Le Minerale 1500ml", 6_500)], Some(24), Some((12, 24)), 6.0),
    family(&MINUMAN, "Sosro", "PCS", &[("Teh Botol Sosro 450ml", 5_500), ("Teh Botol Sosro Kotak 250ml", 4_000), ("Fruit Tea Apel 500ml", 6_000)], Some(24), Some((12, 24)), 4.0),
    family(&MINUMAN, "Mayora", "PCS", &[("Teh Pucuk Harum 350ml", 4_000), ("Kopiko 78C 240ml", 7_000)], Some(24), Some((12, 24)), 4.5),
    family(&MINUMAN, "Coca-Cola", "PCS", &[("Coca-Cola 390ml", 6_500), ("Sprite 390ml", 6_500), ("Fanta Stroberi 390ml", 6_500), ("Coca-Cola 1,5L", 15_500)], Some(12), Some((6, 12)), 3.0),
    family(&MINUMAN, "Otsuka", "PCS", &[("Pocari Sweat 500ml", 8_500), ("Pocari Sweat 350ml", 6_500)], Some(24), Some((12, 24)), 1.5),
    family(&MINUMAN, "Kratingdaeng", "PCS", &[("Kratingdaeng 150ml", 6_500), ("Mizone Lychee Lemon 500ml", 6_000)], Some(24), None, 1.5),
    family(&KOPI_TEH, "Kapal Api", "RENCENG", &[("Kapal Api Special Mix Renceng", 16_000), ("Kopi ABC Susu Renceng", 15_500), ("Good Day Cappuccino Renceng", 18_000)], Some(12), Some((5, 12)), 4.0),
    family(&KOPI_TEH, "Torabika", "RENCENG", &[("Torabika Cappuccino Renceng", 18_500), ("Torabika Duo Susu Renceng", 15_000), ("Luwak White Koffie Renceng", 15_000)], Some(12), Some((5, 12)), 3.0),
    family(&KOPI_TEH, "Kapal Api", "PCS", &[("Kapal Api Kopi Bubuk 165g", 15_500), ("Kopi Kapal Api Mini 65g", 6_500), ("Nescafe Classic 50g", 22_000)], Some(24), None, 1.5),
    family(&KOPI_TEH, "Unilever", "PCS", &[("Teh Sariwangi Isi 25", 8_500), ("Teh Celup Sosro Isi 25", 8_000), ("Teh Tjap Poci 50g", 5_000)], Some(24), None, 1.5),
    family(&KOPI_TEH, "Extra Joss", "RENCENG", &[("Extra Joss Renceng Isi 6", 9_000), ("Kuku Bima Energi Renceng Isi 6", 9_500)], Some(24), None, 1.5),
    family(&ROKOK, "Sampoerna", "BKS", &[("Sampoerna Mild 16", 33_000), ("Sampoerna Kretek 12", 18_500), ("Dji Sam Soe 12", 22_000), ("Marlboro Merah 20", 43_000)], Some(10), Some((10, 50)), 8.0),
    family(&ROKOK, "Gudang Garam", "BKS", &[("Gudang Garam Filter 12", 25_000), ("Gudang Garam Surya 16", 33_000), ("GG Mild 16", 30_000)], Some(10), Some((10, 50)), 6.0),
    family(&ROKOK, "Djarum", "BKS", &[("Djarum Super 12", 24_000), ("Djarum Coklat 12", 17_000), ("LA Bold 20", 35_000), ("Djarum 76 Filter 12", 19_000)], Some(10), Some((10, 50)), 5.0),
    family(&ROKOK, "Nojorono", "BKS", &[("Class Mild 16", 26_000), ("Magnum Filter 12", 22_000)], Some(10), Some((10, 50)), 2.0),
    family(&SABUN, "Unilever", "PCS", &[("Rinso Anti Noda 770g", 24_500), ("Rinso Molto 44g", 1_000), ("Sunlight Jeruk Nipis 755ml", 17_500), ("Molto Pewangi 900ml", 22_000), ("Wipol Karbol Cemara 780ml", 16_000)], Some(12), Some((6, 12)), 4.0),
    family(&SABUN, "Wings", "PCS", &[("So Klin Lantai 770ml", 13_500), ("Daia Putih 850g", 19_000), ("Mama Lemon 780ml", 14_500), ("So Klin Pewangi 900ml", 17_000), ("Nuvo Sabun Batang 72g", 3_500)], Some(12), Some((6, 12)), 3.5),
    family(&SABUN, "Kao", "PCS", &[("Attack Easy 800g", 21_000), ("Bagus Kapur Barus", 6_000)], Some(12), Some((6, 12)), 1.5),
    family(&SABUN, "Unilever", "RENCENG", &[("Rinso Cair Sachet Renceng", 11_000), ("Molto Sachet Renceng", 10_000), ("Sunlight Sachet Renceng", 6_500)], Some(12), None, 2.0),
    family(&PERAWATAN, "Unilever", "PCS", &[("Lifebuoy Merah 110g", 4_500), ("Lux Soft Rose 110g", 4_500), ("Pepsodent 190g", 13_500), ("Close Up Merah 160g", 14_500), ("Rexona Men Roll On 45ml", 19_500)], Some(12), Some((6, 12)), 3.0),
    family(&PERAWATAN, "Unilever", "RENCENG", &[("Sunsilk Sachet Renceng", 12_000), ("Clear Sachet Renceng", 13_000), ("Pantene Sachet Renceng", 13_000)], Some(12), None, 2.0),
    family(&PERAWATAN, "Kao", "PCS", &[("Biore Body Foam 250ml", 21_000), ("Softex Daily Wing 20", 12_500), ("Charm Extra Maxi 16", 13_000)], Some(12), None, 1.5),
    family(&BUMBU, "Indofood", "PCS", &[("Kecap Bango 220ml", 12_500), ("Kecap ABC Manis 135ml", 6_500), ("Saus Sambal ABC 335ml", 11_000), ("Saus Tomat Del Monte 340g", 10_500), ("Sambal Indofood 135ml", 7_500)], Some(24), Some((6, 24)), 3.0),
    family(&BUMBU, "Unilever", "RENCENG", &[("Royco Ayam Renceng", 6_000), ("Masako Ayam Renceng", 6_000), ("Sasa Tepung Bumbu Renceng", 9_000)], Some(20), None, 2.5),
    family(&BUMBU, "Ajinomoto", "PCS", &[("Ajinomoto 250g", 12_500), ("Sasa MSG 100g", 5_500), ("Ladaku Merica Bubuk 4g", 1_000), ("Terasi Udang ABC 4g", 500), ("Santan Kara 65ml", 3_500), ("Desaku Kunyit Bubuk", 2_500)], Some(24), None, 2.0),
    family(&BUMBU, "", "KG", &[("Bawang Merah", 42_000), ("Bawang Putih", 38_000), ("Cabai Rawit Merah", 55_000), ("Cabai Merah Keriting", 48_000)], None, None, 3.0),
    family(&SNACK, "Indofood", "PCS", &[("Chitato Sapi Panggang 68g", 11_500), ("Qtela Singkong Balado 185g", 14_000), ("Lays Rumput Laut 68g", 11_500), ("Cheetos Jagung Bakar 40g", 6_000)], Some(24), None, 2.5),
    family(&SNACK, "Mayora", "PCS", &[("Beng-Beng 20g", 2_500), ("Roma Kelapa 300g", 11_000), ("Kopiko Candy 150g", 9_000), ("Better Sandwich 100g", 7_000), ("Danisa 250g", 38_000)], Some(24), None, 2.5),
    family(&SNACK, "GarudaFood", "PCS", &[("Chocolatos 24g", 2_000), ("Gery Saluut 45g", 2_500), ("Kacang Garuda 100g", 10_500), ("Pilus Garuda 95g", 6_000)], Some(24), None, 2.0),
    family(&SNACK, "Nabati", "PCS", &[("Richeese Nabati 50g", 2_500), ("Tango Wafer 130g", 9_000), ("Oreo 133g", 9_500), ("Biskuat Coklat 134g", 6_500), ("Sari Roti Tawar Kupas", 18_000)], Some(24), None, 2.0),
    family(&SUSU, "Indolakto", "PCS", &[("Indomilk Kental Manis Putih 370g", 12_500), ("Frisian Flag Kental Manis 370g", 13_500), ("Ultra Milk Coklat 250ml", 7_000), ("Ultra Milk Full Cream 1L", 20_500), ("Indomilk UHT Coklat 190ml", 5_500)], Some(24), Some((6, 24)), 3.0),
    family(&SUSU, "Nestle", "PCS", &[("Bear Brand 189ml", 11_000), ("Dancow Fortigro 400g", 48_000), ("Milo Kotak 180ml", 6_500), ("Susu Bendera Sachet", 1_500)], Some(24), None, 2.0),
    family(&SUSU, "Nestle", "RENCENG", &[("Milo Sachet Renceng", 19_000), ("Dancow Sachet Renceng", 24_000), ("SKM Frisian Flag Sachet Renceng", 14_500)], Some(12), None, 1.5),
    family(&OBAT, "Tempo Scan", "PCS", &[("Bodrex Tablet Strip", 3_500), ("Paramex Strip", 3_000), ("Mixagrip Flu Strip", 3_000), ("Neozep Forte Strip", 3_500), ("Promag Strip", 8_000)], Some(25), None, 1.5),
    family(&OBAT, "Sido Muncul", "PCS", &[("Tolak Angin Cair Sachet", 4_500), ("Antangin JRG Sachet", 4_500), ("Komix OBH Jahe Sachet", 2_000), ("Kuku Bima Ener-G Sachet", 1_500)], Some(48), None, 2.0),
    family(&OBAT, "Kalbe", "PCS", &[("Panadol Biru Strip", 13_500), ("OBH Combi Batuk 100ml", 21_000), ("Minyak Kayu Putih Cap Lang 60ml", 26_000), ("Hansaplast Isi 10", 5_000), ("Insto Tetes Mata 7,5ml", 16_500), ("Counterpain 30g", 39_000), ("Entrostop Strip", 7_500)], None, None, 1.0),
    family(&ATK, "Sinar Dunia", "PCS", &[("Buku Tulis SiDU 38 Lembar", 4_000), ("Buku Tulis SiDU 58 Lembar", 5_500), ("Buku Gambar A4", 6_000)], Some(10), Some((10, 40)), 1.0),
    family(&ATK, "Standard", "PCS", &[("Pulpen Standard AE7 Hitam", 3_000), ("Pensil 2B Faber-Castell", 4_500), ("Penghapus Joyko", 2_000), ("Penggaris Butterfly 30cm", 3_500), ("Lem Povinal 25ml", 3_500), ("Isolasi Nachi Bening", 5_000), ("Tipe-X Kenko Pen", 8_500), ("Spidol Snowman Boardmarker", 9_500), ("Amplop Paperline Putih", 500), ("Kertas HVS Sidu A4 Rim", 62_000)], Some(12), None, 1.0),
    family(&GAS_GALON, "Pertamina", "PCS", &[("Gas LPG 3kg Isi Ulang", 21_000), ("Bright Gas 5,5kg Isi Ulang", 98_000), ("Bright Gas 12kg Isi Ulang", 215_000)], None, None, 3.5),
    family(&GAS_GALON, "Aqua", "PCS", &[("Aqua Galon 19L Isi Ulang", 21_000), ("Le Minerale Galon 15L Isi Ulang", 22_000), ("Air Isi Ulang RO Galon", 6_000)], None, None, 3.0),
];

/// Words the scale shop adds to product names to make new variants.
const VARIANT_WORDS: &[&str] = &[
    "Original",
    "Pedas",
    "Jumbo",
    "Mini",
    "Refill",
    "Pouch",
    "Ekstra",
    "Premium",
    "Spesial",
    "Lite",
    "Gold",
    "Plus",
    "Family Pack",
    "Isi 2",
    "Isi 3",
    "Rasa Baru",
    "Hemat",
    "Value Pack",
    "Edisi Ramadan",
    "Botol",
];

/// A catalogue item before it is stored: what to insert and how well it sells.
#[derive(Debug, Clone)]
pub struct ItemSpec {
    pub data: ItemData,
    /// Relative share of sale lines.
    pub popularity: f64,
    pub weighed: bool,
    /// Base units per carton barcode, the lot the shop buys in.
    pub carton: Option<i64>,
    /// Loose goods get a code from the shop's own in-store range when stored.
    pub needs_in_store_code: bool,
}

/// Hands out SKUs and manufacturer barcodes so neither ever repeats.
#[derive(Default)]
pub struct Catalog {
    skus: HashMap<&'static str, u32>,
    eans: EanAllocator,
    family_sizes: Vec<u32>,
}

impl Catalog {
    pub fn new() -> Catalog {
        Catalog { family_sizes: vec![0; FAMILIES.len()], ..Default::default() }
    }

    /// Every product of the catalogue once, as the demo shop stocks them.
    pub fn all_products(&mut self, rng: &mut impl Rng) -> Vec<ItemSpec> {
        let mut specs = Vec::new();
        for (index, family) in FAMILIES.iter().enumerate() {
            for &(name, price) in family.products {
                specs.push(self.item(rng, index, name.to_string(), price));
            }
        }
        specs
    }

    /// A new variant of a random product: a scale shop's long tail.
    pub fn synthetic_item(&mut self, rng: &mut impl Rng) -> ItemSpec {
        let index = rng.random_range(0..FAMILIES.len());
        let (name, price) = *FAMILIES[index].products.choose(rng).expect("families have products");
        let word = VARIANT_WORDS.choose(rng).expect("non-empty");
        let price = (price as f64 * rng.random_range(0.7..1.6)) as i64;
        self.item(rng, index, format!("{name} {word}"), price)
    }

    fn item(&mut self, rng: &mut impl Rng, family_index: usize, name: String, price: i64) -> ItemSpec {
        let family = &FAMILIES[family_index];
        let rank = self.family_sizes[family_index];
        self.family_sizes[family_index] += 1;
        let retail = nice_price(price);
        let margin = rng.random_range(family.category.margin.0..=family.category.margin.1);
        let cost = retail * 100 / (100 + i64::from(margin));
        let barcodes = if family.brand.is_empty() { Vec::new() } else { self.barcodes(family) };
        let data = ItemData {
            sku: self.next_sku(family.category),
            name,
            category: Some(family.category.name.to_string()),
            unit: family.unit.to_string(),
            cost: Money::new(cost),
            prices: wholesale_prices(cost, retail, family.wholesale_min),
            reorder_level: Qty::ZERO,
            barcodes,
        };
        // The first products of a line sell best, later variants form a long tail,
        // and big-ticket items (a 12 kg gas cylinder, a 5 kg rice bag) sell less often.
        let rank_share = (1.0 + f64::from(rank)).powf(-0.8);
        let price_share = (50_000.0 / retail as f64).min(1.0);
        let popularity = family.popularity * rng.random_range(0.5..1.5) * rank_share * price_share;
        ItemSpec {
            data,
            popularity,
            weighed: family.weighed(),
            carton: family.carton,
            needs_in_store_code: family.brand.is_empty(),
        }
    }

    fn next_sku(&mut self, category: &'static Category) -> String {
        let counter = self.skus.entry(category.code).or_default();
        *counter += 1;
        format!("{}-{:05}", category.code, counter)
    }

    fn barcodes(&mut self, family: &Family) -> Vec<BarcodeSpec> {
        let unit = BarcodeSpec { code: self.eans.next(family.brand), factor: Qty::ONE };
        let carton =
            family.carton.map(|n| BarcodeSpec { code: self.eans.next(family.brand), factor: Qty::from_units(n) });
        std::iter::once(unit).chain(carton).collect()
    }
}

/// Shelf prices end in round hundreds or thousands, as shops write them.
pub fn nice_price(rupiah: i64) -> i64 {
    let step = if rupiah < 10_000 {
        100
    } else if rupiah < 100_000 {
        500
    } else {
        1_000
    };
    ((rupiah + step / 2) / step).max(1) * step
}

/// Wholesale 1 gives up a little under half the margin, wholesale 2 about seventy
/// percent; a tier is left out when rounding leaves it no cheaper than the one above.
fn wholesale_prices(cost: i64, retail: i64, minimums: Option<(i64, i64)>) -> PriceList {
    let mut prices = PriceList { retail: Money::new(retail), ..Default::default() };
    let Some((min1, min2)) = minimums else { return prices };
    let at = |share_kept: i64| (cost + (retail - cost) * share_kept / 100) / 50 * 50;
    let (w1, w2) = (at(55), at(30));
    if cost < w1 && w1 < retail {
        prices.wholesale1 = Some(Money::new(w1));
        prices.min_qty_wholesale1 = Some(Qty::from_units(min1));
        if cost < w2 && w2 < w1 {
            prices.wholesale2 = Some(Money::new(w2));
            prices.min_qty_wholesale2 = Some(Qty::from_units(min2));
        }
    }
    prices
}

/// Indonesian-looking EAN-13 codes: GS1 prefix 899, a four-digit company number per
/// brand, a five-digit product number and the check digit. Both numbers are spread
/// out by multiplying with a prime, so codes look unrelated yet never repeat.
#[derive(Default)]
struct EanAllocator {
    /// brand → (company number index, products used under it)
    brands: HashMap<&'static str, (u64, u64)>,
    companies: u64,
}

impl EanAllocator {
    const PRODUCTS_PER_COMPANY: u64 = 100_000;

    fn next(&mut self, brand: &'static str) -> String {
        let companies = &mut self.companies;
        let (company, used) = self.brands.entry(brand).or_insert_with(|| {
            *companies += 1;
            (*companies, 0)
        });
        if *used == Self::PRODUCTS_PER_COMPANY {
            // A brand this big registers another company number.
            *companies += 1;
            *company = *companies;
            *used = 0;
        }
        let company_number = 1_000 + (*company * 7_919) % 9_000;
        let product_number = (*used * 3_571 + 2_500) % Self::PRODUCTS_PER_COMPANY;
        *used += 1;
        ean13(&format!("899{company_number:04}{product_number:05}"))
    }
}

/// Append the GS1 check digit to a twelve-digit payload.
pub fn ean13(payload: &str) -> String {
    let digits: Vec<u8> = payload.bytes().map(|b| b - b'0').collect();
    format!("{payload}{}", gs1_check_digit(&digits))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::domain::{PriceTier, barcode};

    #[test]
    fn the_demo_catalogue_is_big_valid_and_priced_with_margin() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let specs = Catalog::new().all_products(&mut rng);
        assert!(specs.len() >= 150, "{}", specs.len());
        for spec in &specs {
            let (cost, p) = (spec.data.cost.rupiah(), spec.data.prices);
            let margin = (p.retail.rupiah() - cost) * 100 / cost;
            assert!((7..=25).contains(&margin), "{} margin {margin}%", spec.data.name);
            assert!(p.wholesale1.is_none_or(|w| w.rupiah() > cost && w < p.retail), "{}", spec.data.name);
            assert!(p.wholesale2.is_none_or(|w| w.rupiah() > cost && Some(w) < p.wholesale1), "{}", spec.data.name);
            for code in &spec.data.barcodes {
                assert_eq!(barcode::validate(&code.code).as_deref(), Ok(code.code.as_str()));
                assert!(code.code.starts_with("899"));
            }
        }
        assert!(specs.iter().filter(|s| s.data.prices.wholesale1.is_some()).count() > 50);
        assert!(specs.iter().any(|s| s.weighed && s.data.unit == "KG"));
    }

    #[test]
    fn skus_and_barcodes_never_repeat_even_at_scale() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut catalog = Catalog::new();
        let specs: Vec<_> = (0..20_000).map(|_| catalog.synthetic_item(&mut rng)).collect();
        let skus: HashSet<_> = specs.iter().map(|s| s.data.sku.as_str()).collect();
        assert_eq!(skus.len(), specs.len());
        let codes: Vec<_> = specs.iter().flat_map(|s| s.data.barcodes.iter().map(|b| b.code.as_str())).collect();
        assert_eq!(codes.iter().collect::<HashSet<_>>().len(), codes.len());
    }

    #[test]
    fn big_orders_reach_wholesale_prices() {
        let prices = wholesale_prices(2_950, 3_500, Some((10, 40)));
        assert_eq!(
            prices.price_for(PriceTier::Retail, Qty::from_units(10)),
            (PriceTier::Wholesale1, Money::new(3_250))
        );
        assert_eq!(
            prices.price_for(PriceTier::Retail, Qty::from_units(40)),
            (PriceTier::Wholesale2, Money::new(3_100))
        );
        assert_eq!(nice_price(3_449), 3_400);
        assert_eq!(nice_price(12_740), 12_500);
        assert_eq!(ean13("899868620057").len(), 13);
    }
}
