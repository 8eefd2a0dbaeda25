#![no_main]
#[allow(dead_code, unused_imports)]
#[path = "../../tests/common/mod.rs"]
mod common;

use warung::tui::i18n::Lang;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut harness = common::Harness::logged_in(Lang::Id);
    common::hostile::keys(&mut harness, &common::hostile::keys_from_bytes(data));
});
