//! Writes the seed inputs of every fuzz target into `DIR/<target>/<name>` (default `fuzz/corpus`):
//! small files in the official layouts, generated here, never copied from the data folder.
//!
//! `cargo run --release -p almaplan-formats --example fuzz_seeds -- fuzz/corpus`

use almaplan_formats::fuzzing::{seeds, TARGETS};

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "fuzz/corpus".into()));
    for target in TARGETS {
        let out = dir.join(target);
        std::fs::create_dir_all(&out)?;
        for (name, bytes) in seeds(target) {
            std::fs::write(out.join(format!("semilla-{name}")), bytes)?;
        }
    }
    Ok(())
}
