//! Mobile-unit planner timings on the real scenarios (Hidalgo: all ITER localities; national:
//! localities of 1,000+ inhabitants). Run with `ALMAPLAN_DATA=… cargo bench --bench routes`.
//! Each line: `bench=<scenario> units=… candidates=… covered=… extra_units=… load_seconds=…
//! plan_seconds=…`. The routing benchmarks against the literature are `almaplan bench-routing`.

use std::path::Path;
use std::time::Instant;

use almaplan_core::planners::umm;
use almaplan_formats::load;
use almaplan_formats::scenario::LoadedScenario;

fn main() {
    if std::env::var_os("ALMAPLAN_DATA").is_none() {
        println!("ALMAPLAN_DATA is not set: no real-data routes benchmark");
        return;
    }
    for name in ["hidalgo.toml", "nacional.toml"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios").join(name);
        let s = LoadedScenario::from_file(&path).expect("scenario reads");
        let t = Instant::now();
        let l = load::load(&s).expect("scenario data loads");
        let load_seconds = t.elapsed().as_secs_f64();
        let params = s.scenario.routes.clone().unwrap_or_default();
        let start = s.scenario.calendar.start;
        let end = start + chrono::Days::new(7 * params.horizon_weeks as u64) - chrono::Days::new(1);
        let days = l.calendar.working_days(start, end).len();
        let t = Instant::now();
        let plan = umm::plan(
            &umm::UmmRequest { network: &l.network, travel: &l.travel, days, params: &params, seed: s.scenario.seed },
            &almaplan_core::progress::Silent,
        )
        .expect("plan");
        let plan_seconds = t.elapsed().as_secs_f64();
        println!(
            "bench={} units={} candidates={} covered={} extra_units={} load_seconds={load_seconds:.1} plan_seconds={plan_seconds:.1}",
            s.scenario.name,
            plan.units.len(),
            plan.candidates.len(),
            plan.covered_by.iter().filter(|k| k.is_some()).count(),
            plan.extra_units.len()
        );
    }
}
