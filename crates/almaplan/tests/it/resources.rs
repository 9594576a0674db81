//! Resource bounds: `--memoria-max` ends a run that needs more memory cleanly (exit code 1, a
//! Spanish message, nothing written), never by the kernel's OOM killer.

use crate::common::{almaplan, stderr, workspace_root};

#[test]
fn a_memory_cap_too_small_fails_cleanly_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["--memoria-max", "24M", "run", "--salida", "salida"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("memoria insuficiente: el límite --memoria-max de 24 MiB no alcanza"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!dir.path().join("salida").exists(), "nothing may be written when the cap stops the run");
}

#[test]
fn a_memory_cap_large_enough_lets_the_run_finish() {
    let dir = tempfile::tempdir().unwrap();
    let demo = workspace_root().join("scenarios/demo.toml");
    let out = almaplan(dir.path(), &["--memoria-max", "1G", "zones", demo.to_str().unwrap(), "--salida", "salida", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("salida").is_dir());
}

#[test]
fn a_memory_cap_that_is_not_a_size_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["--memoria-max", "mucho", "zones", "escenario.toml"]);
    assert_eq!(out.status.code(), Some(64));
    assert!(stderr(&out).contains("«mucho»"), "{}", stderr(&out));
}

#[test]
fn a_memory_cap_keeps_what_was_in_the_output_folder_before_and_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("salida")).unwrap();
    std::fs::write(dir.path().join("salida/anterior.txt"), "de otra corrida").unwrap();
    let out = almaplan(dir.path(), &["--memoria-max", "24M", "run", "--salida", "salida"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let left: Vec<_> = std::fs::read_dir(dir.path().join("salida")).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(left, vec![std::ffi::OsString::from("anterior.txt")]);
}
