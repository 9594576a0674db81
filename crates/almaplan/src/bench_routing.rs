//! `bench-routing`: solves every instance of a benchmark folder with the routing engine and
//! compares with the best-known costs. Orchestration only: readers read, the planner solves.

use std::path::{Path, PathBuf};

use almaplan_core::error::Error;
use almaplan_formats::input::routing_bench::{read_bks, BenchFormat};
use almaplan_vrp::SearchParams;

/// One benchmark result.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchRow {
    /// The instance file's name without extension, the key looked up in the best-known file.
    pub instance: String,
    /// Travel cost of the returned solution (infinite when some customer is unserved).
    pub cost: f64,
    /// Best-known cost from the `--bks` file (`None` without the file or the instance's row).
    pub bks: Option<f64>,
    /// `(cost − bks) / bks × 100` when there is a best-known cost.
    pub gap_pct: Option<f64>,
    /// Wall-clock seconds of search and verification.
    pub seconds: f64,
    /// Ruin-and-recreate iterations the search ran (not printed).
    pub iterations: u64,
}

impl BenchRow {
    /// The line printed under `instance,cost,bks,gap_pct,seconds`: cost to 2 decimals, gap to 3,
    /// seconds to 1; a missing best-known cost or gap is an empty field.
    pub fn csv(&self) -> String {
        let opt = |v: Option<f64>, dec: usize| v.map_or(String::new(), |x| format!("{x:.dec$}"));
        format!("{},{:.2},{},{},{:.1}", self.instance, self.cost, opt(self.bks, 2), opt(self.gap_pct, 3), self.seconds)
    }
}

/// Instance files of `dir` with the format's extension, sorted by name.
pub fn instance_files(format: BenchFormat, dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == format.extension()))
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("README")))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Scenario { path: dir.display().to_string(), message: format!("ninguna instancia *.{}", format.extension()) });
    }
    Ok(files)
}

/// Solves every instance (in name order, one at a time) with `time_limit_s` each, calling
/// `on_row` as each finishes, and returns the rows.
pub fn run(
    format: BenchFormat,
    dir: &Path,
    time_limit_s: f64,
    bks_file: Option<&Path>,
    seed: u64,
    mut on_row: impl FnMut(&BenchRow),
) -> Result<Vec<BenchRow>, Error> {
    let files = instance_files(format, dir)?;
    let bks = match bks_file {
        Some(p) => read_bks(p, format.bks_column())?,
        None => Default::default(),
    };
    // Read everything first so that a bad file stops the run before any output.
    let instances = files.iter().map(|f| format.read(f)).collect::<Result<Vec<_>, _>>()?;
    let mut rows = Vec::with_capacity(instances.len());
    for (file, inst) in files.iter().zip(&instances) {
        let key = file.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        let params = SearchParams { seed, time_limit_s, ..SearchParams::default() };
        let (solution, report) =
            almaplan_vrp::solve(inst, &params).map_err(|message| Error::Solver { model: format!("rutas {key}"), message })?;
        let cost = if solution.unassigned.is_empty() { report.objective } else { f64::INFINITY };
        let reference = bks.get(&key).copied();
        let row = BenchRow {
            gap_pct: reference.map(|b| 100.0 * (cost - b) / b),
            instance: key,
            cost,
            bks: reference,
            seconds: report.seconds,
            iterations: report.iterations,
        };
        on_row(&row);
        rows.push(row);
    }
    Ok(rows)
}

/// Mean gap over the rows that have a best-known cost.
pub fn mean_gap_pct(rows: &[BenchRow]) -> Option<f64> {
    let gaps: Vec<f64> = rows.iter().filter_map(|r| r.gap_pct).collect();
    (!gaps.is_empty()).then(|| gaps.iter().sum::<f64>() / gaps.len() as f64)
}
