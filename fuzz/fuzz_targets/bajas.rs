#![no_main]
//! Fuzz target: the `bajas` reader (see `almaplan_formats::fuzzing`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    almaplan_formats::fuzzing::run("bajas", data);
});
