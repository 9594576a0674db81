#![no_main]
//! Fuzz target: the `cifras_nacionales` reader (see `almaplan_formats::fuzzing`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    almaplan_formats::fuzzing::run("cifras_nacionales", data);
});
