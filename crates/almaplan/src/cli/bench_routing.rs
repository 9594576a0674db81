//! `almaplan bench-routing`: the routing engine against the literature's best-known costs.

use std::path::Path;

use almaplan_core::error::Error;
use almaplan_formats::input::routing_bench::BenchFormat;

pub(super) fn bench_routing(format: &str, dir: &Path, time_limit: f64, bks: Option<&Path>, seed: u64) -> Result<(), Error> {
    let Some(fmt) = BenchFormat::parse(format) else {
        return Err(Error::Scenario {
            path: "--formato".into(),
            message: format!("{format:?} — se espera cordeau-pvrp, cvrplib o solomon"),
        });
    };
    if !(time_limit > 0.0 && time_limit.is_finite()) {
        return Err(Error::Scenario { path: "--limite-tiempo".into(), message: format!("{time_limit} — se esperan segundos > 0") });
    }
    // The header goes out with the first row, so that a bad input file prints nothing.
    let mut header = true;
    let rows = crate::bench_routing::run(fmt, dir, time_limit, bks, seed, |row| {
        if std::mem::take(&mut header) {
            println!("instance,cost,bks,gap_pct,seconds");
        }
        println!("{}", row.csv())
    })?;
    match crate::bench_routing::mean_gap_pct(&rows) {
        Some(g) => println!("mean_gap_pct={g:.3}"),
        None => println!("mean_gap_pct=NA"),
    }
    Ok(())
}
