//! `almaplan roster --escribir-modelo`: the MPS files are read back by HiGHS's own MPS reader and
//! solved there; each optimum lies between the objective almaplan reported and its bound.

use std::ffi::CString;

use crate::common::{almaplan, output_csv, scenario, stderr};

/// Solves an MPS file with HiGHS (read by HiGHS itself, not by almaplan): (status, objective).
fn solve_mps(path: &std::path::Path) -> (i32, f64) {
    let file = CString::new(path.display().to_string()).unwrap();
    // SAFETY: a fresh HiGHS instance used on this thread only and destroyed at the end; the
    // strings outlive the calls.
    unsafe {
        let h = highs_sys::Highs_create();
        let quiet = CString::new("output_flag").unwrap();
        highs_sys::Highs_setBoolOptionValue(h, quiet.as_ptr(), 0);
        let gap = CString::new("mip_rel_gap").unwrap();
        highs_sys::Highs_setDoubleOptionValue(h, gap.as_ptr(), 1e-7);
        let threads = CString::new("threads").unwrap();
        highs_sys::Highs_setIntOptionValue(h, threads.as_ptr(), 1);
        let read = highs_sys::Highs_readModel(h, file.as_ptr());
        assert_eq!(read, 0, "HiGHS could not read {}", path.display());
        let run = highs_sys::Highs_run(h);
        assert_eq!(run, 0, "HiGHS failed on {}", path.display());
        let status = highs_sys::Highs_getModelStatus(h) as i32;
        let objective = highs_sys::Highs_getObjectiveValue(h);
        highs_sys::Highs_destroy(h);
        (status, objective)
    }
}

#[test]
fn mps_models_solve_elsewhere_to_the_same_optimum() {
    let tmp = tempfile::tempdir().unwrap();
    let models = tmp.path().join("modelos");
    let out =
        almaplan(tmp.path(), &["roster", &scenario("demo.toml"), "--salida", "salida", "--escribir-modelo", models.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut index = output_csv(&models.join("modelos.csv"));
    let mut states = 0;
    for row in index.records() {
        let row = row.unwrap();
        let file = models.join(&row[2]);
        let (objective, bound): (f64, f64) = (row[6].parse().unwrap(), row[7].parse().unwrap());
        let (status, optimum) = solve_mps(&file);
        // kHighsModelStatusOptimal = 7.
        assert_eq!(status, 7, "{}: HiGHS status {status}", &row[2]);
        let tol = 1e-6 * bound.abs().max(1.0);
        assert!(optimum >= objective - tol && optimum <= bound + tol, "{}: {objective} ≤ {optimum} ≤ {bound}?", &row[2]);
        states += 1;
    }
    assert_eq!(states, 3, "the demo has three states");
}

/// `contrataciones.csv` lists hires by bloque and, within one, those that close the most weekend
/// unit-days per person first, ranked 1, 2, … (`prioridad_en_bloque`).
#[test]
fn hires_are_ranked_within_their_bloque_by_gap_closed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = almaplan(tmp.path(), &["roster", &scenario("demo.toml"), "--salida", "salida"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut csv = output_csv(&tmp.path().join("salida/contrataciones.csv"));
    let header = csv.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (block, hires, days, rank) = (col("bloque"), col("contrataciones"), col("unidades_dia_cubiertas"), col("prioridad_en_bloque"));
    let mut previous: Option<(String, f64, u32)> = None;
    let mut rows = 0;
    for r in csv.records() {
        let r = r.unwrap();
        let per_hire = r[days].parse::<f64>().unwrap() / r[hires].parse::<f64>().unwrap();
        let k: u32 = r[rank].parse().unwrap();
        match &previous {
            Some((b, p, n)) if *b == r[block] => {
                assert_eq!(k, n + 1, "ranks follow each other");
                assert!(per_hire <= p + 1e-9, "{per_hire} after {p}");
            }
            _ => assert_eq!(k, 1, "each bloque starts at 1"),
        }
        previous = Some((r[block].to_string(), per_hire, k));
        rows += 1;
    }
    assert!(rows > 1, "the demo needs hires");
}
