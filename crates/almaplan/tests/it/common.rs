//! Helpers shared by the integration tests.

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
    // A relative ALMAPLAN_DATA (CI: `../shared/data`) is relative to the repository's root, where
    // the README's commands run; tests run in the crate's folder.
    let dir = if dir.is_absolute() { dir } else { workspace_root().join(dir) };
    assert!(dir.is_dir(), "ALMAPLAN_DATA={} is set but is not a directory", dir.display());
    // Scenarios loaded in this process expand `${ALMAPLAN_DATA}` too: give them the same folder.
    std::env::set_var("ALMAPLAN_DATA", &dir);
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

/// A CSV almaplan wrote, as text without its byte-order mark, asserting that it has one (every
/// CSV is written UTF-8 with BOM unless `--sin-bom`).
pub fn read_output(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => panic!("{} has no UTF-8 BOM", path.display()),
    }
}

/// A CSV reader over an output of almaplan (BOM checked and removed).
pub fn output_csv(path: &Path) -> csv::Reader<std::io::Cursor<String>> {
    csv::Reader::from_reader(std::io::Cursor::new(read_output(path)))
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

/// The repository's root (the workspace), where `scenarios/` and `models/` live.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the workspace root exists")
}

/// Path of a scenario in the repository.
pub fn scenario(name: &str) -> String {
    workspace_root().join("scenarios").join(name).display().to_string()
}
