#![no_main]
//! Fuzz target: the `cifras_entidad` reader (see `almaplan_formats::fuzzing`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    almaplan_formats::fuzzing::run("cifras_entidad", data);
});
