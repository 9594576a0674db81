//! `almaplan waves`: the Comando Alma-Ata wave calendar.

use std::path::Path;

use crate::progress_view::ProgressView;
use almaplan_core::error::Error;
use almaplan_formats::load::Extras;
use almaplan_formats::output::waves as w;
use almaplan_formats::scenario::LoadedScenario;

/// `extras` carries `--avance` and `--desde` (the visits already made and the re-planning date).
pub(super) fn waves(path: &Path, out_dir: &Path, extras: &Extras, quiet: bool, progress: &ProgressView) -> Result<(), Error> {
    let s = LoadedScenario::from_file(path)?;
    let started = std::time::Instant::now();
    let run = crate::pipeline::waves(&s, extras, progress)?;
    let (plan, units) = (&run.waves, &run.loaded.network.units);
    let seconds = started.elapsed().as_secs_f64();
    almaplan_formats::output::zones::write_zones_csv(&out_dir.join("zonas.csv"), &run.zones)?;
    w::write_calendar_csv(&out_dir.join("calendario_brigadas.csv"), plan, units)?;
    let ics = w::write_ics(&out_dir.join("ics"), plan, units)?;
    w::write_states_csv(&out_dir.join("resumen_entidades.csv"), plan)?;
    w::write_progress_csv(&out_dir.join("curva_avance.csv"), plan)?;
    w::write_gantt_svg(&out_dir.join("gantt.svg"), plan)?;
    w::write_summary_json(&out_dir.join("resumen_oleadas.json"), plan, run.brigades_needed, seconds)?;
    if !quiet {
        crate::present::print_waves(&s, &run, out_dir, ics.len(), seconds);
    }
    Ok(())
}
