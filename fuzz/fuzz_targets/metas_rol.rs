#![no_main]
//! Fuzz target: the `metas_rol` reader (see `almaplan_formats::fuzzing`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    almaplan_formats::fuzzing::run("metas_rol", data);
});
