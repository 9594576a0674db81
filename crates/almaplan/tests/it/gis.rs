//! GIS-ready outputs: every GeoJSON of the demo run holds one geometry type, types its
//! properties (numbers as JSON numbers, yes/no as booleans, codes as words) and opens in GDAL's
//! `ogrinfo` (the reader QGIS uses) as one layer with Integer/Real fields.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{almaplan, stderr};

/// Every GeoJSON `almaplan run` writes for the demo.
pub const DEMO_GEOJSON: [&str; 6] =
    ["unidades.geojson", "zonas.geojson", "sedes.geojson", "rutas_umm.geojson", "paradas_umm.geojson", "localidades_umm.geojson"];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Int,
    Real,
    Bool,
}

/// Per file: the GeoJSON geometry type, ogrinfo's name for it, and the typed (non-text) fields.
fn schema(file: &str) -> (&'static str, &'static str, Vec<(&'static str, Kind)>) {
    use Kind::*;
    match file {
        "unidades.geojson" => (
            "Point",
            "Point",
            vec![
                ("nucleos", Int),
                ("indice_marginacion", Real),
                ("primer_nivel_en_operacion", Bool),
                ("sintetico", Bool),
                ("fin_de_semana_dias_requeridos", Int),
                ("fin_de_semana_dias_cubiertos", Int),
                ("fin_de_semana_pct", Real),
            ],
        ),
        "zonas.geojson" => ("Polygon", "Polygon", vec![("unidades", Int), ("minutos_a_sede_total", Real)]),
        "sedes.geojson" => ("Point", "Point", vec![("unidades", Int), ("minutos_a_sede_total", Real)]),
        "rutas_umm.geojson" => ("LineString", "Line String", vec![("localidades", Int), ("minutos", Real)]),
        "paradas_umm.geojson" => ("Point", "Point", vec![("orden", Int), ("minutos_traslado", Real), ("consultas_estimadas", Int)]),
        "localidades_umm.geojson" => {
            ("Point", "Point", vec![("poblacion", Int), ("visitas", Int), ("consultas_estimadas", Int), ("cubierta", Bool)])
        }
        other => panic!("no schema for {other}"),
    }
}

/// The demo run's output folder, run once for this module's tests.
fn demo_run() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("gis-demo");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let out = almaplan(&dir, &["run", "-q", "--out", "salida"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        dir.join("salida")
    })
}

#[test]
fn every_geojson_has_one_geometry_type_and_typed_properties() {
    let dir = demo_run();
    for file in DEMO_GEOJSON {
        let (geometry, _, typed) = schema(file);
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap();
        let features = doc["features"].as_array().unwrap();
        assert!(!features.is_empty(), "{file}");
        for f in features {
            assert_eq!(f["geometry"]["type"], geometry, "{file}: one geometry type per file");
            let props = f["properties"].as_object().unwrap();
            for (key, value) in props {
                match typed.iter().find(|(k, _)| k == key).map(|(_, kind)| *kind) {
                    _ if value.is_null() => {}
                    Some(Kind::Int) => assert!(value.is_u64() || value.is_i64(), "{file}: {key} = {value} is not an integer"),
                    Some(Kind::Real) => assert!(value.is_f64(), "{file}: {key} = {value} is not a real number"),
                    Some(Kind::Bool) => assert!(value.is_boolean(), "{file}: {key} = {value} is not a boolean"),
                    None => assert!(value.is_string(), "{file}: {key} = {value} is not text"),
                }
            }
        }
        for (key, _) in &typed {
            assert!(features.iter().any(|f| !f["properties"][key].is_null()), "{file}: {key} is never given");
        }
    }
    // Units: codes as words, the municipal CVEGEO to join on, and the weekend coverage.
    let units: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("unidades.geojson")).unwrap()).unwrap();
    for f in units["features"].as_array().unwrap() {
        let p = &f["properties"];
        assert!(["en operación", "fuera de operación", "pendiente"].contains(&p["estatus"].as_str().unwrap()), "{p}");
        let cvegeo = p["cvegeo_municipio"].as_str().unwrap();
        assert!(
            cvegeo.len() == 5 && cvegeo.bytes().all(|b| b.is_ascii_digit()) && cvegeo.starts_with(p["clave_entidad"].as_str().unwrap())
        );
        if let Some(label) = p["fin_de_semana_cobertura"].as_str() {
            assert!(["cubierta", "parcial", "sin cobertura"].contains(&label), "{label}");
        }
    }
    let with_coverage = units["features"].as_array().unwrap().iter().filter(|f| f["properties"]["fin_de_semana_pct"].is_f64()).count();
    let coverage_rows = std::fs::read_to_string(dir.join("cobertura_unidades.csv")).unwrap().lines().count() - 1;
    assert_eq!(with_coverage, coverage_rows, "every roster target carries its weekend coverage");
}

/// `ogrinfo`, or `None` with a message; a failure when `CI` is set (`CI=true`): `.ci/deps` installs it.
fn ogrinfo() -> Option<&'static str> {
    let found = std::process::Command::new("ogrinfo").arg("--version").output().is_ok_and(|o| o.status.success());
    if found {
        return Some("ogrinfo");
    }
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but GDAL's ogrinfo is missing: .ci/deps installs gdal-bin");
    }
    eprintln!("GDAL's ogrinfo is not installed (Debian: gdal-bin; .ci/deps installs it): skipping the GDAL check");
    None
}

#[test]
fn gdal_opens_every_geojson_as_one_layer_with_typed_fields() {
    let Some(ogrinfo) = ogrinfo() else { return };
    let dir = demo_run();
    for file in DEMO_GEOJSON {
        let (_, geometry, typed) = schema(file);
        let out = std::process::Command::new(ogrinfo).args(["-so", "-al"]).arg(dir.join(file)).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success(), "{file}: {}{text}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(text.matches("Layer name:").count(), 1, "{file}: one layer\n{text}");
        assert!(text.lines().any(|l| l == format!("Geometry: {geometry}")), "{file}: geometry {geometry}\n{text}");
        for (key, kind) in typed {
            let field =
                text.lines().find_map(|l| l.strip_prefix(&format!("{key}: "))).unwrap_or_else(|| panic!("{file}: no field {key}\n{text}"));
            let ok = match kind {
                Kind::Int => field.starts_with("Integer ") || field.starts_with("Integer64 "),
                Kind::Real => field.starts_with("Real "),
                Kind::Bool => field.starts_with("Integer(Boolean)"),
            };
            assert!(ok, "{file}: {key} is {field}, expected {kind:?}");
        }
    }
}
