//! Mobile-unit planner timings on the real scenarios (Hidalgo: all ITER localities; national:
//! localities of 1,000+ inhabitants). Run with `ALMAPLAN_DATA=… cargo bench --bench routes`.
//! Each line: `bench=<scenario> units=… candidates=… covered=… extra_units=… load_seconds=…
//! plan_seconds=…`. The routing benchmarks against the literature are `almaplan bench-routing`.
//!
//! Then the programme (PI 2.2 and the 2025–2030 plan) on Hidalgo and the national scenario, as
//! given (`multi_year` set to 2025-2030) and with the programme settings (`*-umm-2030.toml`):
//! `programme=<scenario> pi22_now_pct=… published_2024_pct=… responsibility=… added=2025:…,…
//! crews=… last_pi22_pct=… max_pi22_pct=… status=… gap_pct=… bound=… mip_seconds=…
//! wall_seconds=…`.

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
            &umm::UmmRequest {
                network: &l.network,
                travel: &l.travel,
                days,
                params: &params,
                seed: s.scenario.seed,
                time_limit_s: s.scenario.solver.time_limit_s,
            },
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
    for name in ["hidalgo.toml", "nacional.toml", "hidalgo-umm-2030.toml", "nacional-umm-2030.toml"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios").join(name);
        let mut s = LoadedScenario::from_file(&path).expect("scenario reads");
        s.scenario.routes.get_or_insert_with(Default::default).multi_year = Some("2025-2030".into());
        let t = Instant::now();
        let run = almaplan::pipeline::routes(&s, &almaplan_core::progress::Silent).expect("routes and the multi-year plan");
        let wall = t.elapsed().as_secs_f64();
        let o = &run.routes;
        let m = o.multi_year.as_ref().expect("multi-year plan");
        let added: Vec<String> = m.years.iter().map(|y| format!("{}:{}", y.year, y.new_units.len())).collect();
        let crews: usize = m.years.iter().map(|y| y.crews_completed.len()).sum();
        println!(
            "programme={name} pi22_now_pct={:.1} published_2024_pct={:.1} responsibility={} added={} crews={crews} last_pi22_pct={:.1} max_pi22_pct={:.1} status={:?} gap_pct={:.3} bound={:.2} mip_seconds={:.1} wall_seconds={wall:.1}",
            100.0 * o.pi22.national.value(),
            100.0 * almaplan_formats::output::umm_programme::published_baseline(&run.loaded.pi22_targets),
            o.pi22.national.responsibility,
            added.join(","),
            100.0 * m.years.last().map_or(0.0, |y| y.pi22),
            100.0 * m.max_attended as f64 / m.responsibility.max(1) as f64,
            m.report.status,
            100.0 * m.report.gap,
            m.report.bound,
            m.report.seconds,
        );
    }
}
