//! `almaplan supervision`: the zonal supervision teams' units and monthly calendars.

use std::path::Path;

use crate::progress_view::ProgressView;
use almaplan_core::error::Error;
use almaplan_core::planners::Plan;
use almaplan_formats::load::Extras;
use almaplan_formats::scenario::LoadedScenario;

/// `extras` carries `--visitas-previas` (last month's supervision visits, for the re-plan).
pub(super) fn supervision(path: &Path, out_dir: &Path, extras: &Extras, quiet: bool, progress: &ProgressView) -> Result<(), Error> {
    let s = LoadedScenario::from_file(path)?;
    let run = crate::pipeline::supervision(&s, extras, progress)?;
    let params = s.scenario.supervision.clone().unwrap_or_default();
    let (plan, units) = (&run.supervision.plan, &run.loaded.network.units);
    let files = almaplan_formats::output::supervision::write_all(out_dir, plan, units, &params, &s.scenario.name, run.supervision.seconds)?;
    if quiet {
        return Ok(());
    }
    let label = if run.loaded.network.synthetic { " [DATOS SINTÉTICOS]" } else { "" };
    println!("almaplan supervision — escenario «{}»{label}", s.scenario.name);
    println!("{:<32} {:>8} {:>8} {:>10} {:>10} {:>10}", "entidad", "unidades", "equipos", "necesarios", "publicados", "sin visita");
    for st in &plan.states {
        let name: String = almaplan_core::domain::state::name(st.state).unwrap_or("?").chars().take(32).collect();
        println!(
            "{:<32} {:>8} {:>8} {:>10} {:>10} {:>10}",
            name,
            st.units,
            st.teams,
            st.teams_needed,
            st.published_teams.map_or("—".to_string(), |p| p.to_string()),
            st.units - st.units_visited
        );
    }
    let e = plan.evidence();
    let gap = e.gap.map_or("sin cota".to_string(), |g| format!("{:.2}%", 100.0 * g));
    println!(
        "Meses: {}; unidades {}, equipos {}, necesarios {}, sin visita mensual {}; asignación: {} modelos, brecha máxima a la cota {gap}",
        plan.months.iter().map(|m| m.format("%Y-%m").to_string()).collect::<Vec<_>>().join(", "),
        plan.units(),
        plan.team_count(),
        plan.teams_needed(),
        plan.open_gaps(),
        e.models
    );
    for (reason, n) in plan.gaps_by_reason() {
        println!("  {n} unidades: {}", reason.label());
    }
    println!("Salidas en {} ({} calendarios de equipo en supervision_ics/)", out_dir.display(), files.len());
    Ok(())
}
