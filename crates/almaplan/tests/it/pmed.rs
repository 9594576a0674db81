//! The p-median core on small OR-Library instances: known optimum, proven by its own bound.

use almaplan::benchmarks::run_pmed;
use almaplan_core::lp::SolveStatus;
use almaplan_core::planners::zones::pmedian::PMedianOptions;

#[test]
fn pmed1_and_pmed2_reach_their_optimum_with_a_closed_bound() {
    let Some(data) = crate::common::data_dir() else { return };
    let dir = data.join("../bench/pmed");
    assert!(dir.join("bks.csv").is_file(), "ALMAPLAN_DATA is set but {} has no bks.csv", dir.display());
    for (name, optimum) in [("pmed1", 5819.0), ("pmed2", 4093.0)] {
        let line = run_pmed(&dir, name, &PMedianOptions::default()).unwrap();
        let r = &line.solution.report;
        assert_eq!(line.best_known, Some(optimum));
        assert_eq!(r.objective, optimum, "{line}");
        assert_eq!(r.bound, r.objective, "{line}");
        assert_eq!(r.status, SolveStatus::Optimal);
        assert_eq!(line.solution.open.len(), line.p);
    }
}
