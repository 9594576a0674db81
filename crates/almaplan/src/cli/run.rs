//! `almaplan run`: every planner the scenario enables, then every output and the report.

use std::path::Path;

use crate::progress_view::ProgressView;
use almaplan_core::error::Error;
use almaplan_formats::load::Extras;
use almaplan_formats::scenario::{LoadedScenario, Override};

pub(super) fn run(
    path: Option<&Path>,
    overrides: &[Override],
    out_dir: &Path,
    lang: crate::report::Lang,
    quiet: bool,
    progress: &ProgressView,
) -> Result<(), Error> {
    let s = LoadedScenario::open(path, overrides)?;
    // Read every file, then plan everything, before writing anything.
    let results = crate::pipeline::run_all(&s, &Extras::default(), progress)?;
    crate::run_output::write_run(&s, &results, out_dir, lang)?;
    if !quiet {
        crate::present::print_run_summary(&s, &results, out_dir);
    }
    Ok(())
}
