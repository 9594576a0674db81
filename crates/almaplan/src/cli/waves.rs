//! `almaplan waves`: the Comando Alma-Ata wave calendar.

use std::path::Path;

use crate::progress_view::ProgressView;
use almaplan_core::error::Error;
use almaplan_formats::load::Extras;
use almaplan_formats::output::waves as w;
use almaplan_formats::scenario::LoadedScenario;

/// `extras` carries `--avance` and `--desde` (the visits already made and the re-planning date)
/// and `--calendario-previo` (the previous run's calendars, which the new ones update).
pub(super) fn waves(path: &Path, out_dir: &Path, extras: &Extras, quiet: bool, progress: &ProgressView) -> Result<(), Error> {
    let s = LoadedScenario::from_file(path)?;
    let started = std::time::Instant::now();
    let run = crate::pipeline::waves(&s, extras, progress)?;
    let (plan, units) = (&run.waves, &run.loaded.network.units);
    let seconds = started.elapsed().as_secs_f64();
    almaplan_formats::output::zones::write_zones_csv(&out_dir.join("zonas.csv"), &run.zones)?;
    w::write_calendar_csv(&out_dir.join("calendario_brigadas.csv"), plan, units)?;
    let params = s.scenario.waves.clone().unwrap_or_default();
    let l = &run.loaded;
    let options = w::IcsOptions {
        scenario: &s.scenario.name,
        day_start_hour: params.day_start_hour,
        previous: l.previous_calendars.as_ref(),
        replan_from: l.replan_from,
        visited: &l.visited,
    };
    let ics = w::write_ics(&out_dir.join("ics"), plan, units, &options)?;
    w::write_states_csv(&out_dir.join("resumen_entidades.csv"), plan)?;
    w::write_progress_csv(&out_dir.join("curva_avance.csv"), plan)?;
    w::write_gantt_svg(&out_dir.join("gantt.svg"), plan)?;
    w::write_summary_json(&out_dir.join("resumen_oleadas.json"), plan, seconds)?;
    almaplan_formats::output::waves_supply::write_all(out_dir, plan, units, &params.composition)?;
    if !quiet {
        crate::present::print_waves(&s, &run, out_dir, ics.files.len(), seconds);
        if l.previous_calendars.is_some() {
            println!(
                "Calendarios actualizados: {} visitas nuevas, {} cambiadas (SEQUENCE mayor), {} sin cambios, {} canceladas, {} anteriores a --desde o ya hechas",
                ics.new, ics.updated, ics.unchanged, ics.cancelled, ics.kept
            );
        }
    }
    Ok(())
}
