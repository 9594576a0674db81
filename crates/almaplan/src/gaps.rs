//! What a run leaves open, derived once from the plans for every output: the weekend coverage of
//! each target unit, each unit's zone, and the rows of `brechas.csv` (every gap any planner left,
//! its reason and the action that closes it). `run_output` writes them, `report` draws them.

use std::collections::{BTreeMap, HashMap};

use crate::pipeline::RunResults;
use almaplan_core::planners::roster::GapReason;
use almaplan_core::planners::umm::UncoveredReason;

/// Per unit: the weekend coverage of each target, as `cubierta` / `parcial` / `sin_cobertura`.
pub struct UnitCoverage {
    /// Index into the network's units.
    pub unit: usize,
    /// Opening days of the roster's horizon: every target unit must open on each.
    pub days_required: usize,
    /// Of those, the days the roster opens the unit.
    pub days_covered: usize,
}

impl UnitCoverage {
    /// The `estado` written to `estado_elementos.csv` (`unidad_fin_de_semana`) and the map's colour
    /// class: `cubierta` when every required day is covered, `sin_cobertura` when none is,
    /// otherwise `parcial`.
    pub fn status(&self) -> &'static str {
        if self.days_covered >= self.days_required {
            "cubierta"
        } else if self.days_covered == 0 {
            "sin_cobertura"
        } else {
            "parcial"
        }
    }

    /// Share of the required days covered, in percent (100 when none is required): the `valor`
    /// of the unit's row in `estado_elementos.csv`.
    pub fn pct(&self) -> f64 {
        if self.days_required == 0 {
            100.0
        } else {
            100.0 * self.days_covered as f64 / self.days_required as f64
        }
    }
}

/// Weekend coverage of every target unit, in the roster's order.
pub fn unit_coverage(r: &RunResults) -> Vec<UnitCoverage> {
    let Some(plan) = &r.roster else { return Vec::new() };
    let days = plan.instance.days.len();
    let mut v = Vec::new();
    for (i, st) in plan.instance.states.iter().enumerate() {
        for (target, covered) in st.targets.iter().zip(plan.days_covered(i)) {
            v.push(UnitCoverage { unit: target.unit, days_required: days, days_covered: covered });
        }
    }
    v
}

/// Zone of each unit: the zones planner's when it ran, else the catalogue's operative region.
pub fn zone_names(r: &RunResults) -> HashMap<&str, &str> {
    let mut m: HashMap<&str, &str> = HashMap::new();
    for u in &r.loaded.network.units {
        if let Some(reg) = &u.region {
            m.insert(&u.clues, &reg.name);
        }
    }
    if let Some(z) = &r.zones {
        for a in &z.assignments {
            m.insert(&a.clues, &a.zone);
        }
    }
    m
}

/// One row of `brechas.csv`: a gap any planner left, why, and what would close it.
#[derive(Debug, Clone, PartialEq)]
pub struct GapRow {
    /// `fin_de_semana`, `comando_alma_ata` or `umm`.
    pub kind: &'static str,
    /// INEGI state code; column `entidad` writes the state's name.
    pub state: u8,
    /// Column `zona`: the unit's zone (the zones planner's, else the catalogue's operative region;
    /// for `comando_alma_ata` the zone whose itinerary has the visit), empty for `umm`.
    pub zone: String,
    /// Column `clues_o_cvegeo`: the unit's CLUES, or the locality's CVEGEO for `umm`.
    pub key: String,
    /// Column `descripcion`: one Spanish sentence naming the unit or locality and the gap.
    pub description: String,
    /// Column `magnitud` (written without decimals), the size the report ranks gaps by: weekend
    /// days left closed (`fin_de_semana`), days after the deadline (`comando_alma_ata`) or
    /// inhabitants without a visit (`umm`).
    pub magnitude: f64,
    /// Column `razon`, a code: the roster's most frequent gap reason for the unit
    /// (`sin_medico_al_alcance`, `medicos_no_disponibles`, `medicos_agotados_por_limites`),
    /// `capacidad_de_brigadas`, or `fuera_de_alcance` / `dias_de_umm_llenos` / `entidad_sin_umm`.
    pub reason: String,
    /// Column `accion_sugerida`, in Spanish: the hire, the brigade count or the additional mobile
    /// unit (`UMM-ADICIONAL-NNN`) that would close the gap, or what to review when none does.
    pub action: String,
    /// `description` in English, for the report in English (not written to `brechas.csv`).
    pub description_en: String,
    /// `action` in English, for the report in English (not written to `brechas.csv`).
    pub action_en: String,
}

/// Every [`GapRow::kind`], in the order the report breaks ties between gaps of equal magnitude.
pub const GAP_KINDS: [&str; 5] = ["fin_de_semana", "comando_alma_ata", "umm", "umm_prioritaria", "supervision"];

/// A gap kind of `brechas.csv` (`tipo`) in words, Spanish and English.
pub fn kind_words(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "fin_de_semana" => ("rol de fin de semana", "weekend roster"),
        "comando_alma_ata" => ("Comando Alma-Ata", "Comando Alma-Ata"),
        "umm" => ("unidades médicas móviles", "mobile medical units"),
        "umm_prioritaria" => ("unidades médicas móviles, localidad prioritaria", "mobile medical units, priority locality"),
        "supervision" => ("supervisión zonal", "zonal supervision"),
        _ => ("otra", "other"),
    }
}

/// A reason code of `brechas.csv` (`razon`) in words, Spanish and English; `None` for a code no
/// planner writes.
pub fn reason_words(code: &str) -> Option<(&'static str, &'static str)> {
    if let Some(r) = GapReason::from_code(code) {
        return Some((r.description(), r.description_en()));
    }
    for r in [
        UncoveredReason::OutOfReach,
        UncoveredReason::DaysFull { unit: 0 },
        UncoveredReason::CrewIncomplete { unit: 0 },
        UncoveredReason::NoUnitInState,
    ] {
        if r.code() == code {
            return Some((r.description(), r.description_en()));
        }
    }
    if let Some(words) = crate::gaps_supervision::reason_words(code) {
        return Some(words);
    }
    (code == BRIGADE_CAPACITY).then_some((
        "las brigadas no alcanzan a visitar todas las unidades antes de la fecha límite",
        "the brigades cannot visit every unit before the deadline",
    ))
}

/// Reason code of a Comando visit after the deadline.
const BRIGADE_CAPACITY: &str = "capacidad_de_brigadas";

/// Every gap of the run: uncovered weekend unit-days per unit, Comando visits after the deadline
/// per unit, and localities the mobile units do not reach.
pub fn gap_rows(r: &RunResults) -> Vec<GapRow> {
    let units = &r.loaded.network.units;
    let zones = zone_names(r);
    let zone_of = |clues: &str| zones.get(clues).map(|z| z.to_string()).unwrap_or_default();
    let mut rows = Vec::new();
    if let Some(plan) = &r.roster {
        for (st, sp) in plan.instance.states.iter().zip(&plan.states) {
            let mut hire_base: HashMap<usize, (usize, u32)> = HashMap::new();
            for h in &sp.hiring.hires {
                for &(t, _) in &h.covers {
                    hire_base.insert(t, (h.base, h.count));
                }
            }
            let mut by_target: BTreeMap<usize, BTreeMap<&'static str, u32>> = BTreeMap::new();
            for g in &sp.gaps {
                *by_target.entry(g.target).or_default().entry(g.reason.code()).or_default() += 1;
            }
            for (t, reasons) in by_target {
                let u = &units[st.targets[t].unit];
                let days: u32 = reasons.values().sum();
                let main = reasons.iter().max_by_key(|(code, n)| (**n, std::cmp::Reverse(**code))).map(|(c, _)| *c).unwrap_or_default();
                let (action, action_en) = match hire_base.get(&t) {
                    Some(&(base, count)) => {
                        let b = &units[st.targets[base].unit];
                        if b.clues == u.clues {
                            (
                                format!("contratar {count} médico(s) de fin de semana en la unidad"),
                                format!("hire {count} weekend physician(s) at the unit"),
                            )
                        } else {
                            (
                                format!("contratar {count} médico(s) de fin de semana con base en {} ({})", b.clues, b.name),
                                format!("hire {count} weekend physician(s) based at {} ({})", b.clues, b.name),
                            )
                        }
                    }
                    None => ("revisar: ninguna contratación propuesta la cubre".into(), "review: no proposed hire covers it".into()),
                };
                rows.push(GapRow {
                    kind: "fin_de_semana",
                    state: st.state,
                    zone: zone_of(&u.clues),
                    key: u.clues.clone(),
                    description: format!("{}: {days} día(s) de fin de semana sin abrir", u.name),
                    magnitude: f64::from(days),
                    reason: main.to_string(),
                    action,
                    description_en: format!("{}: {days} weekend day(s) not open", u.name),
                    action_en,
                });
            }
        }
    }
    if let Some(w) = &r.waves {
        let deadline = w.plan.deadline;
        let (action, action_en) = match (w.plan.brigades_needed, &w.plan.pool) {
            (Some(b), Some(_)) => {
                (format!("una bolsa de {b} brigada(s) termina a tiempo"), format!("a shared pool of {b} brigade(s) finishes on time"))
            }
            (Some(b), None) => (format!("{b} brigada(s) por entidad terminan a tiempo"), format!("{b} brigade(s) per state finish on time")),
            (None, _) => (
                "ni el máximo de brigadas buscado termina a tiempo: más entidades a la vez (max_states_at_once), adelantar el inicio o mover la fecha límite".into(),
                "not even the largest brigade count searched finishes on time: more states at once (max_states_at_once), an earlier start or a later deadline".into(),
            ),
        };
        let (action, action_en) = match &w.plan.supply {
            Some(sup) if sup.on_time_with_needed => (
                format!("{} brigada(s) de los equipos de las entidades terminan a tiempo; préstamos en prestamos_equipos.csv", sup.needed_total()),
                format!("{} brigade(s) from the states' teams finish on time; loans in prestamos_equipos.csv", sup.needed_total()),
            ),
            Some(_) => (
                "ni una brigada por zona termina a tiempo: más entidades a la vez (max_states_at_once), adelantar el inicio o mover la fecha límite; fechas alcanzables en equipos_entidades.csv".into(),
                "not even one brigade per zone finishes on time: more states at once, an earlier start or a later deadline; reachable dates in equipos_entidades.csv".into(),
            ),
            None => (action, action_en),
        };
        for st in &w.plan.states {
            for z in &st.zones {
                for (day, date) in z.itinerary.days.iter().zip(&z.dates) {
                    if *date <= deadline {
                        continue;
                    }
                    for stop in day.iter().filter(|s| !s.continued) {
                        let u = &units[stop.unit];
                        rows.push(GapRow {
                            kind: "comando_alma_ata",
                            state: st.state,
                            zone: z.zone.clone(),
                            key: u.clues.clone(),
                            description: format!("{}: visita el {date}, después de la fecha límite {deadline}", u.name),
                            magnitude: (*date - deadline).num_days() as f64,
                            reason: BRIGADE_CAPACITY.into(),
                            action: action.clone(),
                            description_en: format!("{}: visited on {date}, after the deadline {deadline}", u.name),
                            action_en: action_en.clone(),
                        });
                    }
                }
            }
        }
    }
    if let Some(o) = &r.routes {
        let plan = &o.plan;
        let mut extra_of: HashMap<usize, usize> = HashMap::new();
        for (k, e) in plan.extra_units.iter().enumerate() {
            for &c in &e.candidates {
                extra_of.insert(c, k);
            }
        }
        for &(c, reason) in &plan.uncovered {
            let cand = &plan.candidates[c];
            let l = &r.loaded.network.localities[cand.locality];
            let (action, action_en) = match extra_of.get(&c) {
                Some(&k) => {
                    let b = &units[plan.extra_units[k].base];
                    (
                        format!("UMM-ADICIONAL-{:03} con base en {} ({})", k + 1, b.clues, b.name),
                        format!("UMM-ADICIONAL-{:03} (additional mobile unit) based at {} ({})", k + 1, b.clues, b.name),
                    )
                }
                None => (
                    "ninguna base propuesta la alcanza: brigada o unidad fija".into(),
                    "no proposed base reaches it: a brigade or a fixed unit".into(),
                ),
            };
            let programmes =
                if cand.priorities.is_empty() { String::new() } else { format!(" (prioridad: {})", cand.priorities.join(", ")) };
            rows.push(GapRow {
                kind: if cand.priorities.is_empty() { "umm" } else { "umm_prioritaria" },
                state: l.state,
                zone: String::new(),
                key: l.cvegeo.clone(),
                description: format!("{}: {} habitantes sin visita de UMM{programmes}", l.name, cand.population),
                magnitude: f64::from(cand.population),
                reason: reason.code().into(),
                action,
                description_en: format!("{}: {} inhabitants without a mobile-unit visit{programmes}", l.name, cand.population),
                action_en,
            });
        }
    }
    if let Some(o) = &r.supervision {
        rows.extend(crate::gaps_supervision::rows(&o.plan, units));
    }
    rows
}
