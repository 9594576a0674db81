//! The weekend roster from where the network stands, end to end on Hidalgo's real data
//! (SINERHIAS staffing): block progress baseline, `tabla2` preset, published figures side by
//! side, consultations, hires by bloque; and the baseline CSV with its located errors.

use crate::common::{almaplan, data_dir, scenario, stderr};

fn summary(dir: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("resumen_rol.json")).unwrap()).unwrap()
}

#[test]
fn hidalgo_with_real_staffing_runs_from_its_baseline() {
    let Some(_) = data_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["roster", &scenario("hidalgo-linea-base.toml"), "--salida", "rol", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = summary(&dir.path().join("rol"));
    let base = &s["linea_base"];
    assert_eq!(base["origen"], "avance_por_bloque");
    // Hidalgo is in bloque 2 (74.9%): round(0.749 × 483) units already open.
    assert_eq!(base["unidades_ya_abiertas"], (0.749f64 * 483.0).round() as u64);
    assert_eq!(s["units_targeted"], 483);
    let parts = ["unidades_dia_ya_abiertas", "unidades_dia_nuevas", "unidades_dia_sin_cubrir"].map(|k| base[k].as_u64().unwrap());
    assert_eq!(parts.iter().sum::<u64>(), s["unit_days_required"].as_u64().unwrap());
    // The gap counts only what is missing: the uncovered unit-days are the gap file's rows.
    let gaps = crate::common::read_output(&dir.path().join("rol/brechas_fin_de_semana.csv"));
    assert_eq!(gaps.lines().count() as u64 - 1, parts[2]);
    // Consultations: offered and not offered, at 15 per physician per shift.
    let c = &s["consultas"];
    assert_eq!(c["por_medico_por_turno"], 15.0);
    assert!(c["ofrecidas"].as_f64().unwrap() > 0.0 && c["no_ofrecidas_por_la_brecha"].is_number());
    // Published figures side by side, each with its explanation.
    let cifras = s["cifras_publicadas"]["cifras"].as_array().unwrap();
    let keys: Vec<&str> = cifras.iter().map(|c| c["clave"].as_str().unwrap()).collect();
    for k in ["unidades_objetivo", "contrataciones", "cobertura_unidades", "avance_bloque2", "medicos_faltantes"] {
        assert!(keys.contains(&k), "{k} missing in {keys:?}");
    }
    assert!(cifras.iter().all(|c| c["explicacion"].as_str().unwrap().len() > 80));
    let tabla2 = s["cifras_publicadas"]["necesidad_tabla2"].as_array().unwrap();
    assert_eq!(tabla2.len(), 10, "every typology × stratum of Tabla 2");
    assert_eq!(tabla2.iter().map(|r| r["tabla2_medicos"].as_u64().unwrap()).sum::<u64>(), 7_194);
    let by_state = &s["cifras_publicadas"]["unidades_por_entidad"][0];
    assert_eq!(by_state["meta_publicada"], 483);
    assert_eq!(by_state["diferencia"], 0);
    // Hires: one phase (bloque 2), never below their proven bound.
    let phases = s["contrataciones_por_bloque"].as_array().unwrap();
    assert_eq!(phases.len(), 1);
    assert_eq!(phases[0]["bloque"], 2);
    assert_eq!(phases[0]["contrataciones"], s["hires_needed"]);
    assert!(s["contrataciones_cota_probada"].as_u64().unwrap() <= s["hires_needed"].as_u64().unwrap());
}

#[test]
fn a_baseline_file_is_read_and_its_errors_are_located() {
    let Some(_) = data_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    // Two Hidalgo targets already open (one with its whole team, one of two physicians with one),
    // and a hospital, which is not a target.
    std::fs::write(dir.path().join("base.csv"), "clues,medicos\nHGIMB000011,\nHGIMB000163,1\nHGIMB000151,\n").unwrap();
    let toml =
        format!("extends = \"{}\"\nname = \"Hidalgo con línea base\"\n[roster]\nbaseline_units = \"base.csv\"\n", scenario("hidalgo.toml"));
    std::fs::write(dir.path().join("esc.toml"), toml).unwrap();
    let out = almaplan(dir.path(), &["roster", "esc.toml", "--salida", "rol", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = summary(&dir.path().join("rol"));
    assert_eq!(s["linea_base"]["origen"], "archivo_de_unidades");
    let base = &s["linea_base"];
    assert_eq!(
        [&base["unidades_ya_abiertas"], &base["unidades_con_plantilla_parcial"], &base["filas_fuera_de_la_meta"]]
            .map(|v| v.as_u64().unwrap()),
        [1, 1, 1],
        "{base}"
    );
    assert_eq!(s["units_targeted"], 483);
    // The unit already open is in no gap and no roster row (its `clues` column).
    for file in ["brechas_fin_de_semana.csv", "rol_fin_de_semana.csv"] {
        let text = crate::common::read_output(&dir.path().join("rol").join(file));
        let col = text.lines().next().unwrap().split(',').position(|c| c == "clues").unwrap();
        assert!(text.lines().skip(1).all(|l| l.split(',').nth(col) != Some("HGIMB000011")), "{file}");
    }
    // A bad count is located: file, row, column, value; nothing is written.
    std::fs::write(dir.path().join("base.csv"), "clues,medicos\nHGIMB000151,dos\n").unwrap();
    let out = almaplan(dir.path(), &["roster", "esc.toml", "--salida", "rol2", "-q"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("base.csv:2") && err.contains("medicos") && err.contains("dos"), "{err}");
    assert!(!dir.path().join("rol2").exists());
    // The tabla2 preset without Tabla 2 is a scenario error, not a silent default.
    let toml = format!("extends = \"{}\"\n[roster]\nstaffing_preset = \"tabla2\"\n", scenario("hidalgo.toml"));
    std::fs::write(dir.path().join("sin_tabla2.toml"), toml).unwrap();
    let out = almaplan(dir.path(), &["roster", "sin_tabla2.toml", "--salida", "rol3", "-q"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("tabla2_file"), "{}", stderr(&out));
    assert!(!dir.path().join("rol3").exists());
}
