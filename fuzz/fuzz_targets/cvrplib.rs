#![no_main]
//! Fuzz target: the `cvrplib` reader (see `almaplan_formats::fuzzing`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    almaplan_formats::fuzzing::run("cvrplib", data);
});
