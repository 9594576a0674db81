//! One entry point per reader for fuzzing: [`run`] writes the bytes to a scratch file with the
//! reader's extension and reads it as almaplan would, so a fuzzer drives exactly the code a user's
//! file goes through (decoding, separator sniffing, XLSX unzipping, located errors).
//!
//! A reader may accept or reject any input; the only failure is a panic (or an abort, a hang, an
//! out-of-memory), which the fuzzer reports. The targets in `fuzz/fuzz_targets/` are one line each
//! over this module; `tests/fuzz_corpora.rs` replays [`seeds`] and every file kept in
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/`, so CI re-runs in seconds what the
//! fuzzer found in hours.
//!
//! The seeds are small files in the official layouts, written here (never copied from the data
//! folder), one or more per layout a reader accepts.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use almaplan_core::domain::unit::Unit;
use almaplan_core::error::Diagnostics;

use crate::input;
use crate::scenario::{LoadedScenario, Override};

/// Every fuzz target, by name (the name of its file in `fuzz/fuzz_targets/`).
pub const TARGETS: &[&str] = &[
    "establecimientos_csv",
    "establecimientos_xlsx",
    "localidades",
    "marginacion",
    "plantilla",
    "matriz_tiempos",
    "limites",
    "cifras_entidad",
    "cifras_nacionales",
    "zonas",
    "avance",
    "bases",
    "metas_rol",
    "bajas",
    "rol_csv",
    "rol_xlsx",
    "escenario",
    "calendarios",
    "cvrplib",
    "solomon",
    "cordeau_pvrp",
    "pmed",
    "soluciones",
];

/// The IMSS-BIENESTAR catalogue header, as published.
pub const CATALOGUE_HEADER: &str = "clues_imb,clues_ssa_y_sme,clave_de_la_entidad,entidad,clave_del_municipio,municipio,localidad,clave_de_la_localidad,nombre_de_la_unidad,estatus_de_operacion,nivel_atencion,nombre_de_tipologia,estrato_unidad,cve_ro,nombre_region,latitud,longitud";

const CATALOGUE_ROWS: &str = "HGIMB000011,HGSSA000011,13,HIDALGO,1,ACATLAN,ACATLAN,1,ACATLÁN,EN OPERACION,PRIMER NIVEL,URBANO DE 03 NÚCLEOS BÁSICOS,URBANO,1301.0,TULANCINGO,20.144656,-98.440023
HGIMB000023,HGSSA000023,13,HIDALGO,1,ACATLAN,ALCHOLOYA,3,ALCHOLOYA,EN OPERACION,PRIMER NIVEL,RURAL DE 01 NÚCLEO BÁSICO,RURAL,1301.0,TULANCINGO,20.219313,-98.456115
HGIMB000035,HGSSA000035,13,HIDALGO,2,ACAXOCHITLAN,TEPEPA,12,TEPEPA,EN OPERACION,PRIMER NIVEL,UNIDAD MÓVIL,RURAL,1301.0,TULANCINGO,20.1592,-98.2021
";

/// Runs the reader of `target` over `data`: `None` for an unknown target name, else whether the
/// reader accepted the input (read it with no error). For a fuzzer either answer is fine: only a
/// panic fails.
pub fn run(target: &str, data: &[u8]) -> Option<bool> {
    run_with(target, data, &mut Diagnostics::default()).map(|r| r.is_ok())
}

/// [`run`], keeping the problems: `Err` holds the reader's error or the problems it recorded.
pub fn run_with(target: &str, data: &[u8], diagnostics: &mut Diagnostics) -> Option<Result<(), String>> {
    let d = diagnostics;
    let ok = match target {
        "establecimientos_csv" => accepted(input::establishments::read(&scratch("csv", data), &["IMB".to_string()], d), d),
        "establecimientos_xlsx" => accepted(input::establishments::read(&scratch("xlsx", data), &["IMB".to_string()], d), d),
        "localidades" => accepted(input::localities::read(&scratch("csv", data), d), d),
        "marginacion" => accepted(input::marginacion::read(&scratch("csv", data), d), d),
        "plantilla" => accepted(input::staffing::read(&scratch("csv", data), units(), d), d),
        "matriz_tiempos" => accepted(input::travel_matrix::read(&scratch("csv", data), d), d),
        "limites" => accepted(input::boundaries::read(&scratch("geojson", data)), d),
        "cifras_entidad" => accepted(input::seeds::read(&scratch("csv", data), d), d),
        "cifras_nacionales" => accepted(input::seeds::read_national(&scratch("csv", data), d), d),
        "zonas" => accepted(input::published::read_zone_file(&scratch("csv", data)), d),
        "avance" => accepted(input::published::read_progress(&scratch("csv", data), None), d),
        "bases" => accepted(input::bases::read(&scratch("csv", data), units()), d),
        "metas_rol" => accepted(input::roster::read_targets(&scratch("csv", data), d), d),
        "bajas" => accepted(input::roster::read_absences(&scratch("csv", data), d), d),
        "rol_csv" => accepted(input::roster::read_roster(&scratch("csv", data), d), d),
        "rol_xlsx" => accepted(input::roster::read_roster(&scratch("xlsx", data), d), d),
        "escenario" => scenario(data),
        "calendarios" => {
            let file = scratch("ics", data);
            accepted(input::calendars::read_dir(file.parent().expect("the scratch file lives in a directory")), d)
        }
        "cvrplib" => accepted(input::routing_bench::read_cvrplib(&scratch("vrp", data)), d),
        "solomon" => accepted(input::routing_bench::read_solomon(&scratch("txt", data)), d),
        "cordeau_pvrp" => accepted(input::routing_bench::read_cordeau_pvrp(&scratch("txt", data)), d),
        "pmed" => accepted(input::pmed::read_instance(&scratch("txt", data)), d),
        "soluciones" => {
            let file = scratch("csv", data);
            let bks = accepted(input::routing_bench::read_bks(&file, "bks"), d);
            let optimal = accepted(input::pmed::read_best_known(&file), d);
            let cost = accepted(input::routing_bench::read_cvrplib_solution_cost(&file), d);
            bks.or(optimal).or(cost)
        }
        _ => return None,
    };
    Some(ok)
}

fn accepted<T, E: std::fmt::Display>(result: Result<T, E>, d: &Diagnostics) -> Result<(), String> {
    match result {
        Err(e) => Err(e.to_string()),
        Ok(_) if d.has_errors() => Err(d.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")),
        Ok(_) => Ok(()),
    }
}

/// A scenario and its parent: the bytes before a line `===` are `base.toml`, the rest is the
/// scenario (which may say `extends = "base.toml"`); a first line `#fijar a=b;c=d` gives
/// `--fijar` overrides.
fn scenario(data: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(data);
    let (parent, child) = text.split_once("\n===\n").unwrap_or(("", &text));
    let overrides: Vec<Override> = child
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("#fijar "))
        .map(|list| list.split(';').filter_map(|o| Override::parse(o).ok()).collect())
        .unwrap_or_default();
    let base = scratch_named("base.toml", parent.as_bytes());
    let file = base.with_file_name("escenario.toml");
    std::fs::write(&file, child.as_bytes()).map_err(|e| e.to_string())?;
    let s = LoadedScenario::from_file_with(&file, &overrides).map_err(|e| e.to_string())?;
    let _ = s.scenario.calendar.work_calendar();
    for raw in [&s.scenario.data.establishments, &s.scenario.data.staffing].into_iter().flatten() {
        s.resolve(raw).map_err(|e| e.to_string())?;
    }
    Ok(())
}

thread_local! {
    static SCRATCH: RefCell<Option<PathBuf>> = const { RefCell::new(None) };
}

/// A scratch directory of this thread, made once; its one file per extension is overwritten on
/// every call (a fuzzer runs millions of inputs).
fn scratch_named(name: &str, data: &[u8]) -> PathBuf {
    let dir = SCRATCH.with(|s| {
        s.borrow_mut()
            .get_or_insert_with(|| {
                let base = if Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
                let dir = base.join(format!("almaplan-fuzz-{}-{:?}", std::process::id(), std::thread::current().id()));
                std::fs::create_dir_all(&dir).expect("a scratch directory for fuzzing");
                dir
            })
            .clone()
    });
    // Only one file per directory, so that a reader of a whole directory (calendars) sees it alone.
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let _ = std::fs::remove_file(e.path());
        }
    }
    let path = dir.join(name);
    std::fs::write(&path, data).expect("the scratch file is written");
    path
}

fn scratch(ext: &str, data: &[u8]) -> PathBuf {
    scratch_named(&format!("entrada.{ext}"), data)
}

/// Three units (urban, rural, mobile) for the readers that join on CLUES.
fn units() -> &'static [Unit] {
    static UNITS: OnceLock<Vec<Unit>> = OnceLock::new();
    UNITS.get_or_init(|| {
        let text = format!("{CATALOGUE_HEADER}\n{CATALOGUE_ROWS}");
        let table = input::table::Table::from_csv_bytes(text.as_bytes(), "catalogo.csv".into()).expect("the fuzzing catalogue is a table");
        let mut d = Diagnostics::default();
        input::establishments::from_table(&table, &["IMB".to_string()], &mut d).expect("the fuzzing catalogue is valid").units
    })
}

/// Seed inputs for `target`: small files in each layout the reader accepts, as `(name, bytes)`.
pub fn seeds(target: &str) -> Vec<(&'static str, Vec<u8>)> {
    let t = |name: &'static str, s: &str| (name, s.as_bytes().to_vec());
    match target {
        "establecimientos_csv" => vec![
            t("imssb.csv", &format!("{CATALOGUE_HEADER}\n{CATALOGUE_ROWS}")),
            t("imssb_crlf_bom.csv", &format!("\u{feff}{CATALOGUE_HEADER}\r\n{}", CATALOGUE_ROWS.replace('\n', "\r\n"))),
            t("imssb_semicolon.csv", &format!("{CATALOGUE_HEADER}\n{CATALOGUE_ROWS}").replace(',', ";").replace("20.144656", "20,144656")),
            t("dgis.csv", "CLUES,CLAVE DE LA INSTITUCION,NOMBRE DE LA INSTITUCION,CLAVE DE LA ENTIDAD,ENTIDAD,CLAVE DEL MUNICIPIO,MUNICIPIO,CLAVE DE LA LOCALIDAD,LOCALIDAD,NOMBRE DE LA UNIDAD,ESTATUS DE OPERACION,NIVEL ATENCION,NOMBRE DE TIPOLOGIA,ESTRATO UNIDAD,LATITUD,LONGITUD\nHGIMB000011,IMB,IMSS-BIENESTAR,13,HIDALGO,001,ACATLAN,0001,ACATLAN,ACATLÁN,EN OPERACION,PRIMER NIVEL,URBANO DE 03 NÚCLEOS BÁSICOS,URBANO,20.144656,-98.440023\nHGSSA000099,SSA,SECRETARIA DE SALUD,13,HIDALGO,001,ACATLAN,0001,ACATLAN,OTRA,EN OPERACION,PRIMER NIVEL,RURAL DE 01 NÚCLEO BÁSICO,RURAL,20.15,-98.45\n"),
        ],
        "establecimientos_xlsx" => vec![("imssb.xlsx", workbook(&[("CLUES", &format!("{CATALOGUE_HEADER}\n{CATALOGUE_ROWS}"))]))],
        "localidades" => vec![
            t("iter.csv", "\u{feff}ENTIDAD,NOM_ENT,MUN,NOM_MUN,LOC,NOM_LOC,LONGITUD,LATITUD,ALTITUD,POBTOT,P3YM_HLI,PSINDER\n13,Hidalgo,001,Acatlán,0000,Total del Municipio,,,,22268,*,5000\n13,Hidalgo,001,Acatlán,0001,Acatlán,\"98°26'18.139\"\" W\",\"20°08'45.251\"\" N\",2160,4112,12,*\n13,Hidalgo,001,Acatlán,9998,Localidades de una vivienda,,,,21,*,*\n"),
            t("ageeml.csv", "CVEGEO,CVE_ENT,NOM_ENT,CVE_MUN,NOM_MUN,CVE_LOC,NOM_LOC,AMBITO,LAT_DECIMAL,LON_DECIMAL,POB_TOTAL\n130010001,13,Hidalgo,001,Acatlán,0001,Acatlán,U,20.145903,-98.438372,4112\n130010002,13,Hidalgo,001,Acatlán,0002,Alcholoya,R,20.219,-98.456,-\n"),
            t("pob1000.csv", "altitud,ambito,cve_entidad,cve_localidad,cve_municipio,cvegeo,latitud,longitud,nom_localidad,poblacion_total\n2160,U,13,0001,001,130010001,20.145903,-98.438372,Acatlán,4112\n2240,U,09,0001,007,090070001,19.35,-99.06,Iztapalapa,1835486\n"),
        ],
        "marginacion" => vec![t("imm.csv", "\u{feff}CVE_ENT,NOM_ENT,CVE_MUN,NOM_MUN,POB_TOT,IM_2020,GM_2020\n13,Hidalgo,13001,Acatlán,22268,21.5,Medio\n13,Hidalgo,13002,Acaxochitlán,46065,18.2,Alto\n")],
        "plantilla" => vec![
            t("personas.csv", "medico_id,clues,tipo_contrato,no_disponible,max_turnos_extra_mes,salario_diario\nM001,HGIMB000011,fin_de_semana,,4,950.5\nM002,HGIMB000023,base,2027-01-09..2027-01-10,2,\n"),
            t("sinerhias.csv", "clues_ssa,clues_imb,consultorios_medicina_general,medicos_generales_ocupadas,medicos_generales_vacantes,pasantes_medicina_ocupadas,enfermeras_contacto_ocupadas\nHGSSA000011,HGIMB000011,3,4,1,1,6\nHGSSA000023,HGIMB000023,1,1,0,0,2\n"),
        ],
        "matriz_tiempos" => vec![t("tiempos.csv", "from,to,minutes\nHGIMB000011,HGIMB000023,25\nHGIMB000023,HGIMB000035,40.5\n")],
        "limites" => vec![t("estados.geojson", r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"cve_geo":"13","nom_ent":"Hidalgo"},"geometry":{"type":"Polygon","coordinates":[[[-99.9,19.6],[-97.9,19.6],[-97.9,21.4],[-99.9,21.4],[-99.9,19.6]]]}},{"type":"Feature","properties":{"cve_geo":"09"},"geometry":{"type":"MultiPolygon","coordinates":[[[[-99.4,19.0],[-98.9,19.0],[-98.9,19.6],[-99.4,19.0]]]]}}]}"#)],
        "cifras_entidad" => vec![t("cifras.csv", "clave_entidad,entidad,bloque_fin_de_semana,meta_unidades_fin_de_semana,uspn_imssb_2024,regiones_operativas_2024,zsm_2024,hospitales_coordinadores_zsm,otros_hospitales_zsm,equipos_supervision_zonal,etapa_comando_alma_ata,tabla10_regiones,tabla10_zsm,tabla10_unidades\n13,HIDALGO,2,480,470,5,9,9,3,28,2,,,\n09,CIUDAD DE MEXICO,1,220,215,4,10,10,2,20,piloto,,,\n")],
        "cifras_nacionales" => vec![t("nacionales.csv", "clave,valor,unidad,fuente\nmedicos_a_contratar_7_dias,4910,medicos,doc (aprox.)\nturno_fin_de_semana,matutino,,doc\ncomando_cdmx_bloque1,2025-01-20..2025-02-21,fechas,doc\n")],
        "zonas" => vec![t("zonas.csv", "clues,zona\nHGIMB000011,ZSM-1\nHGIMB000023,ZSM-2\n")],
        "avance" => vec![t("avance.csv", "clues,fecha\nHGIMB000011,2027-02-01\nHGIMB000023,01/02/2027\n")],
        "bases" => vec![
            t("bases_clues.csv", "clues,clues_base,latitud,longitud\nHGIMB000035,HGIMB000011,,\n"),
            t("bases_coordenadas.csv", "clues,clues_base,latitud,longitud\nHGIMB000035,,20.16,-98.2\n"),
        ],
        "metas_rol" => vec![t("metas.csv", "clues,medicos\nHGIMB000011,2\nHGIMB000023,\n")],
        "bajas" => vec![t("bajas.csv", "medico_id,desde,hasta,motivo\nM001,2027-01-09,2027-01-10,vacaciones\nM002,16/01/2027,17/01/2027,incapacidad\n")],
        "rol_csv" => vec![
            t("rol.csv", "fecha,clues,medico_id,fijo\n2027-01-02,HGIMB000011,M001,sí\n2027-01-03,HGIMB000023,M002,no\n"),
            t("rol_excel.csv", "\u{feff}fecha;clues;medico_id\r\n02/01/2027;HGIMB000011;M001\r\n"),
        ],
        "rol_xlsx" => vec![(
            "rol.xlsx",
            workbook(&[
                ("Resumen", "Rol de fin de semana\nentidades,1\n"),
                ("HIDALGO", "fecha,clues,medico_id,fijo\n2027-01-02,HGIMB000011,M001,sí\n2027-01-03,HGIMB000023,M002,no\n"),
            ]),
        )],
        "escenario" => vec![
            t("minimo.toml", "name = \"prueba\"\n[data]\nestablishments = \"cat.csv\"\n"),
            t(
                "extends.toml",
                "name = \"base\"\nstates = [13]\n[calendar]\nstart = \"2027-01-01\"\nend = \"2027-01-31\"\n\n===\n#fijar roster.max_travel_minutes=90;solver.time_limit_s=5\nextends = \"base.toml\"\nname = \"hija\"\n[data]\nestablishments = \"${ALMAPLAN_DATA}/cat.csv\"\n[roster]\nmax_travel_minutes = 60\n",
            ),
        ],
        "calendarios" => vec![t(
            "brigada.ics",
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//almaplan//ES\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\nUID:HGIMB000011-1.b1.prueba@almaplan\r\nSEQUENCE:0\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:20270104T080000\r\nDTEND:20270104T100000\r\nSUMMARY:Visita HGIMB000011\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        )],
        "cvrplib" => vec![t("X-n3.vrp", "NAME : X-n3-k1\nCOMMENT : prueba\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 10\nNODE_COORD_SECTION\n1 0 0\n2 3 4\n3 6 8\nDEMAND_SECTION\n1 0\n2 5\n3 5\nDEPOT_SECTION\n1\n-1\nEOF\n")],
        "solomon" => vec![t("c101.txt", "C101\n\nVEHICLE\nNUMBER     CAPACITY\n  25         200\n\nCUSTOMER\nCUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\n    0      40         50          0          0       1236          0\n    1      45         68         10        912        967         90\n    2      45         70         30        825        870         90\n")],
        "cordeau_pvrp" => vec![t("p01.txt", "1 2 3 2\n0 100\n0 100\n0 0.0 0.0 0 0 0 0\n1 1.0 2.0 0 5 1 2 1 2\n2 3.0 4.0 0 7 2 1 3\n3 -1.0 5.0 0 3 1 1 2\n")],
        "pmed" => vec![t("pmed1.txt", " 3 3 1\n 1 2 10\n 2 3 5\n 1 3 20\n")],
        "soluciones" => vec![
            t("bks.csv", "instance,bks\nX-n101-k25,27591\n"),
            t("optimos.csv", "instance,optimal\npmed1,5819\n"),
            t("X-n3-k1.sol", "Route #1: 1 2\nCost 20\n"),
        ],
        _ => Vec::new(),
    }
}

/// An XLSX workbook with one sheet per `(name, csv text)`; numbers stay text.
fn workbook(sheets: &[(&str, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, text) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("a valid sheet name");
        for (r, line) in text.lines().enumerate() {
            for (c, cell) in line.split(',').enumerate() {
                sheet.write_string(r as u32, c as u16, cell).expect("a cell inside the sheet");
            }
        }
    }
    book.save_to_buffer().expect("the workbook is written to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_has_seeds_and_runs_them() {
        for target in TARGETS {
            let seeds = seeds(target);
            assert!(!seeds.is_empty(), "{target} has no seed");
            for (name, bytes) in seeds {
                let read = run_with(target, &bytes, &mut Diagnostics::default());
                assert_eq!(read, Some(Ok(())), "{target}: the seed {name} is not read without errors");
            }
        }
        assert_eq!(run("no_existe", b""), None);
    }
}
