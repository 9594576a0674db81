#![no_main]
//! Fuzz target: the `establecimientos_csv` reader (see `almaplan_formats::fuzzing`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    almaplan_formats::fuzzing::run("establecimientos_csv", data);
});
