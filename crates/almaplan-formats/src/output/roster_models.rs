//! `almaplan roster --escribir-modelo DIR`: each state's roster model in MPS, for any other
//! solver, and `modelos.csv`, the answer almaplan gave for each, to compare with.

use std::path::{Path, PathBuf};

use almaplan_core::error::Error;
use almaplan_core::planners::roster::RosterPlan;

use super::{write_atomic, write_csv};

/// Writes `rol_<clave>_<ENTIDAD>.mps` for every state whose plan carries its model
/// (`StateRoster::model_mps`) and `modelos.csv` with, per state, the file, the model's size and
/// almaplan's objective and bound (a maximisation: the model's MIP optimum lies between them).
/// Returns the files written.
///
/// # Errors
///
/// [`Error::Output`] when a file cannot be written (each file is written whole or not at all).
pub fn write_roster_models(dir: &Path, plan: &RosterPlan) -> Result<Vec<PathBuf>, Error> {
    let mut written = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for sp in &plan.states {
        let Some(mps) = &sp.roster.model_mps else { continue };
        let state = sp.roster.state;
        let name = almaplan_core::domain::state::name(state).unwrap_or("ENTIDAD");
        let file = format!("rol_{state:02}_{}.mps", name.replace(|c: char| !c.is_ascii_alphanumeric(), "_"));
        let path = dir.join(&file);
        write_atomic(&path, |w| w.write_all(mps.as_bytes()))?;
        written.push(path);
        let r = &sp.roster.report;
        rows.push(vec![
            state.to_string(),
            name.to_string(),
            file,
            r.variables.to_string(),
            r.constraints.to_string(),
            r.status.label().to_string(),
            r.objective.to_string(),
            r.bound.to_string(),
            (100.0 * r.gap).to_string(),
        ]);
    }
    let path = dir.join("modelos.csv");
    let header = [
        "clave_entidad",
        "entidad",
        "archivo",
        "variables",
        "restricciones",
        "estado_solver",
        "objetivo_almaplan",
        "cota_almaplan",
        "brecha_pct",
    ];
    write_csv(&path, &header, rows)?;
    written.push(path);
    Ok(written)
}
