//! The command line end to end: the embedded demo, determinism, and `validate` on real scenarios.

mod common;

use common::{almaplan, data_dir, scenario, stderr, stdout};

#[test]
fn run_without_arguments_runs_the_embedded_demo() {
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("DATOS SINTÉTICOS"));
    for f in ["unidades.csv", "unidades.geojson", "resumen_entidades.csv", "calendario.csv", "ejecucion.json"] {
        assert!(dir.path().join("salida").join(f).is_file(), "{f}");
    }
    let units = std::fs::read_to_string(dir.path().join("salida/unidades.csv")).unwrap();
    assert_eq!(units.lines().count(), 1 + 1200);
    assert!(units.lines().skip(1).all(|l| l.ends_with(",si")), "every demo unit is labelled synthetic");
    let geo: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("salida/unidades.geojson")).unwrap()).unwrap();
    assert_eq!(geo["features"].as_array().unwrap().len(), 1200);
    // No temporary files left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("salida"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn same_scenario_and_seed_give_byte_identical_outputs() {
    let dir = tempfile::tempdir().unwrap();
    assert!(almaplan(dir.path(), &["run", "--out", "a", "-q"]).status.success());
    assert!(almaplan(dir.path(), &["run", "--out", "b", "-q"]).status.success());
    for f in ["unidades.csv", "unidades.geojson", "resumen_entidades.csv", "calendario.csv", "ejecucion.json"] {
        let a = std::fs::read(dir.path().join("a").join(f)).unwrap();
        let b = std::fs::read(dir.path().join("b").join(f)).unwrap();
        assert!(a == b, "{f} differs between runs");
    }
}

#[test]
fn validate_json_on_the_national_scenario() {
    let Some(_) = data_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["validate", &scenario("nacional.toml"), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["units_read"], 10_573);
    assert_eq!(v["first_level_in_operation"], 9_460);
    let by_state = v["by_state"].as_array().unwrap();
    assert_eq!(by_state.len(), 23);
    for s in by_state {
        for k in ["entidad", "fixed", "mobile", "nucleos", "localities", "population"] {
            assert!(!s[k].is_null(), "{k} missing in {s}");
        }
    }
    let hidalgo = by_state.iter().find(|s| s["clave"] == 13).unwrap();
    assert_eq!(hidalgo["entidad"], "HIDALGO");
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
    assert!(v["warnings"].is_number());
}

#[test]
fn validate_hidalgo_text_summary() {
    let Some(_) = data_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["validate", &scenario("hidalgo.toml")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("HIDALGO"), "{text}");
    assert!(text.contains("4690"), "{text}");
    // SINERHIAS units without an IMSS-BIENESTAR key are summarised, not listed one by one.
    assert!(text.contains("43 × unidad SINERHIAS sin CLUES IMSS-BIENESTAR"), "{text}");
}

#[test]
fn every_committed_scenario_parses() {
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            almaplan::scenario::LoadedScenario::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}
