//! Development probe: solve a few benchmark files briefly and print cost, gap and iterations.
//! `cargo run --release --example route_probe -- FORMAT BKS SECONDS FILE...`
use almaplan::input::routing_bench::{read_bks, BenchFormat};
use almaplan::planners::routes::{self, SearchParams};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let format = BenchFormat::parse(&args[1]).expect("format");
    let bks = read_bks(args[2].as_ref(), format.bks_column()).expect("bks");
    let secs: f64 = args[3].parse().expect("seconds");
    let mut gaps = Vec::new();
    for f in &args[4..] {
        let path = std::path::Path::new(f);
        let inst = format.read(path).expect("instance");
        let key = path.file_stem().unwrap().to_string_lossy().to_string();
        let (sol, rep) = routes::solve(&inst, &SearchParams { time_limit_s: secs, ..SearchParams::default() }).expect("verified");
        let b = bks[&key];
        let gap = 100.0 * (rep.objective - b) / b;
        gaps.push(gap);
        println!("{key},{:.2},{b},{gap:.3},{:.1},it={},unassigned={}", rep.objective, rep.seconds, rep.iterations, sol.unassigned.len());
    }
    println!("mean_gap_pct={:.3}", gaps.iter().sum::<f64>() / gaps.len() as f64);
}
