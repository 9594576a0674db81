//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The real-data folder, or `None` (the test is skipped) when `ALMAPLAN_DATA` is not set.
/// When it is set, every file a test asks for must exist: a missing file fails loudly.
pub fn data_dir() -> Option<PathBuf> {
    let Some(dir) = std::env::var_os("ALMAPLAN_DATA") else {
        eprintln!("ALMAPLAN_DATA is not set: skipping a test that needs the real data");
        return None;
    };
    let dir = PathBuf::from(dir);
    let dir = if dir.is_absolute() { dir } else { Path::new(env!("CARGO_MANIFEST_DIR")).join(dir) };
    assert!(dir.is_dir(), "ALMAPLAN_DATA={} is set but is not a directory", dir.display());
    Some(dir)
}

/// A file under `ALMAPLAN_DATA`, asserting it exists.
pub fn data_file(dir: &Path, rel: &str) -> PathBuf {
    let p = dir.join(rel);
    assert!(p.is_file(), "ALMAPLAN_DATA is set but {} is missing", p.display());
    p
}

/// Runs the `almaplan` binary in `cwd`.
pub fn almaplan(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_almaplan"))
        .args(args)
        .current_dir(cwd)
        .env("ALMAPLAN_DATA", data_dir().map(|d| d.display().to_string()).unwrap_or_default())
        .output()
        .expect("the almaplan binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

/// Path of a scenario in the repository.
pub fn scenario(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name).display().to_string()
}
