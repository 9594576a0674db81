//! The command line end to end: the embedded demo, determinism, and `validate` on real scenarios.

use crate::common::{almaplan, data_dir, scenario, stderr, stdout};

#[test]
fn run_without_arguments_runs_the_embedded_demo() {
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("DATOS SINTÉTICOS"));
    for f in [
        "unidades.csv",
        "unidades.geojson",
        "red_por_entidad.csv",
        "calendario.csv",
        "ejecucion.json",
        "reporte.html",
        "brechas.csv",
        "indicadores.json",
        "estado_elementos.csv",
    ] {
        assert!(dir.path().join("salida").join(f).is_file(), "{f}");
    }
    let units = crate::common::read_output(&dir.path().join("salida/unidades.csv"));
    assert_eq!(units.lines().count(), 1 + 1200);
    assert!(units.lines().skip(1).all(|l| l.ends_with(",si")), "every demo unit is labelled synthetic");
    let geo: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("salida/unidades.geojson")).unwrap()).unwrap();
    assert_eq!(geo["features"].as_array().unwrap().len(), 1200);
    let out_dir = dir.path().join("salida");
    // Every GeoJSON parses back as a FeatureCollection of valid geometries.
    for name in crate::gis::DEMO_GEOJSON {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out_dir.join(name)).unwrap()).unwrap();
        assert_eq!(v["type"], "FeatureCollection", "{name}");
        let features = v["features"].as_array().unwrap();
        assert!(!features.is_empty(), "{name} has features");
        for f in features {
            let g = &f["geometry"];
            let coords = match g["type"].as_str().unwrap() {
                "Point" => vec![g["coordinates"].clone()],
                "LineString" | "MultiPoint" => g["coordinates"].as_array().unwrap().clone(),
                "Polygon" => g["coordinates"][0].as_array().unwrap().clone(),
                other => panic!("{name}: unexpected geometry {other}"),
            };
            for c in coords {
                let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
                assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat), "{name}: {lon},{lat}");
            }
        }
    }
    // The gathered files open with the expected headers, and every gap kind is known.
    let header = |name: &str| crate::common::read_output(&out_dir.join(name)).lines().next().unwrap().to_string();
    assert_eq!(header("brechas.csv"), "tipo,entidad,zona,clues_o_cvegeo,descripcion,magnitud,razon,accion_sugerida");
    assert_eq!(header("estado_elementos.csv"), "tipo,clave,entidad,estado,valor");
    let gaps = crate::common::read_output(&out_dir.join("brechas.csv"));
    let mut reader = csv::Reader::from_reader(gaps.as_bytes());
    let mut kinds = std::collections::BTreeSet::new();
    for row in reader.records() {
        let row = row.unwrap();
        assert!(["fin_de_semana", "comando_alma_ata", "umm", "umm_prioritaria"].contains(&&row[0]), "{:?}", &row[0]);
        assert!(row[5].parse::<f64>().unwrap() > 0.0, "a gap has a positive magnitude");
        assert!(!row[6].is_empty() && !row[7].is_empty(), "reason and suggested action");
        kinds.insert(row[0].to_string());
    }
    // The demo leaves weekend gaps and visits after its deadline.
    assert!(kinds.contains("fin_de_semana") && kinds.contains("comando_alma_ata"), "{kinds:?}");
    let uncovered: f64 = reader_sum(&gaps, "fin_de_semana");
    let indicators: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out_dir.join("indicadores.json")).unwrap()).unwrap();
    let headline =
        |key: &str| indicators["indicadores"].as_array().unwrap().iter().find(|i| i["clave"] == key).unwrap()["valor"].as_f64().unwrap();
    assert_eq!(uncovered, headline("roster.unit_days_uncovered"), "brechas.csv adds up to the headline");
    let html = std::fs::read_to_string(out_dir.join("reporte.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("lang=\"es\""));
    for remote in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(remote), "reporte.html loads nothing from the network ({remote})");
    }
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
    let mut compared = 0;
    let mut pending = vec![std::path::PathBuf::new()];
    while let Some(sub) = pending.pop() {
        for entry in std::fs::read_dir(dir.path().join("a").join(&sub)).unwrap() {
            let entry = entry.unwrap();
            let name = sub.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                pending.push(name);
                continue;
            }
            let a = std::fs::read(dir.path().join("a").join(&name)).unwrap();
            let b = std::fs::read(dir.path().join("b").join(&name)).unwrap();
            if name.to_string_lossy().ends_with(".json") {
                // Wall-clock timings are the only thing allowed to differ.
                let strip = |v: &[u8]| -> String {
                    String::from_utf8_lossy(v).lines().filter(|l| !l.contains("seconds")).collect::<Vec<_>>().join("\n")
                };
                assert_eq!(strip(&a), strip(&b), "{name:?} differs between runs");
            } else {
                assert!(a == b, "{name:?} differs between runs");
            }
            compared += 1;
        }
    }
    assert!(compared >= 36, "the demo writes every planner's files, the report and the ICS calendars ({compared})");
}

#[test]
fn roster_on_hidalgo_with_real_staffing_then_lint_its_own_output() {
    let Some(_) = data_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["roster", &scenario("hidalgo.toml"), "--out", "rol", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("rol/resumen_rol.json")).unwrap()).unwrap();
    // Hidalgo's 483 targets are exactly the published weekend-opening target.
    assert_eq!(summary["units_targeted"], 483);
    assert_eq!(summary["by_state"][0]["meta_publicada_unidades"], 483);
    for k in ["unit_days_required", "unit_days_covered", "coverage_pct", "hires_needed", "objective", "bound", "gap_pct", "solve_seconds"] {
        assert!(summary[k].is_number(), "{k}");
    }
    assert!(summary["gap_pct"].as_f64().unwrap() <= 0.5);
    let hires = crate::common::read_output(&dir.path().join("rol/contrataciones.csv"));
    assert!(hires.starts_with("entidad,zona,bloque,clues_base"));
    assert!(hires.lines().skip(1).all(|l| l.split(',').nth(1).is_some_and(|z| !z.is_empty())), "every hire has a zone");
    // The XLSX has one roster sheet for the state with the same rows as the CSV, its grid, and the
    // summary, gaps, hires and coverage sheets.
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(dir.path().join("rol/rol_fin_de_semana.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Resumen", "HIDALGO", "Cuadrícula HIDALGO", "Brechas", "Contrataciones", "Cobertura", "Listas"].map(String::from)
    );
    let rows = book.worksheet_range("HIDALGO").unwrap().rows().count();
    let csv_rows = crate::common::read_output(&dir.path().join("rol/rol_fin_de_semana.csv")).lines().count();
    assert_eq!(rows, csv_rows);
    // The planner's own roster passes the linter; a planted violation does not.
    let rol = dir.path().join("rol/rol_fin_de_semana.csv");
    let ok = almaplan(dir.path(), &["roster", "check", &scenario("hidalgo.toml"), rol.to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    let mut text = std::fs::read_to_string(&rol).unwrap();
    let first = text.lines().nth(1).unwrap().to_string();
    // The same physician at a second unit the same day, in another municipality far away.
    let cols: Vec<&str> = first.split(',').collect();
    text.push_str(&format!("{},{},HIDALGO,,HGIMB000151,X,{},{},0,,no\n", cols[0], cols[1], cols[6], cols[7]));
    let bad = dir.path().join("malo.csv");
    std::fs::write(&bad, text).unwrap();
    let out = almaplan(dir.path(), &["roster", "check", &scenario("hidalgo.toml"), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("doble asignación"), "{}", stderr(&out));
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
    for entry in std::fs::read_dir(crate::common::workspace_root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            almaplan_formats::scenario::LoadedScenario::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

/// Sum of `magnitud` over the rows of one kind in `brechas.csv`.
fn reader_sum(csv_text: &str, kind: &str) -> f64 {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    r.records().map(|x| x.unwrap()).filter(|x| &x[0] == kind).map(|x| x[5].parse::<f64>().unwrap()).sum()
}
