//! `almaplan routes`: the mobile medical units' periodic routes.

use std::path::Path;

use crate::progress_view::ProgressView;
use almaplan_core::error::Error;

pub(super) fn routes(
    path: Option<&Path>,
    out_dir: &Path,
    horizon: Option<String>,
    quiet: bool,
    progress: &ProgressView,
) -> Result<(), Error> {
    let mut s = super::open_scenario(path)?;
    if let Some(h) = horizon {
        almaplan_core::planners::umm::multi_year::parse_years(&h).map_err(|m| super::flag_error("--horizonte", &m))?;
        s.scenario.routes.get_or_insert_with(Default::default).multi_year = Some(h);
    }
    let params = s.scenario.routes.clone().unwrap_or_default();
    let crate::pipeline::RoutesRun { loaded: l, routes } = crate::pipeline::routes(&s, progress)?;
    crate::umm_programme::write(out_dir, &routes, &l, params.day_start_hour)?;
    if !quiet {
        crate::present::print_routes(&s, &l, &routes, out_dir);
    }
    Ok(())
}
