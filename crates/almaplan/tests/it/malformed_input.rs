//! Bad input gets a located message, exit code 1, and no output at all.

use std::path::Path;

use crate::common::{almaplan, stderr};

/// The IMSS-BIENESTAR catalogue header, for one-row catalogue fixtures.
pub(crate) const HEADER: &str = "clues_imb,clues_ssa_y_sme,clave_de_la_entidad,entidad,clave_del_municipio,municipio,localidad,clave_de_la_localidad,nombre_de_la_unidad,estatus_de_operacion,nivel_atencion,nombre_de_tipologia,estrato_unidad,cve_ro,nombre_region,latitud,longitud";
/// An urban and a rural unit of Hidalgo in that layout.
pub(crate) const GOOD: &str = "HGIMB000011,HGSSA000011,13,HIDALGO,1,ACATLAN,ACATLAN,1,ACATLÁN,EN OPERACION,PRIMER NIVEL,URBANO DE 03 NÚCLEOS BÁSICOS,URBANO,1301.0,TULANCINGO,20.144656,-98.440023";
pub(crate) const OTHER: &str = "HGIMB000023,HGSSA000023,13,HIDALGO,1,ACATLAN,ALCHOLOYA,3,ALCHOLOYA,EN OPERACION,PRIMER NIVEL,RURAL DE 01 NÚCLEO BÁSICO,RURAL,1301.0,TULANCINGO,20.219313,-98.456115";

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
    assert!(err.contains("cat.csv:1: un encabezado con los nombres de las columnas; el archivo está vacío"), "{err}");
}

#[test]
fn truncated_row() {
    let cut = &OTHER[..OTHER.rfind(',').unwrap()];
    let err = run_bad(&format!("{HEADER}\n{GOOD}\n{cut}\n"));
    assert!(err.contains("cat.csv:3: 17 campos como en el encabezado; la fila tiene 16"), "{err}");
}

#[test]
fn a_catalogue_with_a_header_and_no_rows_is_an_error() {
    let err = run_bad(&format!("{HEADER}\n"));
    assert!(err.contains("cat.csv:2: sin filas de datos"), "{err}");
    // Excel's CSV: BOM, CRLF, and blank lines after the header are no rows either.
    let err = run_bad(&format!("\u{feff}{HEADER}\r\n\r\n"));
    assert!(err.contains("cat.csv:2: sin filas de datos"), "{err}");
}

/// A catalogue as Excel in Spanish saves it: BOM, CRLF, `;` between fields and decimal commas, is
/// read; the line numbers of its errors are the lines an editor shows.
#[test]
fn excel_csv_with_bom_crlf_and_semicolons_is_read_with_true_line_numbers() {
    let excel = |rows: &[&str]| {
        let mut text = String::from("\u{feff}");
        for r in rows {
            text.push_str(&r.replace(',', ";").replace('.', ","));
            text.push_str("\r\n");
        }
        text
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cat.csv"), excel(&[HEADER, GOOD, OTHER])).unwrap();
    std::fs::write(dir.path().join("s.toml"), "name = \"prueba\"\n[data]\nestablishments = \"cat.csv\"\n").unwrap();
    let out = almaplan(dir.path(), &["run", "s.toml", "--out", "salida", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let units = crate::common::read_output(&dir.path().join("salida/unidades.csv"));
    assert_eq!(units.lines().count(), 3);

    let bad = OTHER.replace("20.219313", "20.2x");
    let err = run_bad(&excel(&[HEADER, GOOD, GOOD.replace("HGIMB000011", "HGIMB000012").as_str(), &bad]));
    assert!(err.contains("cat.csv:4:latitud: \"20,2x\""), "{err}");
    // A row separated with commas under a header separated with semicolons: both are named.
    let err = run_bad(&format!("{}{GOOD}\r\n", excel(&[HEADER])));
    assert!(err.contains("cat.csv:2: ") && err.contains("«;»") && err.contains("«,»"), "{err}");
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
