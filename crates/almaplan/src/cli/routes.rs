//! `almaplan routes`: the mobile medical units' periodic routes.

use std::path::Path;

use crate::progress_view::ProgressView;
use almaplan_core::error::Error;

pub(super) fn routes(path: Option<&Path>, out_dir: &Path, quiet: bool, progress: &ProgressView) -> Result<(), Error> {
    let s = super::open_scenario(path)?;
    let params = s.scenario.routes.clone().unwrap_or_default();
    let crate::pipeline::RoutesRun { loaded: l, routes } = crate::pipeline::routes(&s, progress)?;
    let crate::pipeline::RoutesOutcome { plan, dates, seconds } = &routes;
    almaplan_formats::output::routes::write_all(out_dir, plan, &l.network, dates, params.day_start_hour, *seconds)?;
    if !quiet {
        crate::present::print_routes(&s, &l, &routes, out_dir);
    }
    Ok(())
}
