//! The routing engine on small generated instances: feasibility by the independent verifier,
//! optimality on instances small enough to enumerate, combinations and determinism.

use almaplan_vrp::instance::RoutingInstance;
use almaplan_vrp::Rng;
use almaplan_vrp::{self, check, SearchParams};

fn random_instance(n_customers: usize, days: usize, vehicles: usize, capacity: f64, seed: u64) -> RoutingInstance {
    let mut rng = Rng::new(seed);
    let n = n_customers + 1;
    let coords: Vec<(f64, f64)> = (0..n).map(|i| if i == 0 { (50.0, 50.0) } else { (rng.f64() * 100.0, rng.f64() * 100.0) }).collect();
    let all_single: Vec<u32> = (0..days).map(|d| 1u32 << d).collect();
    RoutingInstance {
        name: format!("rand{seed}"),
        distance: RoutingInstance::euclidean_matrix(&coords, false),
        coords,
        demand: (0..n).map(|i| if i == 0 { 0.0 } else { 1.0 + rng.below(9) as f64 }).collect(),
        service: vec![0.0; n],
        ready: vec![0.0; n],
        due: vec![f64::INFINITY; n],
        capacity: vec![capacity; days],
        max_duration: vec![f64::INFINITY; days],
        vehicles_per_day: vehicles,
        combinations: (0..n).map(|i| if i == 0 { vec![] } else { all_single.clone() }).collect(),
        weight: vec![1.0; n],
    }
}

fn params(iterations: u64, seed: u64) -> SearchParams {
    SearchParams { seed, time_limit_s: 1e9, max_iterations: Some(iterations), ..SearchParams::default() }
}

fn tsp_brute_force(inst: &RoutingInstance) -> f64 {
    fn go(inst: &RoutingInstance, last: usize, left: &mut Vec<usize>, so_far: f64, best: &mut f64) {
        if left.is_empty() {
            *best = best.min(so_far + inst.d(last, 0));
            return;
        }
        for i in 0..left.len() {
            let v = left.remove(i);
            go(inst, v, left, so_far + inst.d(last, v), best);
            left.insert(i, v);
        }
    }
    let mut best = f64::INFINITY;
    go(inst, 0, &mut inst.customers().collect(), 0.0, &mut best);
    best
}

#[test]
fn finds_the_optimal_tour_of_a_small_tsp() {
    for seed in 1..4 {
        let inst = random_instance(7, 1, 1, 1000.0, seed);
        let (sol, report) = almaplan_vrp::solve(&inst, &params(500, seed)).unwrap();
        let opt = tsp_brute_force(&inst);
        assert!((report.objective - opt).abs() < 1e-6, "seed {seed}: {} vs optimum {opt}", report.objective);
        assert_eq!(sol.routes[0].len(), 1);
    }
}

#[test]
fn cvrp_solution_respects_capacity_and_is_deterministic() {
    let inst = random_instance(60, 1, 60, 25.0, 11);
    let (a, ra) = almaplan_vrp::solve(&inst, &params(1500, 3)).unwrap();
    let (b, _) = almaplan_vrp::solve(&inst, &params(1500, 3)).unwrap();
    assert_eq!(a, b, "same seed, same solution");
    assert!(a.unassigned.is_empty());
    assert_eq!(check::verify(&inst, &a).unwrap(), ra.objective);
    let total: f64 = inst.demand.iter().sum();
    assert!(a.routes[0].len() as f64 >= (total / 25.0).ceil());
}

#[test]
fn periodic_visits_follow_allowed_combinations_and_spacing() {
    let mut inst = random_instance(30, 4, 2, 40.0, 5);
    inst.max_duration = vec![400.0; 4];
    inst.service = (0..inst.len()).map(|i| if i == 0 { 0.0 } else { 5.0 }).collect();
    for c in 1..inst.len() {
        inst.combinations[c] = if c % 3 == 0 { vec![0b0101, 0b1010] } else { vec![0b0001, 0b0010, 0b0100, 0b1000] };
    }
    let (sol, report) = almaplan_vrp::solve(&inst, &params(2000, 9)).unwrap();
    assert!(sol.unassigned.is_empty());
    assert_eq!(check::verify(&inst, &sol).unwrap(), report.objective);
    for c in (3..inst.len()).step_by(3) {
        assert!(sol.combination[c] == 0b0101 || sol.combination[c] == 0b1010, "customer {c} every other day");
        assert_eq!(sol.routes.iter().flatten().flatten().filter(|&&v| v == c).count(), 2);
    }
}

#[test]
fn time_windows_and_fleet_limit_are_respected_and_overflow_is_reported() {
    let mut inst = random_instance(25, 1, 3, 1000.0, 21);
    let mut rng = Rng::new(4);
    for c in 1..inst.len() {
        let open = rng.f64() * 300.0;
        inst.ready[c] = open;
        inst.due[c] = open + 60.0;
        inst.service[c] = 10.0;
    }
    inst.due[0] = 600.0;
    let (sol, report) = almaplan_vrp::solve(&inst, &params(1500, 2)).unwrap();
    assert_eq!(check::verify(&inst, &sol).unwrap(), report.objective);
    assert!(sol.routes[0].len() <= 3);
    // One vehicle that cannot reach everyone: the rest is reported, not silently dropped.
    inst.vehicles_per_day = 1;
    let (sol, report) = almaplan_vrp::solve(&inst, &params(500, 2)).unwrap();
    assert_eq!(check::verify(&inst, &sol).unwrap(), report.objective);
    assert!(!sol.unassigned.is_empty());
    assert_eq!(report.status, "partial");
}

#[test]
fn verifier_rejects_broken_solutions() {
    let inst = random_instance(10, 1, 10, 12.0, 8);
    let (sol, _) = almaplan_vrp::solve(&inst, &params(300, 1)).unwrap();
    let mut wrong_cost = sol.clone();
    wrong_cost.cost += 1.0;
    assert!(check::verify(&inst, &wrong_cost).is_err());
    let mut missing = sol.clone();
    let dropped = missing.routes[0][0].remove(0);
    if missing.routes[0][0].is_empty() {
        missing.routes[0].remove(0);
    }
    assert!(check::verify(&inst, &missing).is_err(), "customer {dropped} missing must be caught");
    let mut merged = sol.clone();
    let all: Vec<usize> = merged.routes[0].concat();
    merged.routes[0] = vec![all];
    assert!(check::verify(&inst, &merged).is_err(), "capacity 12 cannot carry everything");
}
