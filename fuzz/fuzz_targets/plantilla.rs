#![no_main]
//! Fuzz target: the `plantilla` reader (see `almaplan_formats::fuzzing`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    almaplan_formats::fuzzing::run("plantilla", data);
});
