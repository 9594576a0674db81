//! Bad input gets a located message, exit code 1, and no output at all.

use std::path::Path;

use crate::common::{almaplan, stderr};

const HEADER: &str = "clues_imb,clues_ssa_y_sme,clave_de_la_entidad,entidad,clave_del_municipio,municipio,localidad,clave_de_la_localidad,nombre_de_la_unidad,estatus_de_operacion,nivel_atencion,nombre_de_tipologia,estrato_unidad,cve_ro,nombre_region,latitud,longitud";
const GOOD: &str = "HGIMB000011,HGSSA000011,13,HIDALGO,1,ACATLAN,ACATLAN,1,ACATLÁN,EN OPERACION,PRIMER NIVEL,URBANO DE 03 NÚCLEOS BÁSICOS,URBANO,1301.0,TULANCINGO,20.144656,-98.440023";
const OTHER: &str = "HGIMB000023,HGSSA000023,13,HIDALGO,1,ACATLAN,ALCHOLOYA,3,ALCHOLOYA,EN OPERACION,PRIMER NIVEL,RURAL DE 01 NÚCLEO BÁSICO,RURAL,1301.0,TULANCINGO,20.219313,-98.456115";

/// Writes `catalogue` and a scenario naming it, runs `almaplan run`, and checks that it failed with
/// exit code 1 and wrote nothing. Returns stderr.
fn run_bad(catalogue: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cat.csv"), catalogue).unwrap();
    std::fs::write(dir.path().join("s.toml"), "name = \"prueba\"\n[data]\nestablishments = \"cat.csv\"\n").unwrap();
    let out = almaplan(dir.path(), &["run", "s.toml", "--out", "salida"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(!dir.path().join("salida").exists(), "no output may be written on bad input");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn a_good_file_runs_and_writes_outputs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cat.csv"), format!("{HEADER}\n{GOOD}\n{OTHER}\n")).unwrap();
    std::fs::write(dir.path().join("s.toml"), "name = \"prueba\"\n[data]\nestablishments = \"cat.csv\"\n").unwrap();
    let out = almaplan(dir.path(), &["run", "s.toml", "--out", "salida", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(Path::new(&dir.path().join("salida/unidades.csv")).is_file());
}

#[test]
fn missing_column() {
    let header = HEADER.replace(",latitud", "");
    let row = GOOD.replace(",20.144656", "");
    let err = run_bad(&format!("{header}\n{row}\n"));
    assert!(err.contains("cat.csv:1:latitud: a column named latitud in the header"), "{err}");
}

#[test]
fn bad_number() {
    let err = run_bad(&format!("{HEADER}\n{GOOD}\n{}\n", OTHER.replace("20.219313", "20.2x")));
    assert!(err.contains("cat.csv:3:latitud: \"20.2x\" — a decimal number"), "{err}");
}

#[test]
fn swapped_coordinates() {
    let err = run_bad(&format!("{HEADER}\n{}\n", GOOD.replace("20.144656,-98.440023", "-98.440023,20.144656")));
    assert!(err.contains("cat.csv:2:latitud/longitud: \"-98.440023, 20.144656\""), "{err}");
    assert!(err.contains("latitud y longitud parecen intercambiadas"), "{err}");
}

#[test]
fn duplicate_clues() {
    let err = run_bad(&format!("{HEADER}\n{GOOD}\n{OTHER}\n{}\n", GOOD.replace("HGSSA000011", "HGSSA000099")));
    assert!(err.contains("cat.csv:4:clues_imb: \"HGIMB000011\" — una CLUES única; ya aparece en la línea 2"), "{err}");
}

#[test]
fn empty_file() {
    let err = run_bad("");
    assert!(err.contains("cat.csv:1: a header row naming the columns; the file is empty"), "{err}");
}

#[test]
fn truncated_row() {
    let cut = &OTHER[..OTHER.rfind(',').unwrap()];
    let err = run_bad(&format!("{HEADER}\n{GOOD}\n{cut}\n"));
    assert!(err.contains("cat.csv:3: 17 fields as in the header; the row has 16"), "{err}");
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let err = run_bad(&format!("{HEADER}\n{}\n{}\n", GOOD.replace("20.144656", "abc"), OTHER.replace("EN OPERACION", "QUIZÁ")));
    assert!(err.contains("cat.csv:2:latitud") && err.contains("cat.csv:3:estatus_de_operacion"), "{err}");
    assert!(err.contains("2 error(es)"), "{err}");
}

#[test]
fn missing_data_file_names_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), "name = \"x\"\n[data]\nestablishments = \"no_existe.csv\"\n").unwrap();
    let out = almaplan(dir.path(), &["run", "s.toml", "--out", "salida"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no_existe.csv"), "{}", stderr(&out));
    assert!(!dir.path().join("salida").exists());
}

#[test]
fn scenario_typo_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), "name = \"x\"\n[data]\nsynthetic = { units = 50 }\n[roster]\nmax_travel_minutos = 60\n")
        .unwrap();
    let out = almaplan(dir.path(), &["run", "s.toml", "--out", "salida"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("clave desconocida `max_travel_minutos`"), "{}", stderr(&out));
}
