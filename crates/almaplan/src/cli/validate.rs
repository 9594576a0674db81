//! `almaplan validate`: the load step of `run` (and of the other commands, with their extra
//! files), with a summary per state and every problem.

use std::path::Path;

use crate::progress_view::ProgressView;
use almaplan_core::error::Error;
use almaplan_formats::load::Extras;
use almaplan_formats::scenario::LoadedScenario;

/// What `validate` prints on stdout; its errors are printed once, by `main`, on stderr.
pub(super) enum Output {
    /// The summary per state and the warnings.
    Text,
    /// `--json`: one JSON object (also with `--silencio`: it is what was asked for).
    Json,
    /// `--silencio`: nothing; the exit code and the errors on stderr tell.
    Nothing,
}

pub(super) fn validate(path: &Path, extras: &Extras, output: Output, progress: &ProgressView) -> Result<(), Error> {
    let s = LoadedScenario::from_file(path)?;
    let l = crate::pipeline::load_all(&s, extras, progress);
    match output {
        Output::Json => {
            println!("{}", serde_json::to_string_pretty(&crate::present::validation_json(&s, &l)).expect("JSON of plain values"))
        }
        Output::Text => crate::present::print_validation(&s, &l),
        Output::Nothing => {}
    }
    if l.diagnostics.has_errors() {
        return Err(Error::Input(l.diagnostics.errors));
    }
    // What `run` checks against the scenario before its first solve.
    crate::pipeline::zones_input(&s, &l)?;
    Ok(())
}
