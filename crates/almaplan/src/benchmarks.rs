//! Benchmarks against the literature, shared by `benches/*.rs` and the CLI: each reads public
//! instances with [`almaplan_formats::input`] and runs a planner's core on them.

use std::path::{Path, PathBuf};
use std::time::Instant;

use almaplan_core::error::Error;
use almaplan_core::planners::zones::pmedian::{self, PMedianOptions, PMedianProblem, PMedianSolution};
use almaplan_formats::input::pmed;

/// The OR-Library p-median folder: `$ALMAPLAN_DATA/../bench/pmed`.
pub fn pmed_dir_from_env() -> Option<PathBuf> {
    std::env::var_os("ALMAPLAN_DATA").map(|d| PathBuf::from(d).join("..").join("bench").join("pmed"))
}

/// One instance's result, as the benchmark prints it.
#[derive(Debug, Clone)]
pub struct PmedLine {
    /// Instance name as in OR-Library and `bks.csv` (`pmed1` … `pmed40`).
    pub instance: String,
    /// Vertices of the graph: every vertex is both a client and a candidate median.
    pub n: usize,
    /// Medians to open.
    pub p: usize,
    /// What the p-median solver returned: medians, objective, bound, gap, nodes, seconds.
    pub solution: PMedianSolution,
    /// The instance's proven optimum from `bks.csv` (`None` without the file or the row).
    pub best_known: Option<f64>,
    /// Reading the file and computing shortest paths.
    pub read_seconds: f64,
}

impl PmedLine {
    /// `(objective − best known) / best known`, in percent.
    pub fn gap_to_best_known_pct(&self) -> Option<f64> {
        self.best_known.map(|b| (self.solution.report.objective - b) / b * 100.0)
    }
}

impl std::fmt::Display for PmedLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let r = &self.solution.report;
        write!(
            f,
            "instance={} n={} p={} objective={} bound={} bks={} gap_pct={:.4} bks_gap_pct={} status={:?} lagrangian={:.2} nodes={} seconds={:.2} read_seconds={:.2}",
            self.instance,
            self.n,
            self.p,
            r.objective,
            r.bound,
            self.best_known.map(|b| b.to_string()).unwrap_or_else(|| "-".into()),
            r.gap * 100.0,
            self.gap_to_best_known_pct().map(|g| format!("{g:.4}")).unwrap_or_else(|| "-".into()),
            r.status,
            self.solution.lagrangian_bound,
            self.solution.nodes,
            r.seconds,
            self.read_seconds,
        )
    }
}

/// Reads instance `name` from `dir` (with `bks.csv` when present) and solves it.
pub fn run_pmed(dir: &Path, name: &str, options: &PMedianOptions) -> Result<PmedLine, Error> {
    let path = pmed::instance_path(dir, name)
        .ok_or_else(|| Error::io(dir.join(format!("{name}.txt")), std::io::Error::from(std::io::ErrorKind::NotFound)))?;
    let bks_path = dir.join("bks.csv");
    let best_known = if bks_path.is_file() { pmed::read_best_known(&bks_path)?.get(name).copied() } else { None };
    let start = Instant::now();
    let instance = pmed::read_instance(&path)?;
    let read_seconds = start.elapsed().as_secs_f64();
    let problem = PMedianProblem { clients: instance.n, facilities: instance.n, cost: &instance.distance, p: instance.p };
    let solution = pmedian::solve(&problem, options)?;
    Ok(PmedLine { instance: name.to_string(), n: instance.n, p: instance.p, solution, best_known, read_seconds })
}
