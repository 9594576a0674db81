//! `almaplan sweep`: the grid of `--set` values, run in parallel.

use std::path::Path;

use crate::progress_view::ProgressView;
use crate::whatif::{sweep, sweep_output};
use almaplan_core::error::Error;
use almaplan_core::progress::{Progress, ProgressEvent, Silent};
use almaplan_formats::scenario::LoadedScenario;

/// `sweep`'s options besides the scenario and the grid.
pub(super) struct SweepOptions {
    /// `--guardar-corridas`: every combination's full outputs in `corrida_NN/`.
    pub save_runs: bool,
    /// `--paralelo`: combinations at once (default: the machine's cores).
    pub parallel: Option<usize>,
    pub lang: crate::report::Lang,
    pub quiet: bool,
}

pub(super) fn sweep(path: Option<&Path>, sets: &[String], out_dir: &Path, o: &SweepOptions, progress: &ProgressView) -> Result<(), Error> {
    let axes = sweep::axes(sets).map_err(|m| super::flag_error("--fijar", &m))?;
    // The scenario itself must open before minutes of planning start.
    let base = LoadedScenario::open(path, &[])?;
    let parallel = match o.parallel {
        Some(0) => return Err(Error::Scenario { path: "--paralelo".into(), message: "0 — se espera al menos 1".into() }),
        Some(n) => n,
        None => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
    };
    let combos = sweep::combinations(&axes);
    let count = combos.len();
    if !o.quiet {
        eprintln!("almaplan sweep — escenario «{}»: {count} combinaciones, {parallel} a la vez", base.scenario.name);
    }
    // One combination at a time shows its planners' progress; in parallel they would interleave.
    let planners: &dyn Progress = if parallel == 1 { progress } else { &Silent };
    let done = std::sync::atomic::AtomicUsize::new(0);
    let started = std::time::Instant::now();
    let outcomes = sweep::run(combos, parallel, |index, overrides| {
        let save = o.save_runs.then(|| out_dir.join(sweep::run_dir_name(index, count)));
        let clock = std::time::Instant::now();
        let result = sweep::plan_combination(path, overrides, save.as_deref(), o.lang, planners);
        let params: Vec<&str> = overrides.iter().map(|o| o.text.as_str()).collect();
        let how = if result.is_ok() { "lista" } else { "FALLÓ" };
        let step = format!("corrida {index} ({}): {how}, {:.1} s", params.join(", "), clock.elapsed().as_secs_f64());
        let done = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        progress.report(&ProgressEvent { planner: "sweep", state: None, step: &step, done, total: count });
        result
    })?;
    let table =
        sweep_output::SweepTable { scenario_name: &base.scenario.name, scenario_file: &base.source, axes: &axes, outcomes: &outcomes };
    table.write_csv(&out_dir.join(sweep_output::CSV))?;
    table.write_json(&out_dir.join(sweep_output::JSON))?;
    if !o.quiet {
        print!("{}", table.text());
        println!(
            "{count} combinaciones en {:.1} s. Salidas en {}: {}, {}{}",
            started.elapsed().as_secs_f64(),
            out_dir.display(),
            sweep_output::CSV,
            sweep_output::JSON,
            if o.save_runs { ", corrida_*/" } else { "" }
        );
    }
    match sweep::failures(&outcomes, &base.source) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
