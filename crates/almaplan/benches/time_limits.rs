//! Time limits that hold: each planner runs on a large case with a short `[solver] time_limit_s`
//! and the benchmark prints its overrun ratio, the planner's own wall time (from the `--log`
//! progress line "<planner> terminado en X s") divided by the limit; target ≤ 1.1. Every run must
//! end with a plan (exit code 0): a limit returns the best plan found so far, never a failure.
//!
//! `cargo bench --bench time_limits [-- LIMIT_S]` (default 3 s) needs `ALMAPLAN_DATA`. Cases:
//! the national scenario (roster, zones, waves, routes) and Comando stage 2 (zones, waves).
//! One line per planner:
//! `bench=time_limits case=<scenario> planner=<name> limit_s=<L> wall_s=<planner wall> ratio=<wall/L> exit=<code> total_s=<whole run>`.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

fn main() {
    let limit: f64 = std::env::args().skip(1).find(|a| !a.starts_with('-')).and_then(|a| a.parse().ok()).unwrap_or(3.0);
    if std::env::var_os("ALMAPLAN_DATA").is_none() {
        println!("# ALMAPLAN_DATA not set: time_limits skipped");
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the workspace root");
    let mut worst: f64 = 0.0;
    for case in ["nacional", "comando-etapa2"] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let scenario = dir.path().join("limite.toml");
        let parent = root.join("scenarios").join(format!("{case}.toml"));
        std::fs::write(&scenario, format!("extends = \"{}\"\n[solver]\ntime_limit_s = {limit}\n", parent.display())).unwrap();
        let log = dir.path().join("avance.log");
        let start = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_almaplan"))
            .args(["run", scenario.to_str().unwrap(), "--salida", dir.path().join("salida").to_str().unwrap(), "-q", "--log"])
            .arg(&log)
            .current_dir(&root)
            .output()
            .expect("almaplan runs");
        let total = start.elapsed().as_secs_f64();
        let code = out.status.code().unwrap_or(-1);
        if code != 0 {
            println!("# {case}: exit {code}: {}", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or(""));
        }
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        for line in text.lines() {
            // "[hh:mm:ss] roster  terminado en 2.9 s: …"
            let Some(rest) = line.split_once("] ").map(|(_, r)| r) else { continue };
            let mut words = rest.split_whitespace();
            let (Some(planner), Some("terminado"), Some("en"), Some(secs)) = (words.next(), words.next(), words.next(), words.next())
            else {
                continue;
            };
            let Ok(wall) = secs.parse::<f64>() else { continue };
            if planner == "datos" {
                continue;
            }
            let ratio = wall / limit;
            worst = worst.max(ratio);
            println!(
                "bench=time_limits case={case} planner={planner} limit_s={limit} wall_s={wall:.2} ratio={ratio:.2} exit={code} total_s={total:.1}"
            );
        }
    }
    println!("bench=time_limits worst_ratio={worst:.2} target=1.10 {}", if worst <= 1.1 { "ok" } else { "OVER" });
}
