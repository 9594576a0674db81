//! Mobile-unit planner on the embedded synthetic demo: feasibility of every plan (frequency,
//! spacing, route duration, base return), reasons for uncovered localities, determinism.

use almaplan_core::planners::umm::RoutesParams;
use almaplan_core::planners::umm::{self, UncoveredReason};
use almaplan_formats::load;
use almaplan_formats::scenario::LoadedScenario;

fn demo() -> load::Loaded {
    load::load(&LoadedScenario::demo()).expect("the demo loads")
}

fn check_plan(l: &load::Loaded, params: &RoutesParams, days: usize) -> umm::UmmPlan {
    let plan = umm::plan(
        &umm::UmmRequest { network: &l.network, travel: &l.travel, days, params, seed: 5, time_limit_s: f64::INFINITY },
        &almaplan_core::progress::Silent,
    )
    .unwrap();
    assert_eq!(plan.verified_units, plan.units.len());
    let limit = params.max_route_hours * 60.0;
    // Each covered candidate: exactly `visits` visits, evenly spaced, by one unit.
    let mut seen: Vec<Vec<(usize, usize)>> = vec![Vec::new(); plan.candidates.len()];
    for r in &plan.routes {
        assert!(r.end <= limit + 1e-6, "route of {:.1} min over {limit}", r.end);
        let mut t = 0.0;
        for s in &r.stops {
            assert!(s.arrival >= t - 1e-9);
            t = s.departure;
            seen[s.candidate].push((r.unit, r.day));
        }
        assert!(r.end >= t + r.return_travel_minutes - 1e-6, "returns to base");
    }
    let uncovered: Vec<usize> = plan.uncovered.iter().map(|(c, _)| *c).collect();
    for (c, cand) in plan.candidates.iter().enumerate() {
        let visits = &seen[c];
        let by_existing = plan.covered_by[c].is_some();
        let in_extra = plan.extra_units.iter().any(|e| e.candidates.contains(&c));
        assert_eq!(by_existing, !uncovered.contains(&c), "candidate {c}: covered xor uncovered");
        if by_existing || in_extra {
            assert_eq!(visits.len() as u32, cand.visits, "candidate {c}");
            assert!(visits.iter().all(|v| v.0 == visits[0].0), "one unit per locality");
            let mut d: Vec<usize> = visits.iter().map(|v| v.1).collect();
            d.sort_unstable();
            if d.len() == 2 {
                assert_eq!(d[1] - d[0], days / 2, "evenly spaced visits");
            }
        } else {
            assert!(visits.is_empty());
        }
    }
    plan
}

#[test]
fn demo_plan_is_feasible_and_deterministic() {
    let l = demo();
    let params = RoutesParams { iterations_per_unit: 500, ..RoutesParams::default() };
    let a = check_plan(&l, &params, 20);
    assert!(!a.candidates.is_empty());
    let b = umm::plan(
        &umm::UmmRequest { network: &l.network, travel: &l.travel, days: 20, params: &params, seed: 5, time_limit_s: f64::INFINITY },
        &almaplan_core::progress::Silent,
    )
    .unwrap();
    assert_eq!(a, b);
}

#[test]
fn short_days_leave_localities_out_of_reach_with_a_reason_and_extra_units_cover_them() {
    let l = demo();
    // A 90-minute day: far localities are out of reach, busy units fill up.
    let params = RoutesParams { iterations_per_unit: 300, max_route_hours: 1.5, setup_minutes: 20.0, ..RoutesParams::default() };
    let plan = check_plan(&l, &params, 10);
    assert!(!plan.uncovered.is_empty());
    for &(c, reason) in &plan.uncovered {
        let cand = &plan.candidates[c];
        let loc = &l.network.localities[cand.locality];
        let reach = |u: &almaplan_core::domain::Unit| {
            let p = almaplan_core::territory::Place { key: &u.clues, location: u.location, stratum: u.stratum };
            let q = almaplan_core::territory::Place { key: &loc.cvegeo, location: loc.location, stratum: loc.ambito };
            l.travel.minutes(p, q) + cand.service_minutes + l.travel.minutes(q, p) <= 90.0
        };
        match reason {
            UncoveredReason::OutOfReach => assert!(plan.units.iter().all(|&u| !reach(&l.network.units[u]))),
            UncoveredReason::DaysFull { unit } => assert!(reach(&l.network.units[plan.units[unit]])),
            UncoveredReason::CrewIncomplete { .. } => panic!("every crew is complete by default"),
            UncoveredReason::NoUnitInState => {
                assert!(plan.units.iter().all(|&u| !reach(&l.network.units[u]) && l.network.units[u].state != loc.state))
            }
        }
    }
    let extra_covered: usize = plan.extra_units.iter().map(|e| e.candidates.len()).sum();
    assert_eq!(extra_covered + plan.uncovered_after_extra, plan.uncovered.len());
}

#[test]
fn spaced_combinations_are_even() {
    assert_eq!(umm::spaced_combinations(2, 20).len(), 10);
    assert!(umm::spaced_combinations(2, 20).iter().all(|m| m.count_ones() == 2));
    assert_eq!(umm::spaced_combinations(2, 20)[0], 1 | (1 << 10));
    assert_eq!(umm::spaced_combinations(1, 4), vec![1, 2, 4, 8]);
}

#[test]
fn routes_command_writes_its_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = crate::common::almaplan(tmp.path(), &["routes", "--out", "salida", "-q"]);
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    let dir = tmp.path().join("salida");
    for f in [
        "rutas_umm.csv",
        "cobertura_localidades.csv",
        "localidades_sin_cobertura.csv",
        "umm_adicionales.csv",
        "rutas_umm.geojson",
        "paradas_umm.geojson",
        "localidades_umm.geojson",
        "resumen_umm.json",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let routes = crate::common::read_output(&dir.join("rutas_umm.csv"));
    assert!(routes.starts_with("umm,clues_base,fecha,orden,cvegeo,localidad,llegada,salida,minutos_traslado,consultas_estimadas\n"));
    assert!(routes.lines().count() > 1);
    let summary: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("resumen_umm.json")).unwrap()).unwrap();
    for key in [
        "units",
        "localities_candidate",
        "localities_covered",
        "population_covered",
        "population_candidate",
        "coverage_pct",
        "extra_units_needed",
        "travel_hours",
        "solve_seconds",
    ] {
        assert!(summary.get(key).is_some(), "{key}");
    }
    assert_eq!(summary["synthetic"], true);
}

#[test]
fn a_bases_file_is_read_and_checked_before_planning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bases.csv"), "clues,latitud,longitud\nNOEXISTE,20.1,-98.7\n").unwrap();
    std::fs::write(
        dir.path().join("s.toml"),
        "name = \"bases\"\nseed = 1\n[data]\nsynthetic = { units = 200, states = 1 }\n[routes]\nbases = \"bases.csv\"\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_almaplan"))
        .args(["routes", "s.toml", "--out", "salida"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("bases.csv:2:clues: \"NOEXISTE\""), "{err}");
    assert!(!dir.path().join("salida").exists());
}

/// A state whose mobile units are all out of operation: its uncovered localities say so
/// (`entidad_sin_umm`), not merely "out of reach", unless a unit of another state reaches them.
#[test]
fn a_state_without_mobile_units_is_named_as_the_reason() {
    let mut l = demo();
    let state = l.network.localities[0].state;
    for u in &mut l.network.units {
        if u.state == state && u.kind == almaplan_core::domain::UnitKind::Mobile {
            u.status = almaplan_core::domain::unit::OperationStatus::FueraDeOperacion;
        }
    }
    let params = RoutesParams { iterations_per_unit: 200, ..RoutesParams::default() };
    let plan = check_plan(&l, &params, 10);
    let in_state: Vec<UncoveredReason> =
        plan.uncovered.iter().filter(|(c, _)| l.network.localities[plan.candidates[*c].locality].state == state).map(|(_, r)| *r).collect();
    assert!(!in_state.is_empty(), "the state's localities cannot all be reached from other states");
    assert!(in_state.iter().all(|r| *r == UncoveredReason::NoUnitInState), "{in_state:?}");
    assert_eq!(UncoveredReason::NoUnitInState.code(), "entidad_sin_umm");
    // Other states keep the old reasons.
    assert!(plan
        .uncovered
        .iter()
        .filter(|(c, _)| l.network.localities[plan.candidates[*c].locality].state != state)
        .all(|(_, r)| *r != UncoveredReason::NoUnitInState));
}
