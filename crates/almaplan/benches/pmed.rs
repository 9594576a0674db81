//! OR-Library p-median pmed1–40: every instance solved with a proof (bound = objective).
//! Run with `ALMAPLAN_DATA=… cargo bench --bench pmed [-- pmed1 pmed7 …]`; the folder is
//! `$ALMAPLAN_DATA/../bench/pmed` or `PMED_DIR`. One line per instance, then a summary.

use std::path::PathBuf;

use almaplan::benchmarks::{pmed_dir_from_env, run_pmed};
use almaplan_core::lp::SolveStatus;
use almaplan_core::planners::zones::pmedian::PMedianOptions;

fn main() {
    let dir = std::env::var_os("PMED_DIR").map(PathBuf::from).or_else(pmed_dir_from_env);
    let Some(dir) = dir else {
        println!("# ALMAPLAN_DATA (or PMED_DIR) not set: pmed benchmark skipped");
        return;
    };
    let asked: Vec<String> = std::env::args().skip(1).filter(|a| a.starts_with("pmed")).collect();
    let names: Vec<String> = if asked.is_empty() { (1..=40).map(|k| format!("pmed{k}")).collect() } else { asked };
    let mut options = PMedianOptions::default();
    // Tuning experiments: PMED_ITERATIONS, PMED_PATIENCE, PMED_TIME_LIMIT override the defaults.
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f64>().ok());
    if let Some(v) = env("PMED_ITERATIONS") {
        options.max_lagrangian_iterations = v as usize;
    }
    if let Some(v) = env("PMED_PATIENCE") {
        options.patience = v as usize;
    }
    if let Some(v) = env("PMED_TIME_LIMIT") {
        options.time_limit_s = v;
    }
    if let Some(v) = env("PMED_NODE_ITERATIONS") {
        options.node_iterations = v as usize;
    }
    let (mut optimal, mut at_bks, mut total) = (0, 0, 0.0);
    for name in &names {
        match run_pmed(&dir, name, &options) {
            Ok(line) => {
                println!("{line}");
                total += line.solution.report.seconds;
                optimal += usize::from(line.solution.report.status == SolveStatus::Optimal);
                at_bks += usize::from(line.gap_to_best_known_pct().is_some_and(|g| g.abs() < 1e-9));
            }
            Err(e) => println!("instance={name} error={e}"),
        }
    }
    println!("summary instances={} proven_optimal={optimal} at_bks={at_bks} solve_seconds_total={total:.2}", names.len());
}
