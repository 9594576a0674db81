//! Development probe for the routing engine: solves the given benchmark files (not a whole
//! folder) and prints cost, gap, seconds, iterations and unserved customers per file.
//! `cargo run --release --example route_probe -- FORMAT BKS_CSV SECONDS FILE...`
use almaplan_formats::input::routing_bench::{read_bks, BenchFormat};
use almaplan_vrp::SearchParams;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 5 {
        return Err("usage: route_probe FORMAT BKS_CSV SECONDS FILE...".into());
    }
    let format = BenchFormat::parse(&args[1]).ok_or(format!("{:?} — expected cordeau-pvrp, cvrplib or solomon", args[1]))?;
    let bks = read_bks(args[2].as_ref(), format.bks_column()).map_err(|e| e.to_string())?;
    let secs: f64 = args[3].parse().map_err(|_| format!("{:?} — expected seconds", args[3]))?;
    let mut gaps = Vec::new();
    for f in &args[4..] {
        let path = std::path::Path::new(f);
        let inst = format.read(path).map_err(|e| e.to_string())?;
        let key = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        let mut params = SearchParams { time_limit_s: secs, ..SearchParams::default() };
        // Tuning knobs for development runs.
        let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f64>().ok());
        if let Some(v) = env("PROBE_T0") {
            params.start_temperature = v;
        }
        if let Some(v) = env("PROBE_T1") {
            params.end_temperature = v;
        }
        if let Some(v) = env("PROBE_REMOVED") {
            params.mean_removed = v;
        }
        if let Some(v) = env("PROBE_CYCLES") {
            params.cycles = v as usize;
        }
        if let Some(v) = env("PROBE_SEED") {
            params.seed = v as u64;
        }
        let (sol, rep) = almaplan_vrp::solve(&inst, &params)?;
        let b = bks.get(&key).copied().ok_or(format!("{key}: no best-known cost"))?;
        let gap = 100.0 * (rep.objective - b) / b;
        gaps.push(gap);
        println!("{key},{:.2},{b},{gap:.3},{:.1},it={},unassigned={}", rep.objective, rep.seconds, rep.iterations, sol.unassigned.len());
    }
    println!("mean_gap_pct={:.3}", gaps.iter().sum::<f64>() / gaps.len().max(1) as f64);
    Ok(())
}
