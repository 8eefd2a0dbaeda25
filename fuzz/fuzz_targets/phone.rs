#![no_main]
#[allow(dead_code, unused_imports)]
#[path = "../../tests/common/mod.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|text: &str| {
    common::hostile::phone(text);
});
