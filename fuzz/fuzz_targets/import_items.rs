#![no_main]
#[allow(dead_code, unused_imports)]
#[path = "../../tests/common/mod.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::hostile::import_csv(warung::services::import::ImportKind::Items, data);
});
