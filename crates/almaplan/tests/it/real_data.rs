//! The readers against the real files in `ALMAPLAN_DATA` (skipped when it is not set; failing
//! loudly when it is set and a file is missing).

use std::collections::BTreeMap;

use crate::common::{data_dir, data_file};
use almaplan_core::domain::UnitKind;
use almaplan_core::error::Diagnostics;
use almaplan_formats::input::{establishments, localities, marginacion, staffing, Table};

const CATALOGUE: &str = "catalog/imssb_clues_2026.csv";

#[test]
fn catalogue_reads_every_row_with_the_files_per_state_counts() {
    let Some(dir) = data_dir() else { return };
    let path = data_file(&dir, CATALOGUE);
    let mut d = Diagnostics::default();
    let e = establishments::read(&path, &[], &mut d).unwrap();
    assert!(d.errors.is_empty(), "{:?}", &d.errors[..d.errors.len().min(5)]);
    assert_eq!(e.layout, establishments::Layout::ImssBienestar);
    assert_eq!(e.units.len(), 10_573);
    assert_eq!(e.units.iter().filter(|u| u.is_first_level_in_operation()).count(), 9_460);
    let mobile_in_operation = e.units.iter().filter(|u| u.in_operation() && u.kind == UnitKind::Mobile).count();
    assert_eq!(mobile_in_operation, 1_000);
    let weekend_targets = e.units.iter().filter(|u| u.is_first_level_in_operation() && u.kind.is_fixed_primary_care()).count();
    assert_eq!(weekend_targets, 8_243);
    // Per-state counts, tallied independently from the raw CSV column.
    let mut raw = csv::Reader::from_path(&path).unwrap();
    let col = raw.headers().unwrap().iter().position(|h| h == "clave_de_la_entidad").unwrap();
    let mut want: BTreeMap<u8, usize> = BTreeMap::new();
    for r in raw.records() {
        *want.entry(r.unwrap()[col].parse().unwrap()).or_default() += 1;
    }
    let mut got: BTreeMap<u8, usize> = BTreeMap::new();
    for u in &e.units {
        *got.entry(u.state).or_default() += 1;
    }
    assert_eq!(got, want);
    // Both keys kept.
    let u = e.units.iter().find(|u| u.clues == "HGIMB000151").unwrap();
    assert_eq!(u.clues_ssa.as_deref(), Some("HGSSA000156"));
}

#[test]
fn dgis_hidalgo_agrees_with_the_catalogue() {
    let Some(dir) = data_dir() else { return };
    let mut d = Diagnostics::default();
    let cat = establishments::read(&data_file(&dir, CATALOGUE), &[], &mut d).unwrap();
    let dgis =
        establishments::read(&data_file(&dir, "catalog/dgis_establecimiento_salud_202501_hidalgo.csv"), &["IMB".to_string()], &mut d)
            .unwrap();
    assert!(d.errors.is_empty(), "{:?}", d.errors);
    assert_eq!(dgis.layout, establishments::Layout::Dgis);
    assert_eq!(dgis.units.len(), 512);
    let by_clues: std::collections::HashMap<&str, &almaplan_core::domain::Unit> = cat.units.iter().map(|u| (u.clues.as_str(), u)).collect();
    let mut within_1km = 0;
    for u in &dgis.units {
        let c = by_clues.get(u.clues.as_str()).unwrap_or_else(|| panic!("{} not in the catalogue", u.clues));
        assert_eq!((u.state, u.municipality, u.kind, u.status), (c.state, c.municipality, c.kind, c.status), "{}", u.clues);
        if almaplan_core::territory::great_circle_km(u.location, c.location) < 1.0 {
            within_1km += 1;
        }
    }
    // 509 of 512 agree within a kilometre; three were moved between the cuts.
    assert!(within_1km >= 505, "{within_1km}");
}

#[test]
fn windows_1252_and_xlsx_copies_read_identically() {
    let Some(dir) = data_dir() else { return };
    let path = data_file(&dir, "catalog/dgis_establecimiento_salud_202501_hidalgo.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable, "the sample only uses characters Windows-1252 has");
    let tmp = tempfile::tempdir().unwrap();
    let cp_path = tmp.path().join("dgis_cp1252.csv");
    std::fs::write(&cp_path, &cp1252).unwrap();

    // The XLSX copy stores numbers as numbers, as DGIS publishes it.
    let table = Table::read(&path).unwrap();
    let xlsx_path = tmp.path().join("dgis.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in table.headers.iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, f) in row.fields.iter().enumerate() {
            match f.parse::<f64>() {
                Ok(v) if !f.starts_with('0') || f == "0" || f.starts_with("0.") => sheet.write_number(r as u32 + 1, c as u16, v).unwrap(),
                _ => sheet.write_string(r as u32 + 1, c as u16, f).unwrap(),
            };
        }
    }
    book.save(&xlsx_path).unwrap();

    let read = |p: &std::path::Path| {
        let mut d = Diagnostics::default();
        let e = establishments::read(p, &["IMB".to_string()], &mut d).unwrap();
        assert!(d.errors.is_empty(), "{}: {:?}", p.display(), d.errors);
        format!("{:?}", e.units)
    };
    let utf8 = read(&path);
    assert_eq!(read(&cp_path), utf8);
    assert_eq!(read(&xlsx_path), utf8);
}

#[test]
fn iter_gives_4690_localities_with_suppressed_values_unknown() {
    let Some(dir) = data_dir() else { return };
    let mut d = Diagnostics::default();
    let l = localities::read(&data_file(&dir, "localities/conjunto_de_datos_iter_13CSV20.csv"), &mut d).unwrap();
    assert!(d.errors.is_empty(), "{:?}", d.errors);
    assert_eq!(l.layout, localities::LocalityLayout::Iter);
    assert_eq!(l.localities.len(), 4_690);
    assert_eq!(l.aggregate_rows, 4_916 - 4_690);
    // Localities sum to the state total row (3,082,841 people in Hidalgo, Census 2020).
    let pop: u64 = l.localities.iter().map(|x| x.population.unwrap() as u64).sum();
    assert_eq!(pop, 3_082_841);
    let unknown = l.localities.iter().filter(|x| x.indigenous_speakers.is_none()).count();
    assert_eq!(unknown, 627);
    assert_eq!(l.localities.iter().filter(|x| x.without_social_security.is_none()).count(), 627);
    let acatlan = &l.localities[0];
    assert_eq!(acatlan.cvegeo, "130010001");
    assert!((acatlan.location.lon + 98.438372).abs() < 1e-5);
}

#[test]
fn ageeml_and_pob1000_read() {
    let Some(dir) = data_dir() else { return };
    let mut d = Diagnostics::default();
    let a = localities::read(&data_file(&dir, "localities/AGEEML_13_hidalgo_202410.csv"), &mut d).unwrap();
    assert_eq!(a.layout, localities::LocalityLayout::Ageeml);
    assert_eq!(a.localities.len(), 5_291);
    assert_eq!(a.localities.iter().filter(|x| x.population.is_none()).count(), 36);
    let p = localities::read(&data_file(&dir, "localities/inegi_localidades_pob1000_2020.csv"), &mut d).unwrap();
    assert_eq!(p.layout, localities::LocalityLayout::Pob1000);
    assert_eq!(p.localities.len(), 10_635);
    assert!(p.localities.iter().all(|x| x.population.unwrap() >= 1_000));
    assert!(d.errors.is_empty(), "{:?}", d.errors);
}

#[test]
fn sinerhias_maps_549_of_592_units_through_the_catalogue() {
    let Some(dir) = data_dir() else { return };
    let mut d = Diagnostics::default();
    let cat = establishments::read(&data_file(&dir, CATALOGUE), &[], &mut d).unwrap();
    let s = staffing::read(&data_file(&dir, "staffing/sinerhias_hidalgo_2024-07_plantilla.csv"), &cat.units, &mut d).unwrap();
    assert!(d.errors.is_empty(), "{:?}", d.errors);
    assert_eq!(s.rows, 592);
    assert_eq!(s.units_mapped, 549);
    assert_eq!(s.units_unmapped, 43);
    assert_eq!(d.warnings.len(), 43);
    use almaplan_core::domain::physician::Role;
    use almaplan_core::domain::Contract;
    let general = s.physicians.iter().filter(|p| p.contract == Contract::EntreSemana && p.role == Role::Medico).count();
    // 1,551 occupied general-physician positions, 1,535 of them in units that map.
    assert_eq!(general, 1_535);
    // Contact nurses (`enfermeras_contacto_ocupadas`) of the units that map, weekday staff of role
    // nursing (kept as staff only when a scenario plans teams).
    let nurses: Vec<_> = s.physicians.iter().filter(|p| p.role == Role::Enfermeria).collect();
    assert_eq!(nurses.len(), 4_850);
    assert!(nurses.iter().all(|p| p.contract == Contract::EntreSemana && p.id.contains("-ENF")));
    assert!(s.physicians.iter().all(|p| p.base.contains("IMB")));
}

#[test]
fn conapo_covers_every_municipality_of_the_catalogue() {
    let Some(dir) = data_dir() else { return };
    let mut d = Diagnostics::default();
    let m = marginacion::read(&data_file(&dir, "marginacion/conapo_imm_2020.csv"), &mut d).unwrap();
    assert_eq!(m.len(), 2_469);
    let cat = establishments::read(&data_file(&dir, CATALOGUE), &[], &mut d).unwrap();
    let missing = cat.units.iter().filter(|u| !m.contains_key(&u.municipality_key())).count();
    // Municipalities created after 2020 have no 2020 index.
    assert!(missing * 100 < cat.units.len(), "{missing}");
    assert!(d.errors.is_empty(), "{:?}", d.errors);
}
