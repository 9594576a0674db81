//! `almaplan zones`: medical service zones and their host units.

use std::path::Path;

use crate::progress_view::ProgressView;
use almaplan_core::error::Error;
use almaplan_formats::output::zones as out;
use almaplan_formats::scenario::LoadedScenario;

pub(super) fn zones(path: &Path, out_dir: &Path, quiet: bool, progress: &ProgressView) -> Result<(), Error> {
    let s = LoadedScenario::from_file(path)?;
    let crate::pipeline::ZonesRun { loaded: l, zones: plan } = crate::pipeline::zones(&s, progress)?;
    out::write_zones_csv(&out_dir.join("zonas.csv"), &plan)?;
    out::write_zones_geojson(&out_dir.join("zonas.geojson"), &plan, &l.network.units)?;
    out::write_sedes_geojson(&out_dir.join("sedes.geojson"), &plan, &l.network.units)?;
    if !quiet {
        crate::present::print_zones(&s, &l, &plan, out_dir);
    }
    Ok(())
}
