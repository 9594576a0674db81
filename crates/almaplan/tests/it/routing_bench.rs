//! Benchmark readers against known instance facts, and engine results on real benchmark files
//! checked by the independent verifier.

use std::path::PathBuf;

use almaplan_formats::input::routing_bench::{
    read_bks, read_cordeau_pvrp, read_cvrplib, read_cvrplib_solution_cost, read_solomon, BenchFormat,
};
use almaplan_vrp::{self, check, RoutingSolution, SearchParams};

/// The benchmark folder next to the real data, or `None` when `ALMAPLAN_DATA` is unset.
fn bench_dir() -> Option<PathBuf> {
    let dir = crate::common::data_dir()?.join("../bench");
    assert!(dir.is_dir(), "ALMAPLAN_DATA is set but {} is missing", dir.display());
    Some(dir)
}

fn file(dir: &std::path::Path, rel: &str) -> PathBuf {
    crate::common::data_file(dir, rel)
}

#[test]
fn cordeau_p01_facts() {
    let Some(b) = bench_dir() else { return };
    let inst = read_cordeau_pvrp(&file(&b, "pvrp/p01.txt")).unwrap();
    assert_eq!(inst.len(), 52, "51 customers + depot");
    assert_eq!(inst.days(), 2);
    assert_eq!(inst.vehicles_per_day, 3);
    assert_eq!(inst.capacity, vec![160.0, 160.0]);
    assert!(inst.max_duration.iter().all(|d| d.is_infinite()), "D = 0 means no limit");
    assert_eq!(inst.coords[0], (30.0, 40.0));
    assert_eq!(inst.coords[1], (37.0, 52.0));
    assert_eq!(inst.demand[1], 7.0);
    assert_eq!(inst.combinations[1], vec![0b10, 0b01], "codes 1 (day 2) and 2 (day 1)");
    assert_eq!(inst.coords[51], (30.0, 40.0));
    assert_eq!(inst.demand[51], 160.0);
    assert_eq!(inst.combinations[51], vec![0b01], "code 2 = bit-string 10 = day 1");
    assert!((inst.d(0, 1) - (49.0f64 + 144.0).sqrt()).abs() < 1e-12, "unrounded Euclidean");
}

#[test]
fn cordeau_pr01_facts() {
    let Some(b) = bench_dir() else { return };
    let inst = read_cordeau_pvrp(&file(&b, "pvrp/pr01.txt")).unwrap();
    assert_eq!((inst.len(), inst.days(), inst.vehicles_per_day), (49, 4, 2));
    assert_eq!(inst.capacity, vec![200.0; 4]);
    assert_eq!(inst.max_duration, vec![500.0; 4]);
    assert_eq!(inst.coords[0], (-10.442, 19.999));
    assert_eq!((inst.coords[1], inst.service[1], inst.demand[1]), ((-29.730, 64.136), 2.0, 12.0));
    assert_eq!(inst.combinations[1], vec![0b1111]);
    assert_eq!(inst.frequency(1), 4);
    assert_eq!((inst.coords[48], inst.service[48], inst.demand[48]), ((42.883, -2.966), 17.0, 10.0));
    assert_eq!(inst.combinations[48], vec![0b1000, 0b0100, 0b0010, 0b0001]);
}

#[test]
fn every_cordeau_instance_reads_and_matches_its_header_in_bks() {
    let Some(b) = bench_dir() else { return };
    let bks = read_bks(&file(&b, "pvrp/bks.csv"), "bks_azadsalam_BKS_csv").unwrap();
    assert_eq!(bks.len(), 21);
    assert_eq!(bks["p01"], 524.61);
    assert_eq!(bks["pr09"], 10038.43);
    let vehicles = read_bks(&file(&b, "pvrp/bks.csv"), "m_vehicles").unwrap();
    let customers = read_bks(&file(&b, "pvrp/bks.csv"), "n_customers_hdr").unwrap();
    let days = read_bks(&file(&b, "pvrp/bks.csv"), "t_days").unwrap();
    for name in bks.keys() {
        let inst = read_cordeau_pvrp(&file(&b, &format!("pvrp/{name}.txt"))).unwrap();
        assert_eq!(inst.vehicles_per_day as f64, vehicles[name], "{name}");
        assert_eq!((inst.len() - 1) as f64, customers[name], "{name}");
        assert_eq!(inst.days() as f64, days[name], "{name}");
        assert!(inst.customers().all(|c| inst.frequency(c) >= 1), "{name}");
    }
    let p11 = read_cordeau_pvrp(&file(&b, "pvrp/p11.txt")).unwrap();
    assert_eq!(p11.frequency(131), 1, "f = 0 in the file, one-day codes");
}

#[test]
fn cvrplib_x_n101_facts_and_bks_solution_cost() {
    let Some(b) = bench_dir() else { return };
    let inst = read_cvrplib(&file(&b, "cvrp_x/X-n101-k25.vrp")).unwrap();
    assert_eq!(inst.name, "X-n101-k25");
    assert_eq!(inst.len(), 101);
    assert_eq!(inst.capacity, vec![206.0]);
    assert_eq!(inst.coords[0], (365.0, 689.0));
    assert_eq!((inst.coords[1], inst.demand[1]), ((146.0, 180.0), 38.0));
    assert_eq!((inst.coords[100], inst.demand[100]), ((615.0, 750.0), 35.0));
    assert_eq!(inst.d(0, 1), ((219.0f64 * 219.0 + 509.0 * 509.0).sqrt() + 0.5).floor(), "rounded to nearest integer");
    let bks = read_bks(&file(&b, "cvrp_x/bks.csv"), "bks").unwrap();
    assert_eq!(bks["X-n101-k25"], 27591.0);
    assert_eq!(read_cvrplib_solution_cost(&file(&b, "cvrp_x/X-n101-k25.sol")).unwrap(), 27591.0);
    // The published solution, checked by our verifier with our distances, costs exactly the BKS.
    let text = std::fs::read_to_string(file(&b, "cvrp_x/X-n101-k25.sol")).unwrap();
    let routes: Vec<Vec<usize>> = text
        .lines()
        .filter_map(|l| l.split_once(':').filter(|(k, _)| k.starts_with("Route")))
        .map(|(_, v)| v.split_whitespace().map(|t| t.parse().unwrap()).collect())
        .collect();
    assert_eq!(routes.len(), 26);
    let mut combination = vec![1u32; inst.len()];
    combination[0] = 0;
    let sol = RoutingSolution { routes: vec![routes], combination, unassigned: vec![], cost: 27591.0 };
    assert_eq!(check::verify(&inst, &sol).unwrap(), 27591.0);
}

#[test]
fn solomon_facts() {
    let Some(b) = bench_dir() else { return };
    let inst = read_solomon(&file(&b, "vrptw/solomon/C101.txt")).unwrap();
    assert_eq!(inst.name, "C101");
    assert_eq!((inst.len(), inst.vehicles_per_day, inst.capacity[0]), (101, 25, 200.0));
    assert_eq!((inst.ready[0], inst.due[0]), (0.0, 1236.0));
    assert_eq!((inst.coords[1], inst.demand[1], inst.ready[1], inst.due[1], inst.service[1]), ((45.0, 68.0), 10.0, 912.0, 967.0, 90.0));
    assert_eq!((inst.coords[100], inst.demand[100], inst.ready[100], inst.due[100]), ((55.0, 85.0), 20.0, 647.0, 726.0));
    let r = read_solomon(&file(&b, "vrptw/solomon/R101.txt")).unwrap();
    assert_eq!((r.due[0], r.ready[1], r.due[1], r.service[1]), (230.0, 161.0, 171.0, 10.0));
    assert!((r.d(0, 1) - 232f64.sqrt()).abs() < 1e-12, "unrounded");
    let bks = read_bks(&file(&b, "vrptw/bks.csv"), BenchFormat::Solomon.bks_column()).unwrap();
    assert_eq!(bks.len(), 29);
    assert_eq!(bks["R101"], 1642.88);
    assert_eq!(bks["C101"], 828.94);
}

#[test]
fn engine_solutions_on_benchmark_files_are_feasible_and_close() {
    let Some(b) = bench_dir() else { return };
    let params = SearchParams { seed: 7, time_limit_s: 1e9, max_iterations: Some(3000), ..SearchParams::default() };
    for (format, rel, bks, tolerance) in [
        (BenchFormat::Solomon, "vrptw/solomon/C101.txt", 828.94, 0.05),
        (BenchFormat::CordeauPvrp, "pvrp/p01.txt", 524.61, 0.08),
        (BenchFormat::CordeauPvrp, "pvrp/pr01.txt", 2209.02, 0.10),
        (BenchFormat::Cvrplib, "cvrp_x/X-n101-k25.vrp", 27591.0, 0.10),
    ] {
        let inst = format.read(&file(&b, rel)).unwrap();
        let (sol, report) = almaplan_vrp::solve(&inst, &params).unwrap();
        assert!(sol.unassigned.is_empty(), "{rel}: unserved {:?}", sol.unassigned);
        assert_eq!(check::verify(&inst, &sol).unwrap(), report.objective);
        assert!(report.objective >= bks * (1.0 - 1e-4), "{rel}: {} below the best known {bks}", report.objective);
        assert!(report.objective <= bks * (1.0 + tolerance), "{rel}: {} too far from {bks}", report.objective);
    }
}

#[test]
fn bench_routing_command_prints_rows_and_mean() {
    let Some(b) = bench_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(file(&b, "vrptw/solomon/C101.txt"), tmp.path().join("C101.txt")).unwrap();
    let bks = file(&b, "vrptw/bks.csv").display().to_string();
    let dir = tmp.path().display().to_string();
    let out = crate::common::almaplan(tmp.path(), &["bench-routing", "--format", "solomon", &dir, "--time-limit", "0.3", "--bks", &bks]);
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    let text = crate::common::stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "instance,cost,bks,gap_pct,seconds");
    assert!(lines[1].starts_with("C101,") && lines[1].contains(",828.94,"), "{text}");
    assert!(lines[2].starts_with("mean_gap_pct="), "{text}");
    let bad = crate::common::almaplan(tmp.path(), &["bench-routing", "--format", "tsplib", &dir]);
    assert!(!bad.status.success());
    assert!(crate::common::stdout(&bad).is_empty());
    std::fs::write(tmp.path().join("Z999.txt"), "Z999\nVEHICLE\nNUMBER CAPACITY\n 25 200\nCUSTOMER\nCUST NO.\n 0 1 2 x 0 10 0\n").unwrap();
    let broken = crate::common::almaplan(tmp.path(), &["bench-routing", "--format", "solomon", &dir, "--time-limit", "0.1"]);
    assert!(!broken.status.success());
    assert!(crate::common::stdout(&broken).is_empty(), "no partial output");
    assert!(crate::common::stderr(&broken).contains("Z999.txt:7:4: \"x\""), "{}", crate::common::stderr(&broken));
}
