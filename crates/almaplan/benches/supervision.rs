//! Zonal supervision calendar on real data: the national scenario (23 states, the published
//! `equipos_supervision_zonal`, one month) and Hidalgo. Prints units, teams, units without a
//! monthly visit (by reason), teams needed against the published count, the assignment's gap to
//! its bound and the wall time of the supervision planner (the zones it starts from are timed
//! apart). Target: ≤ 60 s national on a 2-core machine. Run with
//! `ALMAPLAN_DATA=… cargo bench --bench supervision` (`-- hidalgo` or `-- nacional` for one).

use std::path::Path;
use std::time::Instant;

use almaplan_core::planners::Plan;
use almaplan_core::progress::Silent;
use almaplan_formats::scenario::LoadedScenario;

fn main() {
    if std::env::var_os("ALMAPLAN_DATA").is_none() {
        println!("# ALMAPLAN_DATA not set: supervision benchmark skipped");
        return;
    }
    let wanted: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    for name in ["hidalgo", "nacional"] {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == name) {
            continue;
        }
        let file = format!("{}/../../scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"));
        let s = LoadedScenario::from_file(Path::new(&file)).expect("scenario");
        let start = Instant::now();
        let loaded = almaplan::pipeline::load(&s, &Default::default(), &Silent).expect("load");
        let load_seconds = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let input = almaplan::pipeline::zones_input(&s, &loaded).expect("zones input");
        let zones = almaplan::pipeline::plan_zones(&s, &loaded, &input, &Silent).expect("zones");
        let zones_seconds = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let o = almaplan::pipeline::plan_supervision(&s, &loaded, Some(&zones), &Silent).expect("supervision");
        let seconds = start.elapsed().as_secs_f64();
        let plan = &o.plan;
        let e = plan.evidence();
        let mut reasons: Vec<String> = plan.gaps_by_reason().into_iter().map(|(r, n)| format!("{}={n}", r.code())).collect();
        if reasons.is_empty() {
            reasons.push("reasons=none".into());
        }
        let overnight = plan
            .teams
            .iter()
            .flat_map(|t| &t.months)
            .flat_map(|m| &m.days)
            .filter(|d| d.kind == almaplan_core::planners::supervision::TripDay::OvernightOut)
            .count();
        let slowest = plan.territories.iter().map(|t| t.report.seconds).fold(0.0, f64::max);
        println!(
            "bench=supervision scenario={name} states={} territories={} units={} teams={} published_teams={} teams_needed={} units_not_visited={} {} overnight_trips={overnight} assignment_objective={:.0} assignment_bound={:.0} assignment_gap_pct={:.2} worst_status={:?} slowest_model_s={slowest:.2} seconds={seconds:.2} zones_seconds={zones_seconds:.2} load_seconds={load_seconds:.2}",
            plan.states.len(),
            plan.territories.len(),
            plan.units(),
            plan.team_count(),
            plan.published_teams(),
            plan.teams_needed(),
            plan.open_gaps(),
            reasons.join(" "),
            e.objective,
            e.bound.unwrap_or(f64::NAN),
            100.0 * (e.objective - e.bound.unwrap_or(e.objective)) / e.objective.max(1e-9),
            e.status,
        );
    }
}
