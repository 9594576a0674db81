//! `almaplan compare`: two run folders side by side.

use std::path::Path;

use almaplan_core::error::Error;
use almaplan_formats::run_schema;

pub(super) fn compare(a: &Path, b: &Path, out_dir: &Path, quiet: bool) -> Result<(), Error> {
    let (indicators_a, elements_a) = run_schema::read_run_dir(a)?;
    let (indicators_b, elements_b) = run_schema::read_run_dir(b)?;
    let mut c = crate::whatif::compare::compare(indicators_a, &elements_a, indicators_b, &elements_b);
    let params_a = run_schema::read_parameters(&a.join(run_schema::RUN_FILE))?;
    let params_b = run_schema::read_parameters(&b.join(run_schema::RUN_FILE))?;
    c.parameters = params_a.zip(params_b).map(|(pa, pb)| crate::whatif::compare::parameter_differences(&pa, &pb));
    crate::whatif::compare_output::write_all(&c, out_dir)?;
    if !quiet {
        crate::present::print_comparison(&c, a, b, out_dir);
    }
    Ok(())
}
