//! `almaplan zones` end to end: stage 1 on the real catalogue, the demo, and a bad zone file.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::{almaplan, data_dir, scenario, stderr, stdout};

fn read_zones(path: &std::path::Path) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), ["clues", "entidad", "zona", "sede", "minutos_a_sede"]);
    r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect()
}

#[test]
fn stage_one_zones_every_unit_once_in_the_published_number_of_zones() {
    if data_dir().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["zones", &scenario("comando-etapa1.toml"), "--out", "z"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = read_zones(&dir.path().join("z/zonas.csv"));
    assert_eq!(rows.len(), 1791, "first-level units in operation of the ten stage-1 states");
    let clues: BTreeSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(clues.len(), rows.len(), "a unit in two zones");
    let mut zones: BTreeMap<&str, Vec<&Vec<String>>> = BTreeMap::new();
    rows.iter().for_each(|r| zones.entry(r[2].as_str()).or_default().push(r));
    assert_eq!(zones.len(), 41, "Tabla 10: 41 ZSM in stage 1");
    for (zone, members) in &zones {
        let sede = &members[0][3];
        assert!(members.iter().all(|r| &r[3] == sede), "{zone} has two hosts");
        let host = members.iter().find(|r| &r[0] == sede).unwrap_or_else(|| panic!("{zone}: host is not a member"));
        assert_eq!(host[4], "0.0");
    }
    assert!(stdout(&out).contains("óptimo"), "{}", stdout(&out));
    let geo: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("z/zonas.geojson")).unwrap()).unwrap();
    assert_eq!(geo["features"].as_array().unwrap().len(), 41);
    let sedes: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("z/sedes.geojson")).unwrap()).unwrap();
    assert_eq!(sedes["features"].as_array().unwrap().len(), 41);
}

#[test]
fn zone_file_without_every_unit_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("zonas_dadas.csv"), "clues,zona\nNOEXISTE,1\n").unwrap();
    let demo = std::fs::read_to_string(scenario("demo.toml")).unwrap();
    let text = demo.replace("[zones]\n", "[zones]\nzone_file = \"zonas_dadas.csv\"\n");
    std::fs::write(dir.path().join("s.toml"), text).unwrap();
    let out = almaplan(dir.path(), &["zones", "s.toml", "--out", "z"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("no tienen zona en el archivo"), "{}", stderr(&out));
    assert!(!dir.path().join("z/zonas.csv").exists());
}

#[test]
fn demo_zones_are_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let demo = std::fs::read_to_string(scenario("demo.toml")).unwrap();
    assert!(demo.contains("units = 1200"));
    std::fs::write(dir.path().join("s.toml"), demo.replace("units = 1200", "units = 300")).unwrap();
    for out_dir in ["a", "b"] {
        let out = almaplan(dir.path(), &["zones", "s.toml", "--out", out_dir, "-q"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    for f in ["zonas.csv", "zonas.geojson", "sedes.geojson"] {
        assert!(std::fs::read(dir.path().join("a").join(f)).unwrap() == std::fs::read(dir.path().join("b").join(f)).unwrap(), "{f}");
    }
    assert!(!read_zones(&dir.path().join("a/zonas.csv")).is_empty());
}

#[test]
fn region_column_gives_the_operative_regions_as_zones() {
    if data_dir().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(scenario("comando-etapa1.toml")).unwrap();
    assert!(text.contains("[zones]\n"));
    let data = data_dir().unwrap().display().to_string();
    let text = text.replace("[zones]\n", "[zones]\nuse_region_column = true\n").replace("${ALMAPLAN_DATA}", &data);
    std::fs::write(dir.path().join("s.toml"), text).unwrap();
    let out = almaplan(dir.path(), &["zones", "s.toml", "--out", "z", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = read_zones(&dir.path().join("z/zonas.csv"));
    assert_eq!(rows.len(), 1791);
    assert!(rows.iter().all(|r| r[2].starts_with("RO ")), "zones are operative regions");
    let zones: BTreeSet<(&str, &str)> = rows.iter().map(|r| (r[1].as_str(), r[2].as_str())).collect();
    assert!(zones.len() >= 10, "{zones:?}");
}
