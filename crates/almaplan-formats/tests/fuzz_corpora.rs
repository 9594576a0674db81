//! Replays what the fuzzer kept: every seed, every file of `fuzz/corpus/<target>/` and every
//! crash turned regression in `fuzz/regressions/<target>/`, through the same entry point the fuzz
//! targets call. A reader that panics on any of them fails this test (in seconds, in CI), so a
//! crash found once by hours of fuzzing stays fixed.

use std::path::{Path, PathBuf};

use almaplan_formats::fuzzing::{run, seeds, TARGETS};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The files of `dir/<target>/`, sorted (none when the folder does not exist).
fn files(dir: &Path, target: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.join(target)) else { return Vec::new() };
    let mut out: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    out.sort();
    out
}

#[test]
fn every_fuzz_target_has_a_file_in_fuzz_targets() {
    for target in TARGETS {
        let file = fuzz_dir().join("fuzz_targets").join(format!("{target}.rs"));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(text.contains(&format!("run(\"{target}\"")), "{} does not fuzz {target}", file.display());
    }
}

#[test]
fn corpora_and_regressions_replay_without_a_panic() {
    let mut replayed = 0;
    for target in TARGETS {
        for (name, bytes) in seeds(target) {
            assert!(run(target, &bytes).is_some(), "{target}/{name}");
            replayed += 1;
        }
        for kept in ["corpus", "regressions"] {
            for file in files(&fuzz_dir().join(kept), target) {
                let bytes = std::fs::read(&file).unwrap();
                let outcome = std::panic::catch_unwind(|| run(target, &bytes));
                assert!(outcome.is_ok(), "{} panicked: replay with `cargo fuzz run {target} {}`", file.display(), file.display());
                if kept == "regressions" {
                    // Each was a crash; now it is a clear error.
                    assert_eq!(outcome.unwrap(), Some(false), "{} is not rejected", file.display());
                }
                replayed += 1;
            }
        }
    }
    assert!(replayed >= TARGETS.len());
    eprintln!("{replayed} entradas reproducidas");
}

/// Every table reader refuses a file with its header and no rows (`sin filas de datos`), whatever
/// its layout: an empty table is never planned from.
#[test]
fn every_table_reader_refuses_a_header_without_rows() {
    let tables = TARGETS
        .iter()
        .filter(|t| !matches!(**t, "limites" | "escenario" | "calendarios" | "cvrplib" | "solomon" | "cordeau_pvrp" | "pmed"));
    for target in tables {
        for (name, bytes) in seeds(target) {
            let text = String::from_utf8_lossy(&bytes);
            if name.ends_with(".xlsx") || name.ends_with(".sol") {
                continue;
            }
            let header = text.lines().next().unwrap_or("");
            let mut d = almaplan_core::error::Diagnostics::default();
            let read = almaplan_formats::fuzzing::run_with(target, format!("{header}\n").as_bytes(), &mut d);
            let Some(Err(message)) = read else { panic!("{target}/{name}: a header without rows was accepted: {read:?}") };
            // `soluciones` tries three readers and reports the last one's error.
            assert!(target == &"soluciones" || message.contains("sin filas de datos"), "{target}/{name}: {message}");
        }
    }
}
