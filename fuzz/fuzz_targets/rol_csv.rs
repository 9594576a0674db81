#![no_main]
//! Fuzz target: the `rol_csv` reader (see `almaplan_formats::fuzzing`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    almaplan_formats::fuzzing::run("rol_csv", data);
});
