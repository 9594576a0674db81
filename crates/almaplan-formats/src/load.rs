//! Reads everything a scenario names into one [`Network`], collecting every problem.
//!
//! This is the one load step: every file a scenario names (catalogue, localities, staffing, zone
//! file, mobile-unit bases, roster targets…) and every file a command names besides it
//! ([`Extras`]: previous roster, absences, Comando Alma-Ata progress, previous brigade calendars) is read and checked here,
//! before anything is solved or written. A fatal problem anywhere stops the command with the full
//! list of problems of all files and no output files; `almaplan validate` runs the same step.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use geo::{Contains, Distance, Haversine, HaversineClosestPoint, Point};
use serde::Serialize;

use crate::input::boundaries::Boundaries;
use crate::input::calendars::PreviousCalendars;
use crate::input::roster::{Absence, RosterRow};
use crate::input::{bases, establishments, localities, marginacion, published, roster, staffing, travel_matrix};
use crate::scenario::LoadedScenario;
use almaplan_core::domain::{Network, WorkCalendar};
use almaplan_core::error::{Diagnostics, Error, Location, Severity};
use almaplan_core::synthetic;
use almaplan_core::territory::TravelTimes;

/// One input file and what came out of it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    /// What the file is for ("establecimientos", "localidades", …).
    pub role: &'static str,
    /// The file as resolved (after `${VAR}` expansion and relative to the scenario), or a
    /// description for generated data.
    pub path: String,
    /// Layout recognised from the header.
    pub layout: String,
    /// Data rows in the file.
    pub rows: usize,
    /// Records kept (units, localities, physicians…).
    pub records: usize,
}

/// A scenario's inputs, read and joined.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Units, localities (with marginalisation) and physicians, restricted to the scenario's
    /// states; mobile units already moved to their `[routes] bases`.
    pub network: Network,
    /// Travel times: the scenario's `[travel]` estimate, overridden by the travel matrix when given.
    pub travel: TravelTimes,
    /// Working days: LFT art. 74 mandatory rest days, the scenario's non-working days, blackouts.
    pub calendar: WorkCalendar,
    /// State boundaries for maps and the units-outside-their-state check, when named.
    pub boundaries: Option<Boundaries>,
    /// Published figures by state code (empty when the scenario names none).
    pub figures: std::collections::BTreeMap<u8, crate::input::seeds::StateFigures>,
    /// Published national figures by key (empty when the scenario names none).
    pub national: crate::input::seeds::NationalFigures,
    /// The user's zone table (`[zones] zone_file`: CLUES → zone), when the scenario names one.
    pub zone_of_clues: Option<BTreeMap<String, String>>,
    /// Weekend targets (`[roster] targets`: CLUES → physicians required, if given), when named.
    pub roster_targets: Option<HashMap<String, Option<u32>>>,
    /// The previous roster to change as little as possible (`roster --previo`).
    pub previous: Option<Vec<RosterRow>>,
    /// Absences to plan around (`roster --bajas`).
    pub absences: Vec<Absence>,
    /// Comando Alma-Ata visits already made, CLUES → date (`waves --avance`).
    pub visited: BTreeMap<String, NaiveDate>,
    /// Re-plan the waves from this date (`waves --desde`).
    pub replan_from: Option<NaiveDate>,
    /// Comando Alma-Ata field progress (`[waves] tracking_units`, `tracking_teams`, `tracking_date`).
    pub tracking: Option<almaplan_core::planners::waves::tracking::FieldProgress>,
    /// People per state and role for the Comando Alma-Ata brigades (`[waves] people_file`), when named.
    pub people: Option<BTreeMap<u8, BTreeMap<String, u32>>>,
    /// The previous run's brigade calendars, updated by the re-plan's (`waves --calendario-previo`).
    pub previous_calendars: Option<PreviousCalendars>,
    /// The roster `roster check` checks.
    pub roster_to_check: Option<Vec<RosterRow>>,
    /// PI 2.2 baseline and targets by year (`[data] pi22_targets`; empty when not named).
    pub pi22_targets: BTreeMap<u16, f64>,
    /// Published Tren Maya mobile units by state (`[data] tren_maya_umm`; empty when not named).
    pub tren_maya: BTreeMap<u8, crate::input::umm_inputs::RegionFigures>,
    /// Crews and programme priorities for the mobile units (`[routes] crews`, `priorities`).
    pub umm_extras: almaplan_core::planners::umm::UmmExtras,
    /// Supervision visits already made, CLUES → latest date (`[supervision] previous_visits` or
    /// `supervision --visitas-previas`); empty when none is named.
    pub supervision_visits: BTreeMap<String, NaiveDate>,
    /// Every file read (or network generated), with its layout and row counts.
    pub sources: Vec<SourceInfo>,
    /// Units that already open on weekends (`[roster] baseline_units`: CLUES → staff), when named.
    pub roster_baseline: Option<BTreeMap<String, Option<u32>>>,
    /// Tabla 2 of the Comando Alma-Ata guide (`[roster] tabla2_file`), when named.
    pub tabla2: Option<Vec<almaplan_core::planners::roster::Tabla2Row>>,
    /// Every problem found in every file: errors stop the run before any solve, warnings are
    /// summarised.
    pub diagnostics: Diagnostics,
}

/// Files a command names besides the scenario, as given on the command line (relative to the
/// working directory, not to the scenario).
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// `--previo`: a roster (`rol_fin_de_semana.csv`) to change as little as possible.
    pub previous_roster: Option<PathBuf>,
    /// `--bajas`: absences (`medico_id,desde,hasta`).
    pub unavailable: Option<PathBuf>,
    /// `--avance`: Comando Alma-Ata visits already made (`clues,fecha`).
    pub progress: Option<PathBuf>,
    /// `--desde`: re-plan from this date; no visit in `progress` may come after it.
    pub from: Option<NaiveDate>,
    /// A (hand-edited) roster to check against the scenario's rules (`roster check`).
    pub roster_to_check: Option<PathBuf>,
    /// `--calendario-previo`: the previous run's `ics/` folder (brigade calendars), which the
    /// re-plan's calendars update by UID.
    pub previous_calendars: Option<PathBuf>,
    /// `--visitas-previas`: supervision visits of last month (`clues,fecha`); wins over the
    /// scenario's `[supervision] previous_visits`.
    pub supervision_visits: Option<PathBuf>,
}

/// Reads the scenario's inputs; any error-level problem makes this fail with all of them.
pub fn load(s: &LoadedScenario) -> Result<Loaded, Error> {
    load_with(s, &Extras::default())
}

/// Reads the scenario's inputs and a command's extra files; any error-level problem makes this
/// fail with all of them.
pub fn load_with(s: &LoadedScenario, extras: &Extras) -> Result<Loaded, Error> {
    let loaded = load_all_with(s, extras);
    if loaded.diagnostics.has_errors() {
        return Err(Error::Input(loaded.diagnostics.errors));
    }
    Ok(loaded)
}

/// Reads everything it can and records every problem, fatal or not (for `validate`).
pub fn load_all(s: &LoadedScenario) -> Loaded {
    load_all_with(s, &Extras::default())
}

/// [`load_all`] with a command's extra files.
pub fn load_all_with(s: &LoadedScenario, extras: &Extras) -> Loaded {
    let sc = &s.scenario;
    let mut d = Diagnostics::default();
    let mut sources = Vec::new();
    let mut network = Network::default();
    let mut boundaries = None;

    if let Some(spec) = &sc.data.synthetic {
        network = synthetic::generate(spec, sc.seed);
        sources.push(SourceInfo {
            role: "red sintética",
            path: format!("generada en código (semilla {})", sc.seed),
            layout: "sintético".into(),
            rows: network.units.len(),
            records: network.units.len(),
        });
    }

    if let Some(raw) = &sc.data.establishments {
        if let Some(path) = resolve(s, raw, &mut d) {
            match establishments::read(&path, &sc.data.institutions, &mut d) {
                Ok(e) => {
                    sources.push(SourceInfo {
                        role: "establecimientos",
                        path: path.display().to_string(),
                        layout: format!("{:?}", e.layout),
                        rows: e.rows,
                        records: e.units.len(),
                    });
                    network.units.extend(e.units);
                }
                Err(e) => absorb(e, &mut d),
            }
        }
    }

    let mut seen_localities: std::collections::HashSet<String> = network.localities.iter().map(|l| l.cvegeo.clone()).collect();
    for raw in &sc.data.localities {
        let Some(path) = resolve(s, raw, &mut d) else { continue };
        match localities::read(&path, &mut d) {
            Ok(l) => {
                let before = network.localities.len();
                for loc in l.localities {
                    if seen_localities.insert(loc.cvegeo.clone()) {
                        network.localities.push(loc);
                    }
                }
                sources.push(SourceInfo {
                    role: "localidades",
                    path: path.display().to_string(),
                    layout: format!("{:?}", l.layout),
                    rows: l.rows,
                    records: network.localities.len() - before,
                });
            }
            Err(e) => absorb(e, &mut d),
        }
    }

    if let Some(raw) = &sc.data.marginalisation {
        if let Some(path) = resolve(s, raw, &mut d) {
            match marginacion::read(&path, &mut d) {
                Ok(m) => {
                    sources.push(SourceInfo {
                        role: "marginación",
                        path: path.display().to_string(),
                        layout: "CONAPO IMM 2020".into(),
                        rows: m.len(),
                        records: m.len(),
                    });
                    network.join_marginalisation(&m);
                }
                Err(e) => absorb(e, &mut d),
            }
        }
    }

    if let Some(raw) = &sc.data.staffing {
        if let Some(path) = resolve(s, raw, &mut d) {
            match staffing::read(&path, &network.units, &mut d) {
                Ok(mut st) => {
                    // Staff of other roles (nurses, promoters) only when the roster plans teams.
                    crate::load_team::keep_roles(sc, &mut st.physicians);
                    sources.push(SourceInfo {
                        role: "plantilla",
                        path: path.display().to_string(),
                        layout: format!("{:?}", st.layout),
                        rows: st.rows,
                        records: st.physicians.len(),
                    });
                    network.physicians = st.physicians;
                }
                Err(e) => absorb(e, &mut d),
            }
        }
    } else if sc.data.synthesise_staffing {
        let mut rng = synthetic::Rng::new(sc.seed);
        network.physicians = synthetic::staffing_from_nucleos(&network.units, &mut rng, false);
        crate::load_team::add_synthetic_nurses(sc, &network.units, &mut network.physicians);
        network.synthetic_staffing = true;
        sources.push(SourceInfo {
            role: "plantilla sintética",
            path: "un médico por núcleo básico (sintético)".into(),
            layout: "sintético".into(),
            rows: 0,
            records: network.physicians.len(),
        });
    }

    let mut matrix = None;
    if let Some(raw) = &sc.data.travel_matrix {
        if let Some(path) = resolve(s, raw, &mut d) {
            match travel_matrix::read(&path, &mut d) {
                Ok(m) => {
                    sources.push(SourceInfo {
                        role: "matriz de tiempos",
                        path: path.display().to_string(),
                        layout: "from,to,minutes".into(),
                        rows: m.len(),
                        records: m.len(),
                    });
                    matrix = Some(m);
                }
                Err(e) => absorb(e, &mut d),
            }
        }
    }

    if let Some(raw) = &sc.data.boundaries {
        if let Some(path) = resolve(s, raw, &mut d) {
            match crate::input::boundaries::read(&path) {
                Ok(b) => {
                    sources.push(SourceInfo {
                        role: "límites estatales",
                        path: path.display().to_string(),
                        layout: "GeoJSON".into(),
                        rows: b.states.len(),
                        records: b.states.len(),
                    });
                    boundaries = Some(b);
                }
                Err(e) => absorb(e, &mut d),
            }
        }
    }

    let mut figures = std::collections::BTreeMap::new();
    if let Some(raw) = &sc.data.published_figures {
        if let Some(path) = resolve(s, raw, &mut d) {
            match crate::input::seeds::read(&path, &mut d) {
                Ok(f) => {
                    sources.push(SourceInfo {
                        role: "cifras publicadas",
                        path: path.display().to_string(),
                        layout: "cifras_por_entidad".into(),
                        rows: f.len(),
                        records: f.len(),
                    });
                    figures = f;
                }
                Err(e) => absorb(e, &mut d),
            }
        }
    }

    let mut national = crate::input::seeds::NationalFigures::default();
    if let Some(raw) = &sc.data.national_figures {
        if let Some(path) = resolve(s, raw, &mut d) {
            match crate::input::seeds::read_national(&path, &mut d) {
                Ok(f) => {
                    sources.push(SourceInfo {
                        role: "cifras nacionales",
                        path: path.display().to_string(),
                        layout: "cifras_nacionales".into(),
                        rows: f.0.len(),
                        records: f.0.len(),
                    });
                    national = f;
                }
                Err(e) => absorb(e, &mut d),
            }
        }
    }

    network.restrict_to_states(&sc.states);
    if let Some(b) = &boundaries {
        let catalogue = sources.iter().find(|x| x.role == "establecimientos").map_or("establecimientos", |x| x.path.as_str());
        check_units_inside_states(&network, b, catalogue, &mut d);
    }
    check_unknown_states(s, &network, &mut d);
    check_weekend_days(s, &mut d);

    // Mobile units move to their bases after the checks above (which see the catalogue's
    // coordinates): the routes start there and the brigades visit the units there.
    if let Some(raw) = sc.routes.as_ref().and_then(|p| p.bases.as_ref()) {
        if let Some(path) = resolve(s, raw, &mut d) {
            match bases::read(&path, &network.units) {
                Ok(b) => {
                    sources.push(listed("bases de UMM", &path, "clues,clues_base|latitud,longitud", b.len()));
                    for u in &mut network.units {
                        if let Some(p) = b.get(&u.clues) {
                            u.location = *p;
                        }
                    }
                }
                Err(e) => absorb(e, &mut d),
            }
        }
    }

    let pi22_targets = sc
        .data
        .pi22_targets
        .as_ref()
        .and_then(|raw| resolve(s, raw, &mut d))
        .and_then(|path| {
            let read = crate::input::umm_inputs::read_pi22_targets(&path);
            keep(read, &mut d, &mut sources, |t| listed("metas PI 2.2", &path, "anio,cobertura_umm", t.len()))
        })
        .unwrap_or_default();
    let tren_maya = sc
        .data
        .tren_maya_umm
        .as_ref()
        .and_then(|raw| resolve(s, raw, &mut d))
        .and_then(|path| {
            let read = crate::input::umm_inputs::read_region_figures(&path);
            keep(read, &mut d, &mut sources, |t| {
                listed("UMM del Tren Maya", &path, "entidad,localidades_atendidas,umm,poblacion_beneficiada", t.len())
            })
        })
        .unwrap_or_default();
    let mut umm_extras = almaplan_core::planners::umm::UmmExtras::default();
    if let Some(p) = sc.routes.as_ref() {
        if let Some(path) = p.crews.as_ref().and_then(|raw| resolve(s, raw, &mut d)) {
            let read = crate::input::umm_inputs::read_crews(&path);
            if let Some(c) = keep(read, &mut d, &mut sources, |c| {
                listed("tripulaciones de UMM", &path, "clues,tripulacion_completa,tipo", c.complete.len().max(c.types.len()))
            }) {
                umm_extras.crews = c.complete;
                umm_extras.unit_types = c.types;
            }
        }
        if let Some(path) = p.priorities.as_ref().and_then(|raw| resolve(s, raw, &mut d)) {
            let read = crate::input::umm_inputs::read_priorities(&path);
            if let Some(c) = keep(read, &mut d, &mut sources, |c| listed("prioridades de UMM", &path, "cvegeo,programa", c.len())) {
                umm_extras.priorities = c;
            }
        }
        if let Some(path) = p.responsibility.as_ref().and_then(|raw| resolve(s, raw, &mut d)) {
            let read = crate::input::umm_inputs::read_responsibility(&path, &network.units);
            if let Some(c) = keep(read, &mut d, &mut sources, |c| listed("responsabilidad de UMM", &path, "clues,cvegeo", c.len())) {
                umm_extras.responsibility = c;
            }
        }
        umm_extras.crew_share = p.crew_complete_share.or_else(|| {
            p.published_crew_share
                .then(|| national.number("umm_plantilla_contratada_2024").zip(national.number("umm_plantilla_aprobada_2024")))
                .flatten()
                .filter(|(_, b)| *b > 0.0)
                .map(|(a, b)| a / b)
        });
    }
    let zone_of_clues = sc.zones.as_ref().and_then(|p| p.zone_file.as_ref()).and_then(|raw| resolve(s, raw, &mut d)).and_then(|path| {
        keep(published::read_zone_file(&path), &mut d, &mut sources, |z| listed("zonas dadas", &path, "clues,zona", z.len()))
    });
    let roster_targets = sc.roster.as_ref().and_then(|p| p.targets.as_ref()).and_then(|raw| resolve(s, raw, &mut d)).and_then(|path| {
        let read = roster::read_targets(&path, &mut d);
        keep(read, &mut d, &mut sources, |t| listed("unidades objetivo", &path, "clues,medicos", t.len()))
    });
    let roster_baseline =
        sc.roster.as_ref().and_then(|p| p.baseline_units.as_ref()).and_then(|raw| resolve(s, raw, &mut d)).and_then(|path| {
            let read = roster::read_baseline(&path, &mut d);
            keep(read, &mut d, &mut sources, |t| listed("unidades que ya abren", &path, "clues,medicos", t.len()))
        });
    let tabla2 = sc.roster.as_ref().and_then(|p| p.tabla2_file.as_ref()).and_then(|raw| resolve(s, raw, &mut d)).and_then(|path| {
        let read = roster::read_tabla2(&path, &mut d);
        keep(read, &mut d, &mut sources, |t| {
            listed("tabla 2", &path, "tipologia,estrato,medicos_necesarios,unidades_con_necesidad", t.len())
        })
    });
    let mut roster_file = |role: &'static str, flag: &str, file: &Option<PathBuf>| {
        let path = file.as_deref().and_then(|p| given(p, flag, &mut d))?;
        let read = roster::read_roster(path, &mut d);
        keep(read, &mut d, &mut sources, |rows| listed(role, path, "fecha,clues,medico_id", rows.len()))
    };
    let previous = roster_file("rol previo", "--previo", &extras.previous_roster);
    let roster_to_check = roster_file("rol a revisar", "roster check", &extras.roster_to_check);
    let absences = extras
        .unavailable
        .as_deref()
        .and_then(|p| given(p, "--bajas", &mut d))
        .and_then(|path| {
            let read = roster::read_absences(path, &mut d);
            keep(read, &mut d, &mut sources, |a| listed("bajas", path, "medico_id,desde,hasta", a.len()))
        })
        .unwrap_or_default();
    let visited = extras
        .progress
        .as_deref()
        .and_then(|p| given(p, "--avance", &mut d))
        .and_then(|path| {
            keep(published::read_progress(path, extras.from), &mut d, &mut sources, |v| listed("avance", path, "clues,fecha", v.len()))
        })
        .unwrap_or_default();
    let tracking = {
        let w = sc.waves.as_ref();
        let units = w.and_then(|w| w.tracking_units.as_ref()).and_then(|raw| resolve(s, raw, &mut d)).and_then(|path| {
            let read = crate::input::tracking::read_units(&path);
            keep(read, &mut d, &mut sources, |v| {
                listed("seguimiento por unidad", &path, "clues,fecha_visita,diagnostico_completo,pacto,agenda", v.len())
            })
        });
        let teams = w.and_then(|w| w.tracking_teams.as_ref()).and_then(|raw| resolve(s, raw, &mut d)).and_then(|path| {
            let read = crate::input::tracking::read_teams(&path);
            keep(read, &mut d, &mut sources, |v| listed("equipos en campo", &path, "fecha,entidad,equipos_completos,equipos", v.len()))
        });
        (units.is_some() || teams.is_some()).then(|| almaplan_core::planners::waves::tracking::FieldProgress {
            units: units.unwrap_or_default(),
            teams: teams.unwrap_or_default(),
            as_of: w.and_then(|w| w.tracking_date),
        })
    };
    let people = sc.waves.as_ref().and_then(|w| w.people_file.as_ref().map(|f| (w, f))).and_then(|(w, raw)| {
        let path = resolve(s, raw, &mut d)?;
        let roles: std::collections::BTreeSet<String> = w.composition.keys().cloned().collect();
        let read = crate::input::people::read_people(&path, &roles);
        keep(read, &mut d, &mut sources, |p| {
            listed("personas por rol", &path, "entidad,rol", p.values().flat_map(|r| r.values()).sum::<u32>() as usize)
        })
    });
    // `[waves] progress_file` / `progress_from`: a stage in progress named by the scenario (the
    // command line's `--avance` wins).
    let scenario_from = sc.waves.as_ref().and_then(|w| w.progress_from);
    let visited = match sc.waves.as_ref().and_then(|w| w.progress_file.as_ref()).filter(|_| extras.progress.is_none()) {
        Some(raw) => resolve(s, raw, &mut d)
            .and_then(|path| {
                let from = extras.from.or(scenario_from);
                keep(published::read_progress(&path, from), &mut d, &mut sources, |v| listed("avance", &path, "clues,fecha", v.len()))
            })
            .unwrap_or_default(),
        None => visited,
    };
    let previous_calendars = extras.previous_calendars.as_deref().and_then(|dir| {
        keep(crate::input::calendars::read_dir(dir), &mut d, &mut sources, |c| SourceInfo {
            role: "calendarios previos",
            path: dir.display().to_string(),
            layout: "iCalendar (RFC 5545)".into(),
            rows: c.files,
            records: c.events.len(),
        })
    });

    let supervision_visits = read_supervision_visits(s, extras, &mut d, &mut sources);

    Loaded {
        network,
        travel: TravelTimes::new(sc.travel.clone(), matrix),
        calendar: sc.calendar.work_calendar(),
        boundaries,
        figures,
        national,
        zone_of_clues,
        roster_targets,
        previous,
        absences,
        visited,
        replan_from: extras.from.or(scenario_from),
        tracking,
        people,
        previous_calendars,
        roster_to_check,
        pi22_targets,
        tren_maya,
        umm_extras,
        supervision_visits,
        sources,
        diagnostics: d,
        roster_baseline,
        tabla2,
    }
}

/// The first month the supervision planner plans: `[supervision] month`, else the calendar's start.
pub fn supervision_first_month(s: &LoadedScenario) -> NaiveDate {
    let month = s.scenario.supervision.as_ref().and_then(|p| p.month).unwrap_or(s.scenario.calendar.start);
    almaplan_core::planners::supervision::month_start(month)
}

/// The supervision history: `--visitas-previas`, else `[supervision] previous_visits`.
fn read_supervision_visits(
    s: &LoadedScenario,
    extras: &Extras,
    d: &mut Diagnostics,
    sources: &mut Vec<SourceInfo>,
) -> BTreeMap<String, NaiveDate> {
    let path = match (&extras.supervision_visits, s.scenario.supervision.as_ref().and_then(|p| p.previous_visits.as_ref())) {
        (Some(p), _) => given(p, "--visitas-previas", d).map(Path::to_path_buf),
        (None, Some(raw)) => resolve(s, raw, d),
        (None, None) => None,
    };
    path.and_then(|path| {
        let read = crate::input::supervision_visits::read(&path, supervision_first_month(s));
        keep(read, d, sources, |v| listed("visitas de supervisión", &path, "clues,fecha", v.len()))
    })
    .unwrap_or_default()
}

/// What a reader returned, with its source listed; a reader's fatal error goes into the
/// diagnostics (so that every other file is still read) and gives `None`.
fn keep<T>(read: Result<T, Error>, d: &mut Diagnostics, sources: &mut Vec<SourceInfo>, info: impl FnOnce(&T) -> SourceInfo) -> Option<T> {
    match read {
        Ok(x) => {
            sources.push(info(&x));
            Some(x)
        }
        Err(e) => {
            absorb(e, d);
            None
        }
    }
}

/// A source row for a small table whose every data row is one record.
fn listed(role: &'static str, path: &Path, layout: &str, records: usize) -> SourceInfo {
    SourceInfo { role, path: path.display().to_string(), layout: layout.into(), rows: records, records }
}

/// A file named on the command line (`flag`), when it exists; a located problem otherwise.
fn given<'p>(path: &'p Path, flag: &str, d: &mut Diagnostics) -> Option<&'p Path> {
    if path.is_file() {
        return Some(path);
    }
    d.push(Location { file: &path.display().to_string(), row: None, column: None }.problem(
        Severity::Error,
        "archivo faltante",
        None,
        format!("un archivo existente, dado con {flag}"),
    ));
    None
}

fn resolve(s: &LoadedScenario, raw: &str, d: &mut Diagnostics) -> Option<std::path::PathBuf> {
    match s.resolve(raw) {
        Ok(p) if p.is_file() => Some(p),
        Ok(p) => {
            d.push(Location { file: &p.display().to_string(), row: None, column: None }.problem(
                Severity::Error,
                "archivo faltante",
                None,
                format!("un archivo existente, nombrado por el escenario {} (como {raw:?})", s.source),
            ));
            None
        }
        Err(e) => {
            d.push(Location { file: &s.source, row: None, column: None }.problem(Severity::Error, "ruta inválida", None, e.to_string()));
            None
        }
    }
}

/// Folds a reader's fatal error into the diagnostics so every file gets read.
fn absorb(e: Error, d: &mut Diagnostics) {
    match e {
        Error::Input(problems) => problems.into_iter().for_each(|p| d.push(p)),
        other => {
            d.push(Location { file: "", row: None, column: None }.problem(Severity::Error, "lectura fallida", None, other.to_string()))
        }
    }
}

/// Units farther than this outside their state's polygon get a warning; closer ones are within
/// the error of simplified boundaries.
const OUTSIDE_TOLERANCE_KM: f64 = 1.0;

fn check_units_inside_states(network: &Network, b: &Boundaries, catalogue: &str, d: &mut Diagnostics) {
    for u in &network.units {
        let Some(poly) = b.of(u.state) else { continue };
        let p = Point::new(u.location.lon, u.location.lat);
        if poly.contains(&p) {
            continue;
        }
        let km = match poly.haversine_closest_point(&p) {
            geo::Closest::Intersection(q) | geo::Closest::SinglePoint(q) => Haversine::distance(p, q) / 1000.0,
            geo::Closest::Indeterminate => f64::INFINITY,
        };
        if km > OUTSIDE_TOLERANCE_KM {
            d.push(Location { file: catalogue, row: None, column: Some("latitud/longitud") }.problem(
                Severity::Warning,
                "unidad fuera de su entidad",
                Some(&format!("{} {}, {}", u.clues, u.location.lat, u.location.lon)),
                format!(
                    "una ubicación dentro de {} (entidad {}); está {km:.1} km fuera",
                    almaplan_core::domain::state::name(u.state).unwrap_or("?"),
                    u.state
                ),
            ));
        }
    }
}

/// A weekend roster over a period without a Saturday or Sunday has nothing to cover: said, so that
/// its "100% of 0 unit-days" is not read as a success.
fn check_weekend_days(s: &LoadedScenario, d: &mut Diagnostics) {
    let c = &s.scenario.calendar;
    if s.scenario.roster.is_some() && WorkCalendar::weekend_days(c.start, c.end).is_empty() {
        d.push(Location { file: &s.source, row: None, column: Some("calendar") }.problem(
            Severity::Warning,
            "periodo sin fines de semana",
            Some(&format!("{} a {}", c.start, c.end)),
            "un periodo [calendar] con al menos un sábado o domingo: el rol de fin de semana no tiene días que cubrir",
        ));
    }
}

fn check_unknown_states(s: &LoadedScenario, network: &Network, d: &mut Diagnostics) {
    let present: HashMap<u8, usize> = network.units.iter().fold(HashMap::new(), |mut m, u| {
        *m.entry(u.state).or_default() += 1;
        m
    });
    for code in &s.scenario.states {
        if !present.contains_key(code) {
            d.push(Location { file: &s.source, row: None, column: Some("states") }.problem(
                Severity::Warning,
                "entidad sin unidades",
                Some(&code.to_string()),
                "una entidad con unidades en los datos de establecimientos",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A demo-based scenario naming `files` (scenario TOML lines) in a temporary folder.
    fn scenario_with(dir: &Path, sections: &str) -> LoadedScenario {
        let text = format!("extends = \"demo\"\nname = \"carga\"\n[data]\nsynthetic = {{ units = 200, states = 2 }}\n{sections}");
        std::fs::write(dir.join("s.toml"), text).unwrap();
        LoadedScenario::from_file(&dir.join("s.toml")).unwrap()
    }

    #[test]
    fn every_file_is_read_and_every_problem_collected() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("zonas.csv"), "clues,zona\nA,1\nA,2\n").unwrap();
        std::fs::write(dir.path().join("bases.csv"), "clues,latitud,longitud\nNOEXISTE,20.1,-98.7\n").unwrap();
        std::fs::write(dir.path().join("objetivo.csv"), "clues,medicos\nX,dos\n").unwrap();
        std::fs::write(dir.path().join("bajas.csv"), "medico_id,desde,hasta\nM1,2027-01-09,2027-01-02\n").unwrap();
        let s = scenario_with(
            dir.path(),
            "[zones]\nzone_file = \"zonas.csv\"\n[routes]\nbases = \"bases.csv\"\n[roster]\ntargets = \"objetivo.csv\"\n",
        );
        let extras = Extras {
            previous_roster: Some(dir.path().join("no_existe.csv")),
            unavailable: Some(dir.path().join("bajas.csv")),
            ..Extras::default()
        };
        let l = load_all_with(&s, &extras);
        let errors: Vec<String> = l.diagnostics.errors.iter().map(|e| e.to_string()).collect();
        let has = |needle: &str| errors.iter().any(|e| e.contains(needle));
        assert!(has("zonas.csv:3:clues: \"A\""), "{errors:#?}");
        assert!(has("bases.csv:2:clues: \"NOEXISTE\""), "{errors:#?}");
        assert!(has("objetivo.csv:2:medicos"), "{errors:#?}");
        assert!(has("no_existe.csv: un archivo existente, dado con --previo"), "{errors:#?}");
        assert!(has("bajas.csv:2:hasta"), "{errors:#?}");
        assert_eq!(errors.len(), 5, "{errors:#?}");
        assert!(matches!(load_with(&s, &extras), Err(Error::Input(e)) if e.len() == 5));
    }

    #[test]
    fn good_files_are_typed_listed_and_bases_applied() {
        let dir = tempfile::tempdir().unwrap();
        let s = scenario_with(dir.path(), "");
        let plain = load(&s).unwrap();
        let mobile = plain.network.units.iter().find(|u| u.kind == almaplan_core::domain::unit::UnitKind::Mobile).expect("a mobile unit");
        let host = plain.network.units.iter().find(|u| u.kind != almaplan_core::domain::unit::UnitKind::Mobile).unwrap();
        let first = &plain.network.units[0].clues;
        std::fs::write(dir.path().join("zonas.csv"), format!("clues,zona\n{first},1\n")).unwrap();
        std::fs::write(dir.path().join("bases.csv"), format!("clues,clues_base\n{},{}\n", mobile.clues, host.clues)).unwrap();
        std::fs::write(dir.path().join("objetivo.csv"), format!("clues,medicos\n{},2\n", host.clues)).unwrap();
        std::fs::write(dir.path().join("avance.csv"), format!("clues,fecha\n{first},2027-01-12\n")).unwrap();
        let s = scenario_with(
            dir.path(),
            "[zones]\nzone_file = \"zonas.csv\"\n[routes]\nbases = \"bases.csv\"\n[roster]\ntargets = \"objetivo.csv\"\n",
        );
        let from = NaiveDate::from_ymd_opt(2027, 1, 20);
        let extras = Extras { progress: Some(dir.path().join("avance.csv")), from, ..Extras::default() };
        let l = load_with(&s, &extras).unwrap();
        assert_eq!(l.zone_of_clues.as_ref().unwrap()[first], "1");
        assert_eq!(l.roster_targets.as_ref().unwrap()[&host.clues], Some(2));
        assert_eq!(l.visited.len(), 1);
        assert_eq!(l.replan_from, from);
        let moved = l.network.units.iter().find(|u| u.clues == mobile.clues).unwrap();
        assert_eq!(moved.location, host.location);
        let roles: Vec<&str> = l.sources.iter().map(|x| x.role).collect();
        assert!(roles.ends_with(&["bases de UMM", "zonas dadas", "unidades objetivo", "avance"]), "{roles:?}");
        assert!(l.previous.is_none() && l.absences.is_empty());
    }
}
