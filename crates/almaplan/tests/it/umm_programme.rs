//! The mobile units as a programme: crews that do not roll, priorities, the multi-year plan
//! through the CLI, and Hidalgo's 2025–2030 plan on the real data.

use std::collections::BTreeMap;
use std::path::Path;

use almaplan_core::domain::{LatLon, Network, UnitKind};
use almaplan_core::planners::umm::{self, RoutesParams, UmmExtras, UncoveredReason};
use almaplan_formats::load;
use almaplan_formats::scenario::LoadedScenario;

fn demo() -> load::Loaded {
    load::load(&LoadedScenario::demo()).expect("the demo loads")
}

#[test]
fn an_incomplete_crew_never_rolls() {
    let l = demo();
    let params = RoutesParams { iterations_per_unit: 300, ..RoutesParams::default() };
    let first_mobile = l.network.units.iter().find(|u| u.kind == UnitKind::Mobile && u.in_operation()).expect("the demo has mobile units");
    let extras = UmmExtras { crews: BTreeMap::from([(first_mobile.clues.clone(), false)]), crew_share: Some(0.5), ..UmmExtras::default() };
    let req = umm::UmmRequest { network: &l.network, travel: &l.travel, days: 20, params: &params, seed: 5, time_limit_s: f64::INFINITY };
    let plan = umm::plan_with(&req, &extras, &almaplan_core::progress::Silent).unwrap();
    let incomplete: Vec<usize> = (0..plan.units.len()).filter(|&k| !plan.crew_complete[k]).collect();
    assert!(incomplete.contains(&0), "the unit the crews file lists");
    assert!(incomplete.len() >= 2 && incomplete.len() < plan.units.len(), "{incomplete:?} of {}", plan.units.len());
    for &k in &incomplete {
        assert!(plan.routes.iter().all(|r| r.unit != k), "unit {k} has no crew but rolls");
        assert!(plan.covered_by.iter().all(|c| *c != Some(k)), "unit {k} covers nothing");
    }
    let waiting = plan.uncovered.iter().filter(|(_, r)| matches!(r, UncoveredReason::CrewIncomplete { .. })).count();
    assert!(waiting > 0, "localities wait for a crew");
    for &(_, r) in &plan.uncovered {
        if let UncoveredReason::CrewIncomplete { unit } = r {
            assert!(!plan.crew_complete[unit]);
        }
    }
    // The same request without crews data: every unit rolls.
    let all = umm::plan(&req, &almaplan_core::progress::Silent).unwrap();
    assert!(all.crew_complete.iter().all(|c| *c));
}

/// One mobile unit, two localities alike (population, distance, weight) on either side of it, and
/// a day long enough for one of them only: the priority one is visited, whichever it is.
#[test]
fn a_priority_locality_is_covered_before_an_equal_non_priority_one() {
    let l = demo();
    let mut unit = l.network.units.iter().find(|u| u.kind == UnitKind::Mobile).expect("a mobile unit").clone();
    unit.location = LatLon::new(20.0, -99.0);
    unit.state = 13;
    let mut template = l.network.localities[0].clone();
    template.population = Some(300);
    template.indigenous_speakers = None;
    template.without_social_security = None;
    template.marginalisation = None;
    template.state = 13;
    let mut a = template.clone();
    a.cvegeo = "130010001".into();
    a.location = LatLon::new(20.0, -98.9);
    let mut b = template;
    b.cvegeo = "130010002".into();
    b.location = LatLon::new(20.0, -99.1);
    let network = Network { units: vec![unit.clone()], localities: vec![a.clone(), b.clone()], ..Network::default() };
    let params0 = RoutesParams { iterations_per_unit: 200, ..RoutesParams::default() };
    let cands = umm::candidates(&network, &l.travel, 1, &params0);
    assert_eq!(cands.len(), 2);
    assert_eq!(cands[0].weight, cands[1].weight, "alike localities");
    let p = almaplan_core::territory::Place { key: &unit.clues, location: unit.location, stratum: unit.stratum };
    let d = |x: &almaplan_core::domain::Locality| {
        l.travel.minutes(p, almaplan_core::territory::Place { key: &x.cvegeo, location: x.location, stratum: x.ambito })
    };
    let one = 2.0 * d(&a).max(d(&b)) + cands[0].service_minutes;
    let params = RoutesParams { max_route_hours: (one + 1.0) / 60.0, ..params0 };
    for (flagged, other) in [(&a, &b), (&b, &a)] {
        let extras =
            UmmExtras { priorities: BTreeMap::from([(flagged.cvegeo.clone(), vec!["tren_maya".to_string()])]), ..UmmExtras::default() };
        let req = umm::UmmRequest { network: &network, travel: &l.travel, days: 1, params: &params, seed: 3, time_limit_s: f64::INFINITY };
        let plan = umm::plan_with(&req, &extras, &almaplan_core::progress::Silent).unwrap();
        let covered: Vec<&str> = (0..plan.candidates.len())
            .filter(|&c| plan.covered_by[c].is_some())
            .map(|c| network.localities[plan.candidates[c].locality].cvegeo.as_str())
            .collect();
        assert_eq!(covered, vec![flagged.cvegeo.as_str()], "the priority locality is covered, not {}", other.cvegeo);
        let c = plan.candidates.iter().find(|c| network.localities[c.locality].cvegeo == flagged.cvegeo).unwrap();
        assert_eq!(c.priorities, vec!["tren_maya".to_string()]);
    }
}

#[test]
fn routes_with_a_horizon_writes_the_multi_year_plan_meeting_reachable_targets() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("metas.csv"),
        "anio,cobertura_umm,tipo\n2024,0.55,linea base\n2025,0.63,meta\n2026,0.70,meta\n2027,0.76,meta\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("umm.toml"),
        "extends = \"demo\"\nname = \"demo UMM\"\n[data]\npi22_targets = \"metas.csv\"\n[routes]\niterations_per_unit = 300\ncrew_complete_share = 0.75\n",
    )
    .unwrap();
    let out = crate::common::almaplan(tmp.path(), &["routes", "umm.toml", "--horizonte", "2025-2027", "--salida", "salida", "-q"]);
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    let dir = tmp.path().join("salida");
    let csv = crate::common::read_output(&dir.join("plan_umm_2025_2027.csv"));
    assert!(
        csv.starts_with("anio,meta_pi_2_2_pct,pi_2_2_plan_pct,accion,clues,unidad,entidad,personas_atendidas,costo_umm_anio\n"),
        "{csv}"
    );
    let pi = crate::common::read_output(&dir.join("pi_2_2_umm.csv"));
    assert!(pi.lines().last().unwrap().ends_with(",55.0"), "published 55% beside the plan's: {pi}");
    let summary: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("resumen_umm.json")).unwrap()).unwrap();
    let m = &summary["multi_year"];
    assert!(m["gap"].as_f64().unwrap() <= 1e-4 + 1e-9, "{m}");
    assert!(m["bound"].is_number() && m["objective"].is_number());
    let max = m["max_pi22_pct"].as_f64().unwrap();
    let years = m["years"].as_array().unwrap();
    assert_eq!(years.len(), 3);
    for y in years {
        let (target, reached) = (y["target_pct"].as_f64().unwrap(), y["pi22_pct"].as_f64().unwrap());
        // Each year meets its target, or reaches the most any plan could.
        assert!(reached + 0.05 >= target.min(max - 0.1), "{y}");
        assert_eq!(y["target_met"].as_bool().unwrap(), reached + 0.05 >= target, "{y}");
    }
    assert!(summary["pi22"]["pct"].is_number() && summary["units_crew_incomplete"].as_u64().unwrap() > 0);
    // Every crews-incomplete unit's locality carries its reason in the state table.
    let bad = crate::common::almaplan(tmp.path(), &["routes", "umm.toml", "--horizonte", "2027-2025", "-q"]);
    assert!(!bad.status.success());
    assert!(crate::common::stderr(&bad).contains("--horizonte"), "{}", crate::common::stderr(&bad));
}

#[test]
fn hidalgo_runs_the_2025_2030_plan_end_to_end() {
    let Some(dir) = crate::common::data_dir() else { return };
    crate::common::data_file(&dir, "seeds/pi_2_2_metas_umm.csv");
    crate::common::data_file(&dir, "localities/conjunto_de_datos_iter_13CSV20.csv");
    let mut s = LoadedScenario::from_file(Path::new(&crate::common::scenario("hidalgo-umm-2030.toml"))).unwrap();
    s.scenario.solver.rel_gap = 0.01;
    let run = almaplan::pipeline::routes(&s, &almaplan_core::progress::Silent).unwrap();
    let o = &run.routes;
    assert!(o.plan.states_without_small_localities.is_empty(), "Hidalgo's ITER has its small localities");
    assert!(o.pi22.states.contains_key(&13) && o.pi22.national.responsibility > 10_000, "{:?}", o.pi22.national);
    assert!(o.plan.crew_complete.iter().any(|c| !*c), "published crew share: some units do not roll");
    let m = o.multi_year.as_ref().expect("the scenario asks for 2025-2030");
    assert_eq!(m.years.iter().map(|y| y.year).collect::<Vec<_>>(), (2025..=2030).collect::<Vec<_>>());
    assert!(m.report.gap <= 0.01 + 1e-9, "{:?}", m.report);
    for y in &m.years {
        assert!(y.target_met(m.responsibility) || y.attended + 1 >= m.max_attended, "{y:?}");
    }
    assert!(m.years.windows(2).all(|w| w[1].units_in_service >= w[0].units_in_service), "units stay once deployed");
    let tmp = tempfile::tempdir().unwrap();
    almaplan::umm_programme::write(tmp.path(), o, &run.loaded, 8.0).unwrap();
    assert!(tmp.path().join("plan_umm_2025_2030.csv").is_file());
}

#[test]
fn a_unit_type_sets_its_service_time_capacity_and_day() {
    let l = demo();
    let light = umm::UnitType { minutes_per_consultation: Some(30.0), max_consultations_per_visit: Some(2), max_route_hours: Some(4.0) };
    let params =
        RoutesParams { iterations_per_unit: 300, unit_types: BTreeMap::from([("ligera".to_string(), light)]), ..RoutesParams::default() };
    let mobiles: Vec<&str> =
        l.network.units.iter().filter(|u| u.kind == UnitKind::Mobile && u.in_operation()).map(|u| u.clues.as_str()).collect();
    let typed: Vec<String> = mobiles.iter().step_by(2).map(|c| c.to_string()).collect();
    let extras = UmmExtras { unit_types: typed.iter().map(|c| (c.clone(), "ligera".to_string())).collect(), ..UmmExtras::default() };
    let req = umm::UmmRequest { network: &l.network, travel: &l.travel, days: 20, params: &params, seed: 5, time_limit_s: f64::INFINITY };
    let plan = umm::plan_with(&req, &extras, &almaplan_core::progress::Silent).unwrap();
    let mut typed_stops = 0;
    for r in plan.routes.iter().filter(|r| r.unit < plan.units.len()) {
        let is_typed = typed.contains(&l.network.units[plan.units[r.unit]].clues);
        let day = if is_typed { 240.0 } else { 540.0 };
        assert!(r.end <= day + 1e-6, "a {} route of {:.0} min", if is_typed { "light" } else { "default" }, r.end);
        for s in &r.stops {
            let c = &plan.candidates[s.candidate];
            let service = if is_typed { 30.0 + 30.0 * c.consultations.min(2) as f64 } else { c.service_minutes };
            assert!((s.departure - s.arrival - service).abs() < 1e-6);
            typed_stops += usize::from(is_typed);
        }
    }
    assert!(typed_stops > 0, "the light units roll");
    // An unknown type is an error naming the unit.
    let bad = UmmExtras { unit_types: BTreeMap::from([(typed[0].clone(), "pesada".to_string())]), ..UmmExtras::default() };
    let e = umm::plan_with(&req, &bad, &almaplan_core::progress::Silent).unwrap_err().to_string();
    assert!(e.contains("pesada") && e.contains(&typed[0]), "{e}");
}

#[test]
fn a_responsibility_file_is_the_pi22_denominator() {
    let l = demo();
    let params = RoutesParams { iterations_per_unit: 300, ..RoutesParams::default() };
    let req = umm::UmmRequest { network: &l.network, travel: &l.travel, days: 20, params: &params, seed: 5, time_limit_s: f64::INFINITY };
    let base = umm::plan(&req, &almaplan_core::progress::Silent).unwrap();
    // Three covered localities, each given to the unit that covers it.
    let covered: Vec<usize> = (0..base.candidates.len()).filter(|&c| base.covered_by[c].is_some()).take(3).collect();
    assert_eq!(covered.len(), 3);
    let cvegeo = |c: usize| l.network.localities[base.candidates[c].locality].cvegeo.clone();
    let clues = |k: usize| l.network.units[base.units[k]].clues.clone();
    let responsibility: BTreeMap<String, String> = covered.iter().map(|&c| (cvegeo(c), clues(base.covered_by[c].unwrap()))).collect();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("responsabilidad.csv");
    let mut text = String::from("clues,cvegeo\n");
    for (g, c) in &responsibility {
        text.push_str(&format!("{c},{g}\n"));
    }
    std::fs::write(&file, &text).unwrap();
    assert_eq!(almaplan_formats::input::umm_inputs::read_responsibility(&file, &l.network.units).unwrap(), responsibility);
    std::fs::write(&file, format!("{text}NOEXISTE,{}\n", cvegeo(covered[0]))).unwrap();
    let e = almaplan_formats::input::umm_inputs::read_responsibility(&file, &l.network.units).unwrap_err().to_string();
    assert!(e.contains("responsabilidad.csv:5:clues"), "{e}");
    let extras = UmmExtras { responsibility: responsibility.clone(), ..UmmExtras::default() };
    let plan = umm::plan_with(&req, &extras, &almaplan_core::progress::Silent).unwrap();
    let pi = umm::pi22::compute(&plan, &l.network, &params);
    assert_eq!(pi.national.localities, 3, "the file's localities, not the planner's {}", base.candidates.len());
    let expected: u64 = covered.iter().map(|&c| base.candidates[c].responsibility_population as u64).sum();
    assert_eq!(pi.national.responsibility, expected);
    for (g, c) in &responsibility {
        let ci = plan.candidates.iter().position(|x| &l.network.localities[x.locality].cvegeo == g).unwrap();
        if let Some(k) = plan.covered_by[ci] {
            assert_eq!(&l.network.units[plan.units[k]].clues, c, "assigned to the file's unit");
        }
    }
}
