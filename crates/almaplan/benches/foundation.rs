//! Foundation benchmarks: reading the real catalogues, generating large synthetic networks, the
//! spatial index and travel times. Run with `cargo bench --bench foundation`; real-data lines need
//! `ALMAPLAN_DATA`. Each line: `bench=<name> n=<items> seconds=<best of 3> per_sec=<rate>`.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use almaplan_core::error::Diagnostics;
use almaplan_core::synthetic::SyntheticSpec;
use almaplan_core::territory::{Place, SpatialIndex, TravelTimes};
use almaplan_formats::input::{establishments, localities};
use almaplan_formats::scenario::LoadedScenario;

fn best_of_3<T>(mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..3 {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed().as_secs_f64());
        out = Some(v);
    }
    (best, out.expect("ran"))
}

fn line(name: &str, n: usize, seconds: f64) {
    println!("bench={name} n={n} seconds={seconds:.4} per_sec={:.0}", n as f64 / seconds.max(1e-9));
}

fn main() {
    if let Some(dir) = std::env::var_os("ALMAPLAN_DATA").map(PathBuf::from) {
        let (s, units) = best_of_3(|| {
            let mut d = Diagnostics::default();
            establishments::read(&dir.join("catalog/imssb_clues_2026.csv"), &[], &mut d).unwrap().units.len()
        });
        line("read_imssb_catalogue", units, s);
        let (s, n) = best_of_3(|| {
            let mut d = Diagnostics::default();
            localities::read(&dir.join("localities/conjunto_de_datos_iter_13CSV20.csv"), &mut d).unwrap().localities.len()
        });
        line("read_iter_hidalgo", n, s);
        let scenario =
            LoadedScenario::from_file(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/nacional.toml"))).unwrap();
        let (s, n) = best_of_3(|| almaplan_formats::load::load(&scenario).unwrap().network.units.len());
        line("load_nacional_scenario", n, s);
    } else {
        println!("# ALMAPLAN_DATA not set: real-data benchmarks skipped");
    }

    let spec = SyntheticSpec { units: 80_000, states: 10 };
    let (s, network) = best_of_3(|| almaplan_core::synthetic::generate(&spec, 1));
    line("synthetic_80k_units", network.units.len(), s);

    let points: Vec<_> = network.units.iter().map(|u| u.location).collect();
    let (s, index) = best_of_3(|| SpatialIndex::new(points.clone()));
    line("rtree_build_80k", index.len(), s);
    let travel = TravelTimes::default();
    let radius = travel.radius_km(60.0);
    let queries = 10_000;
    let (s, found) = best_of_3(|| (0..queries).map(|i| index.within_km(points[i * 7 % points.len()], radius).len()).sum::<usize>());
    line("rtree_radius_60min_queries", queries, s);
    println!("# mean candidates within 60 min: {:.1}", found as f64 / queries as f64);
    let (s, _) = best_of_3(|| index.nearest(points[0], 10));
    line("rtree_10_nearest", 1, s);

    let places: Vec<Place<'_>> = network.units.iter().map(Place::from).collect();
    let pairs = 1_000_000;
    let (s, total) = best_of_3(|| {
        let mut t = 0.0;
        for i in 0..pairs {
            t += travel.minutes(places[i % places.len()], places[(i * 31 + 7) % places.len()]);
        }
        black_box(t)
    });
    line("travel_minutes_pairs", pairs, s);
    black_box(total);
}
