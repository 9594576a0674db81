//! Where the network stands before the roster: units that already open on weekends (the
//! baseline), the staffing policy presets (`default`, `tabla2`) and the published figures the plan
//! is set beside (`models/roster.md`, «Baseline», «Staffing presets», «Published figures»).
//!
//! Everything here runs before the model is built ([`targets_for`]) or after it is solved
//! ([`published_comparison`]); the model itself only sees targets whose requirement is what is
//! still missing.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::instance::{equivalent_nucleos_of, required_physicians};
use super::RosterParams;
use crate::domain::figures::{NationalFigures, StateFigures};
use crate::domain::physician::Contract;
use crate::domain::unit::{Stratum, UnitKind};
use crate::domain::{Network, Unit};
use crate::error::Error;

/// How many physicians each target unit needs on a weekend morning (`[roster] staffing_preset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StaffingPreset {
    /// `physicians_by_size` (1 for 1–5 núcleos, 2 for 6–11, 3 for 12 and more).
    #[default]
    Default,
    /// Calibrated to Tabla 2 of the Comando Alma-Ata guide (September 2024): per núcleo class and
    /// stratum, CESSA apart, the published physicians per unit with need, apportioned so that each
    /// class's total is the ratio × its units ([`apportion_tabla2`]).
    Tabla2,
}

/// The size classes of Tabla 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum UnitClass {
    /// 1 núcleo básico.
    One,
    /// 2 núcleos básicos.
    Two,
    /// 3 to 5 núcleos básicos.
    ThreeToFive,
    /// 6 or more núcleos básicos.
    SixOrMore,
    /// CESSA (and CAAPS).
    Cessa,
}

impl UnitClass {
    /// Every class, in Tabla 2's order.
    pub const ALL: [UnitClass; 5] = [UnitClass::One, UnitClass::Two, UnitClass::ThreeToFive, UnitClass::SixOrMore, UnitClass::Cessa];

    /// The class of a unit; `None` for kinds Tabla 2 does not count.
    pub fn of(u: &Unit) -> Option<UnitClass> {
        match u.kind {
            UnitKind::HealthCentre { nucleos } => Some(match nucleos {
                0 | 1 => UnitClass::One,
                2 => UnitClass::Two,
                3..=5 => UnitClass::ThreeToFive,
                _ => UnitClass::SixOrMore,
            }),
            UnitKind::ExpandedServices => Some(UnitClass::Cessa),
            _ => None,
        }
    }

    /// The typology as Tabla 2 (and `tabla2_necesidad_medicos_2024.csv`) writes it.
    pub fn label(self) -> &'static str {
        match self {
            UnitClass::One => "1 nucleo basico",
            UnitClass::Two => "2 nucleos basicos",
            UnitClass::ThreeToFive => "3 a 5 nucleos basicos",
            UnitClass::SixOrMore => "6 o mas nucleos basicos",
            UnitClass::Cessa => "CESSA",
        }
    }

    /// The class whose [`label`](Self::label) is `label` (case and accents ignored).
    pub fn from_label(label: &str) -> Option<UnitClass> {
        let folded = crate::domain::state::fold(label);
        UnitClass::ALL.into_iter().find(|c| crate::domain::state::fold(c.label()) == folded)
    }
}

/// Whether a unit counts as rural in Tabla 2 (an unknown stratum counts as urban).
pub fn is_rural(u: &Unit) -> bool {
    u.stratum == Some(Stratum::Rural)
}

/// One row of Tabla 2 (`seeds/tabla2_necesidad_medicos_2024.csv`): physicians needed for
/// weekend opening in the units of a class and stratum that lacked them (September 2024).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tabla2Row {
    /// Size class.
    pub class: UnitClass,
    /// Rural stratum (else urban).
    pub rural: bool,
    /// Physicians needed (`medicos_necesarios`).
    pub physicians: u32,
    /// Units with need (`unidades_con_necesidad`).
    pub units: u32,
}

/// Physicians per unit Tabla 2 implies for a class and stratum: needed ÷ units with need; a
/// stratum with no unit takes the other stratum's ratio; `None` when the class has no row.
pub fn tabla2_ratio(rows: &[Tabla2Row], class: UnitClass, rural: bool) -> Option<f64> {
    let ratio = |r: &Tabla2Row| (r.units > 0).then(|| f64::from(r.physicians) / f64::from(r.units));
    rows.iter()
        .find(|r| r.class == class && r.rural == rural)
        .and_then(ratio)
        .or_else(|| rows.iter().find(|r| r.class == class && r.rural != rural).and_then(ratio))
}

/// Everything about the network's standing that the roster takes besides the network: all
/// borrowed, all optional (`Default` = start from nothing, no published figures).
#[derive(Debug, Clone, Copy, Default)]
pub struct RosterContext<'a> {
    /// Units that already open on weekends (`[roster] baseline_units`): CLUES → staff already on
    /// weekend mornings there (`None` = the unit's whole requirement).
    pub baseline: Option<&'a BTreeMap<String, Option<u32>>>,
    /// Published figures by state (weekend block, units targeted).
    pub figures: Option<&'a BTreeMap<u8, StateFigures>>,
    /// Published national figures (block progress, 8,277 units, about 4,910 hires, 35% opening).
    pub national: Option<&'a NationalFigures>,
    /// Tabla 2 (`[roster] tabla2_file`): needed by the `tabla2` preset and the need comparison.
    pub tabla2: Option<&'a [Tabla2Row]>,
}

/// Where the baseline came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum BaselineSource {
    /// No baseline: the roster starts from nothing.
    #[default]
    None,
    /// The per-unit CSV (`[roster] baseline_units`).
    UnitsFile,
    /// Weekend-contract staff of the staffing file, at their own unit.
    WeekendContracts,
    /// The published block progress share, units chosen by the documented rule.
    BlockProgress,
}

impl BaselineSource {
    /// Spanish code used in outputs.
    pub fn code(self) -> &'static str {
        match self {
            BaselineSource::None => "ninguna",
            BaselineSource::UnitsFile => "archivo_de_unidades",
            BaselineSource::WeekendContracts => "contratos_de_fin_de_semana",
            BaselineSource::BlockProgress => "avance_por_bloque",
        }
    }

    /// In Spanish words, for explanations and the report.
    pub fn words(self) -> &'static str {
        match self {
            BaselineSource::None => "sin línea base",
            BaselineSource::UnitsFile => "unidades que ya abren, del archivo dado",
            BaselineSource::WeekendContracts => "médicos con contrato de fin de semana en su unidad",
            BaselineSource::BlockProgress => "avance publicado del bloque de cada entidad",
        }
    }
}

/// A unit that already opens on weekends with its whole requirement: kept out of the model (no
/// physician of the roster is sent there, and it never counts in the gap or the hiring plan).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaselineUnit {
    /// Index in [`Network::units`].
    pub unit: usize,
    /// Physicians the unit requires each opening day (`r_t` under the preset).
    pub required: u32,
    /// Staff already on weekend mornings there (≥ `required`; capped at it).
    pub staff: u32,
}

/// The targets with their full requirement under the preset and the baseline staff each already
/// has: what [`super::instance::build_from`] takes.
#[derive(Debug, Clone, Default)]
pub struct Standing {
    /// Target units (network indices) with their requirement `r_t`, in network order.
    pub targets: Vec<(usize, u32)>,
    /// Staff already on weekends, by network unit index (absent = 0).
    pub baseline: HashMap<usize, u32>,
    /// Physicians (network indices) who are that baseline: weekend-contract staff at a unit whose
    /// whole requirement already stands; they stay there and leave the roster's staff.
    pub baseline_physicians: std::collections::HashSet<usize>,
    /// Where the baseline came from.
    pub source: BaselineSource,
    /// Published block progress share applied per state (block progress baseline only).
    pub share_by_state: BTreeMap<u8, f64>,
    /// Baseline CSV rows whose CLUES is not a target unit (ignored).
    pub baseline_not_targets: usize,
}

/// The published block progress share of a state: its weekend block's `avance_bloque{b}_jun2024`.
pub fn block_share(figures: &BTreeMap<u8, StateFigures>, national: &NationalFigures, state: u8) -> Option<(u32, f64)> {
    let block = figures.get(&state)?.weekend_block?;
    national.number(&format!("avance_bloque{block}_jun2024")).map(|s| (block, s))
}

/// Target units and requirements under the preset, and the baseline that stands, before the
/// model is built.
///
/// - Targets: `targets_override` (CLUES → requirement) or the fixed first-level units in
///   operation; requirement from the override, else the preset.
/// - Baseline, first source given: the per-unit CSV; weekend-contract physicians of the staffing
///   file at their own target unit (`baseline_from_weekend_contracts`); the block progress share
///   (`baseline_from_block_progress`): in each state, `round(share × targets)` units count as
///   already open with their whole requirement, largest first (equivalent núcleos, descending;
///   then urban before rural; then CLUES).
///
/// # Errors
///
/// [`Error::Scenario`] when the `tabla2` preset has no Tabla 2, or the block progress baseline
/// has no published figures.
pub fn targets_for(
    network: &Network,
    params: &RosterParams,
    targets_override: Option<&HashMap<String, Option<u32>>>,
    ctx: &RosterContext<'_>,
) -> Result<Standing, Error> {
    let (mut targets, fixed) = default_targets(network, params, targets_override);
    if params.staffing_preset == StaffingPreset::Tabla2 {
        let rows = ctx.tabla2.ok_or_else(|| Error::Scenario {
            path: "roster.staffing_preset".into(),
            message: "el preajuste `tabla2` necesita la Tabla 2: indique `roster.tabla2_file` (seeds/tabla2_necesidad_medicos_2024.csv)"
                .into(),
        })?;
        apportion_tabla2(network, params, rows, &mut targets, &fixed);
    }
    let mut standing = Standing { targets, ..Standing::default() };
    let required_of: HashMap<usize, u32> = standing.targets.iter().copied().collect();
    if let Some(map) = ctx.baseline {
        standing.source = BaselineSource::UnitsFile;
        let unit_of: HashMap<&str, usize> = network.units.iter().enumerate().map(|(i, u)| (u.clues.as_str(), i)).collect();
        for (clues, staff) in map {
            match unit_of.get(clues.as_str()).and_then(|u| required_of.get(u).map(|r| (*u, *r))) {
                Some((u, r)) => {
                    let s = staff.unwrap_or(r).min(r);
                    if s > 0 {
                        standing.baseline.insert(u, s);
                    }
                }
                None => standing.baseline_not_targets += 1,
            }
        }
    } else if params.baseline_from_weekend_contracts {
        standing.source = BaselineSource::WeekendContracts;
        let unit_of: HashMap<&str, usize> = network.units.iter().enumerate().map(|(i, u)| (u.clues.as_str(), i)).collect();
        let mut by_unit: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (pi, p) in network.physicians.iter().enumerate() {
            if p.contract == Contract::FinDeSemana && p.role == crate::domain::physician::Role::Medico {
                if let Some(&u) = unit_of.get(p.base.as_str()).filter(|u| required_of.contains_key(u)) {
                    by_unit.entry(u).or_default().push(pi);
                }
            }
        }
        for (u, list) in by_unit {
            let r = required_of[&u];
            standing.baseline.insert(u, (list.len() as u32).min(r));
        }
    } else if params.baseline_from_block_progress {
        standing.source = BaselineSource::BlockProgress;
        let (Some(figures), Some(national)) = (ctx.figures.filter(|f| !f.is_empty()), ctx.national.filter(|n| !n.0.is_empty())) else {
            return Err(Error::Scenario {
                path: "roster.baseline_from_block_progress".into(),
                message: "la línea base por avance de bloque necesita `data.published_figures` (bloque de cada entidad) y `data.national_figures` (avance_bloque1_jun2024 …)".into(),
            });
        };
        let mut by_state: BTreeMap<u8, Vec<(usize, u32)>> = BTreeMap::new();
        for &(u, r) in &standing.targets {
            by_state.entry(network.units[u].state).or_default().push((u, r));
        }
        for (state, mut list) in by_state {
            let Some((_, share)) = block_share(figures, national, state) else { continue };
            standing.share_by_state.insert(state, share);
            let n = (share.clamp(0.0, 1.0) * list.len() as f64).round() as usize;
            list.sort_by(|a, b| {
                let (ua, ub) = (&network.units[a.0], &network.units[b.0]);
                equivalent_nucleos_of(params, ub)
                    .cmp(&equivalent_nucleos_of(params, ua))
                    .then(is_rural(ua).cmp(&is_rural(ub)))
                    .then(ua.clues.cmp(&ub.clues))
            });
            for &(u, r) in list.iter().take(n) {
                standing.baseline.insert(u, r);
            }
        }
    }
    // Weekend-contract physicians at a unit whose whole requirement stands are that baseline.
    if standing.source != BaselineSource::None {
        let unit_of: HashMap<&str, usize> = network.units.iter().enumerate().map(|(i, u)| (u.clues.as_str(), i)).collect();
        let mut left: HashMap<usize, u32> = standing.baseline.clone();
        for (pi, p) in network.physicians.iter().enumerate() {
            if p.contract != Contract::FinDeSemana || p.role != crate::domain::physician::Role::Medico {
                continue;
            }
            let Some(&u) = unit_of.get(p.base.as_str()) else { continue };
            if let Some(n) = left.get_mut(&u).filter(|n| **n > 0) {
                *n -= 1;
                standing.baseline_physicians.insert(pi);
            }
        }
    }
    Ok(standing)
}

/// Target units with the `default` preset's requirement (or the override's), in network order,
/// and whether the override fixed each requirement.
pub fn default_targets(
    network: &Network,
    params: &RosterParams,
    targets_override: Option<&HashMap<String, Option<u32>>>,
) -> (Vec<(usize, u32)>, Vec<bool>) {
    let mut targets: Vec<(usize, u32)> = Vec::new();
    let mut fixed: Vec<bool> = Vec::new();
    for (i, u) in network.units.iter().enumerate() {
        let given = match targets_override {
            Some(map) => match map.get(u.clues.as_str()) {
                Some(r) => *r,
                None => continue,
            },
            None if u.is_first_level_in_operation() && u.kind.is_fixed_primary_care() => None,
            None => continue,
        };
        targets.push((i, given.unwrap_or_else(|| required_physicians(params, equivalent_nucleos_of(params, u)))));
        fixed.push(given.is_some());
    }
    (targets, fixed)
}

/// The `tabla2` preset: within each (class, stratum) of Tabla 2, the `n` targets whose requirement
/// the override did not fix get `⌊ρ⌋` physicians, and the first `round(ρ·n) − ⌊ρ⌋·n` of them
/// (equivalent núcleos descending, then CLUES) one more, so the class totals `round(ρ·n)`; ρ is
/// [`tabla2_ratio`]. At least one physician per unit. Units of other kinds keep the default rule.
pub fn apportion_tabla2(network: &Network, params: &RosterParams, rows: &[Tabla2Row], targets: &mut [(usize, u32)], fixed: &[bool]) {
    let mut groups: BTreeMap<(UnitClass, bool), Vec<usize>> = BTreeMap::new();
    for (k, &(u, _)) in targets.iter().enumerate() {
        if fixed.get(k).copied().unwrap_or(false) {
            continue;
        }
        let unit = &network.units[u];
        if let Some(class) = UnitClass::of(unit) {
            groups.entry((class, is_rural(unit))).or_default().push(k);
        }
    }
    for ((class, rural), mut members) in groups {
        let Some(ratio) = tabla2_ratio(rows, class, rural) else { continue };
        members.sort_by(|&a, &b| {
            let (ua, ub) = (&network.units[targets[a].0], &network.units[targets[b].0]);
            equivalent_nucleos_of(params, ub).cmp(&equivalent_nucleos_of(params, ua)).then(ua.clues.cmp(&ub.clues))
        });
        let n = members.len() as u64;
        let base = (ratio.floor() as u64).max(1);
        let total = ((ratio * n as f64).round() as u64).max(base * n);
        let extra = (total - base * n).min(n) as usize;
        for (i, &k) in members.iter().enumerate() {
            targets[k].1 = (base + u64::from(i < extra)) as u32;
        }
    }
}

/// One published figure beside the plan's, with the difference explained in words (Spanish, as
/// the report shows it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishedItem {
    /// Key of the figure (`unidades_objetivo`, `contrataciones`, `cobertura`, `avance_bloque1`, …).
    pub clave: String,
    /// What the figure is, in Spanish.
    pub descripcion: String,
    /// The plan's value.
    pub plan: f64,
    /// The published value.
    pub publicado: f64,
    /// `plan − publicado`.
    pub diferencia: f64,
    /// Where the published figure comes from (`cifras_nacionales.csv` source column).
    pub fuente: String,
    /// Why they differ, in words.
    pub explicacion: String,
}

/// The model's need beside Tabla 2 for one typology × stratum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassNeed {
    /// Typology as Tabla 2 writes it.
    pub tipologia: String,
    /// `rural` or `urbano`.
    pub estrato: String,
    /// Target units of the class (baseline included).
    pub unidades_objetivo: usize,
    /// Physicians the preset requires per weekend morning, summed over those units (Σ r_t).
    pub medicos_requeridos: u64,
    /// Physicians per unit the preset requires (Σ r_t ÷ units).
    pub medicos_por_unidad: f64,
    /// Physicians still missing after the roster (per unit, its worst opening day), summed.
    pub medicos_faltantes: u64,
    /// Units with at least one uncovered opening day.
    pub unidades_con_brecha: usize,
    /// Tabla 2: physicians needed (September 2024).
    pub tabla2_medicos: Option<u32>,
    /// Tabla 2: units with need.
    pub tabla2_unidades: Option<u32>,
    /// Tabla 2's physicians per unit with need.
    pub tabla2_medicos_por_unidad: Option<f64>,
    /// Why they differ, in words.
    pub explicacion: String,
}

/// One state's units targeted beside its published target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateTargets {
    /// INEGI state code.
    pub clave: u8,
    /// Weekend block (1–3), when published.
    pub bloque: Option<u32>,
    /// Target units of the plan (baseline included).
    pub unidades_objetivo: usize,
    /// Units already open (baseline).
    pub unidades_ya_abiertas: usize,
    /// Published target units of the state.
    pub meta_publicada: Option<u32>,
    /// Plan − published.
    pub diferencia: Option<i64>,
}

/// The plan set beside the published figures (`resumen_rol.json` → `cifras_publicadas`, and the
/// report): built by [`published_comparison`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PublishedComparison {
    /// National figures side by side.
    pub cifras: Vec<PublishedItem>,
    /// Need by typology × stratum beside Tabla 2 (empty without Tabla 2).
    pub necesidad_tabla2: Vec<ClassNeed>,
    /// Units targeted per state beside the published targets.
    pub unidades_por_entidad: Vec<StateTargets>,
}

fn thousands(v: f64) -> String {
    let n = v.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// The plan beside the published figures: units targeted per state and nationally (8,277), need by
/// typology × stratum beside Tabla 2, hires beside about 4,910, coverage beside the 35% of units
/// with evidence of opening seven days, and each block's progress; each difference in words.
pub fn published_comparison(
    plan: &super::RosterPlan,
    network: &Network,
    params: &RosterParams,
    ctx: &RosterContext<'_>,
) -> PublishedComparison {
    let inst = &plan.instance;
    let n_days = inst.days.len();
    let all = plan.figures(None);
    let n_states = inst.states.len();
    let partial = n_states < 23;
    let scope = if partial {
        format!(" El escenario cubre {n_states} de las 23 entidades federalizadas; la cifra publicada es nacional.")
    } else {
        String::new()
    };
    let mut out = PublishedComparison::default();
    // Per state: units targeted beside the published target.
    let mut fully_open_by_state: BTreeMap<u8, (usize, usize)> = BTreeMap::new();
    for (i, st) in inst.states.iter().enumerate() {
        let covered = plan.days_covered(i);
        let open = covered.iter().filter(|&&c| c == n_days).count() + st.baseline.len();
        let targeted = st.targets.len() + st.baseline.len();
        fully_open_by_state.insert(st.state, (open, targeted));
        let published = ctx.figures.and_then(|f| f.get(&st.state));
        let meta = published.and_then(|p| p.weekend_target_units);
        out.unidades_por_entidad.push(StateTargets {
            clave: st.state,
            bloque: published.and_then(|p| p.weekend_block),
            unidades_objetivo: targeted,
            unidades_ya_abiertas: st.baseline.len(),
            meta_publicada: meta,
            diferencia: meta.map(|m| targeted as i64 - i64::from(m)),
        });
    }
    let national = ctx.national;
    let figure =
        |key: &str| national.and_then(|n| n.get(key).and_then(|f| f.value.trim().parse::<f64>().ok().map(|v| (v, f.source.clone()))));
    if let Some((published, source)) = figure("unidades_viables_7_dias") {
        let state_meta: u32 = out.unidades_por_entidad.iter().filter_map(|s| s.meta_publicada).sum();
        let planned = all.units_targeted as f64;
        out.cifras.push(PublishedItem {
            clave: "unidades_objetivo".into(),
            descripcion: "Unidades meta de apertura 7 días".into(),
            plan: planned,
            publicado: published,
            diferencia: planned - published,
            fuente: source,
            explicacion: format!(
                "El plan toma como meta las unidades fijas de primer nivel en operación del catálogo leído ({}); la cifra publicada ({}) es la lista de unidades viables de 2024, y la suma de las metas por entidad de las entidades del escenario es {}. La diferencia viene de altas, bajas y cambios de tipología del catálogo desde entonces.{scope}",
                thousands(planned),
                thousands(published),
                thousands(f64::from(state_meta))
            ),
        });
    }
    if let Some((published, source)) = figure("medicos_a_contratar_7_dias") {
        let planned = f64::from(all.hires_needed);
        out.cifras.push(PublishedItem {
            clave: "contrataciones".into(),
            descripcion: "Médicos de fin de semana por contratar".into(),
            plan: planned,
            publicado: published,
            diferencia: planned - published,
            fuente: source,
            explicacion: format!(
                "El plan contrata sólo lo que el rol no cubre con la plantilla leída (turnos extra de médicos de entre semana, hasta {} por mes) ni la línea base ({}), con el requerimiento del preajuste `{}`; la cifra publicada (aprox. {}) fue la meta de contratación de 2024, antes de los turnos extra y sin el requerimiento por unidad de este plan.{scope}",
                params.max_extra_shifts_per_month,
                plan.baseline_source.words(),
                match params.staffing_preset {
                    StaffingPreset::Default => "default",
                    StaffingPreset::Tabla2 => "tabla2",
                },
                thousands(published)
            ),
        });
    }
    if let Some((published, source)) = figure("uspn_con_evidencia_apertura_7_dias") {
        let (open, targeted) = fully_open_by_state.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        let planned = if targeted == 0 { 0.0 } else { open as f64 / targeted as f64 };
        let already = if targeted == 0 { 0.0 } else { all.units_already_open as f64 / targeted as f64 };
        out.cifras.push(PublishedItem {
            clave: "cobertura_unidades".into(),
            descripcion: "Unidades que abren todos los días de fin de semana (fracción)".into(),
            plan: planned,
            publicado: published,
            diferencia: planned - published,
            fuente: source,
            explicacion: format!(
                "Con el rol, {:.1}% de las unidades meta abren todos los días de apertura del horizonte ({:.1}% ya abrían por la línea base); la cifra publicada ({:.0}% en diciembre de 2024) es la de unidades con evidencia de apertura 7 días, sin rol optimizado ni turnos extra de médicos de entre semana.",
                100.0 * planned,
                100.0 * already,
                100.0 * published
            ),
        });
    }
    for block in 1..=3u32 {
        let Some((published, source)) = figure(&format!("avance_bloque{block}_jun2024")) else { continue };
        let Some(figures) = ctx.figures else { continue };
        let (open, targeted) = fully_open_by_state
            .iter()
            .filter(|(s, _)| figures.get(s).and_then(|f| f.weekend_block) == Some(block))
            .fold((0, 0), |a, (_, b)| (a.0 + b.0, a.1 + b.1));
        if targeted == 0 {
            continue;
        }
        let planned = open as f64 / targeted as f64;
        out.cifras.push(PublishedItem {
            clave: format!("avance_bloque{block}"),
            descripcion: format!("Avance del bloque {block}: unidades meta que abren todo el horizonte (fracción)"),
            plan: planned,
            publicado: published,
            diferencia: planned - published,
            fuente: source,
            explicacion: format!(
                "En las entidades del bloque {block} del escenario, el rol abre {:.1}% de sus {} unidades meta todos los días; el avance publicado ({:.1}%, junio de 2024) mide unidades que ya abrían entonces. {}",
                100.0 * planned,
                thousands(targeted as f64),
                100.0 * published,
                if plan.baseline_source == BaselineSource::BlockProgress {
                    "La línea base de este plan parte de ese avance: la diferencia es lo que el rol agrega con la plantilla leída."
                } else {
                    "Este plan no parte de ese avance (sin línea base por bloque): la diferencia incluye lo que ya abría."
                }
            ),
        });
    }
    if let Some((published, source)) = figure("brecha_medicos_7_dias_sep2024") {
        let missing: u64 = missing_by_unit(plan).values().map(|&m| u64::from(m)).sum();
        out.cifras.push(PublishedItem {
            clave: "medicos_faltantes".into(),
            descripcion: "Médicos faltantes para abrir 7 días".into(),
            plan: missing as f64,
            publicado: published,
            diferencia: missing as f64 - published,
            fuente: source,
            explicacion: format!(
                "El plan cuenta, por unidad, los médicos que faltan en su peor día de apertura después del rol ({}); la Tabla 2 (sep-2024, {} médicos en 1,503 unidades) estimó los faltantes sin contar turnos extra de médicos de entre semana y con aprox. un médico por consultorio.{scope}",
                thousands(missing as f64),
                thousands(published)
            ),
        });
    }
    if let Some(rows) = ctx.tabla2 {
        out.necesidad_tabla2 = need_by_class(plan, network, rows);
    }
    out
}

/// Physicians still missing per unit (network index) on its worst opening day.
fn missing_by_unit(plan: &super::RosterPlan) -> BTreeMap<usize, u32> {
    let mut out: BTreeMap<usize, u32> = BTreeMap::new();
    for (st, sp) in plan.instance.states.iter().zip(&plan.states) {
        for g in &sp.gaps {
            let e = out.entry(st.targets[g.target].unit).or_default();
            *e = (*e).max(g.required - g.assigned);
        }
    }
    out
}

fn need_by_class(plan: &super::RosterPlan, network: &Network, rows: &[Tabla2Row]) -> Vec<ClassNeed> {
    #[derive(Default)]
    struct Acc {
        units: usize,
        required: u64,
        missing: u64,
        with_gap: usize,
    }
    let missing = missing_by_unit(plan);
    let mut acc: BTreeMap<(UnitClass, bool), Acc> = BTreeMap::new();
    for st in &plan.instance.states {
        let units = st
            .targets
            .iter()
            .zip(&st.baseline_staff)
            .map(|(t, b)| (t.unit, t.required + b))
            .chain(st.baseline.iter().map(|b| (b.unit, b.required)));
        for (u, required) in units {
            let unit = &network.units[u];
            let Some(class) = UnitClass::of(unit) else { continue };
            let a = acc.entry((class, is_rural(unit))).or_default();
            a.units += 1;
            a.required += u64::from(required);
            if let Some(&m) = missing.get(&u) {
                a.missing += u64::from(m);
                a.with_gap += 1;
            }
        }
    }
    let mut out = Vec::new();
    for class in UnitClass::ALL {
        for rural in [true, false] {
            let row = rows.iter().find(|r| r.class == class && r.rural == rural);
            let a = acc.remove(&(class, rural)).unwrap_or_default();
            if a.units == 0 && row.is_none() {
                continue;
            }
            let per_unit = if a.units == 0 { 0.0 } else { a.required as f64 / a.units as f64 };
            let t2_ratio = row.and_then(|r| (r.units > 0).then(|| f64::from(r.physicians) / f64::from(r.units)));
            let explicacion = match row {
                Some(r) => format!(
                    "El modelo pide {:.2} médicos por unidad en fin de semana ({} en {} unidades) y, después del rol, faltan {} en {} unidades; la Tabla 2 estimó {} médicos faltantes en {} unidades{}. {}",
                    per_unit,
                    thousands(a.required as f64),
                    thousands(a.units as f64),
                    thousands(a.missing as f64),
                    thousands(a.with_gap as f64),
                    thousands(f64::from(r.physicians)),
                    thousands(f64::from(r.units)),
                    t2_ratio.map_or(String::new(), |x| format!(" ({x:.2} por unidad con necesidad)")),
                    if a.missing < u64::from(r.physicians) {
                        "El plan falta menos: cubre con turnos extra de médicos de entre semana, que la Tabla 2 no cuenta, o con la línea base."
                    } else if a.missing > u64::from(r.physicians) {
                        "El plan falta más: el requerimiento por unidad del preajuste o la meta (más unidades) es mayor que lo que la Tabla 2 contó como necesidad."
                    } else {
                        "Coinciden."
                    }
                ),
                None => "La Tabla 2 no publica esta clase.".into(),
            };
            out.push(ClassNeed {
                tipologia: class.label().into(),
                estrato: if rural { "rural" } else { "urbano" }.into(),
                unidades_objetivo: a.units,
                medicos_requeridos: a.required,
                medicos_por_unidad: per_unit,
                medicos_faltantes: a.missing,
                unidades_con_brecha: a.with_gap,
                tabla2_medicos: row.map(|r| r.physicians),
                tabla2_unidades: row.map(|r| r.units),
                tabla2_medicos_por_unidad: t2_ratio,
                explicacion,
            });
        }
    }
    out
}

/// The hires of one bloque: the phase in which the states of that weekend block hire
/// (`resumen_rol.json` → `contrataciones_por_bloque`). Every hire of a phase is based in, and
/// covers only gaps of, a state of its bloque.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HiringPhase {
    /// Weekend block (1–3); `None` for states without a published block.
    pub bloque: Option<u32>,
    /// Start date of the phase (`[roster] hiring_phase_dates`), when given.
    pub fecha: Option<chrono::NaiveDate>,
    /// State codes of the phase.
    pub entidades: Vec<u8>,
    /// Hires of the phase.
    pub contrataciones: u32,
    /// Proven lower bound on them (sum of the states' bounds).
    pub cota: u32,
    /// Weekend physician slots the phase's hires cover.
    pub turnos_cubiertos: u64,
}

/// The hiring plan phased by bloque 1 → 2 → 3 (states without a block last).
pub fn hiring_phases(plan: &super::RosterPlan, params: &RosterParams, figures: Option<&BTreeMap<u8, StateFigures>>) -> Vec<HiringPhase> {
    let mut phases: BTreeMap<(bool, u32), HiringPhase> = BTreeMap::new();
    for (st, sp) in plan.instance.states.iter().zip(&plan.states) {
        let block = figures.and_then(|f| f.get(&st.state)).and_then(|f| f.weekend_block);
        let key = (block.is_none(), block.unwrap_or(0));
        let phase = phases.entry(key).or_insert_with(|| HiringPhase {
            bloque: block,
            fecha: block.and_then(|b| params.hiring_phase_dates.get((b as usize).wrapping_sub(1)).copied()),
            entidades: Vec::new(),
            contrataciones: 0,
            cota: 0,
            turnos_cubiertos: 0,
        });
        phase.entidades.push(st.state);
        phase.contrataciones += sp.hiring.total();
        phase.cota += sp.hiring.hires_bound;
        phase.turnos_cubiertos += sp.hiring.hires.iter().flat_map(|h| h.covers.iter().map(|c| u64::from(c.1))).sum::<u64>();
    }
    phases.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planners::roster::{plan, RosterRequest};
    use crate::planners::Plan;
    use crate::synthetic::{generate, SyntheticSpec};
    use chrono::NaiveDate;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn request<'a>(net: &'a Network, params: &'a RosterParams, context: RosterContext<'a>) -> RosterRequest<'a> {
        RosterRequest {
            network: net,
            travel: Box::leak(Box::default()),
            params,
            from: ymd(2027, 3, 1),
            to: ymd(2027, 3, 31),
            options: Default::default(),
            targets: None,
            previous: None,
            absences: &[],
            context,
        }
    }

    /// Units of the baseline are never given a roster shift, never counted in the gap, never
    /// covered by a hire; they count as already open, and the rest of the plan counts only what is
    /// missing.
    #[test]
    fn a_baseline_unit_is_never_reassigned_or_counted_in_the_gap() {
        let net = generate(&SyntheticSpec { units: 220, states: 1 }, 11);
        let params = RosterParams::default();
        let without = plan(&request(&net, &params, RosterContext::default()), &crate::progress::Silent).unwrap();
        // The baseline: every unit with a gap without it (they stand now), plus a third of the rest.
        let st0 = &without.instance.states[0];
        let mut chosen: BTreeMap<String, Option<u32>> = BTreeMap::new();
        for g in &without.states[0].gaps {
            chosen.insert(net.units[st0.targets[g.target].unit].clues.clone(), None);
        }
        for (k, t) in st0.targets.iter().enumerate().filter(|(k, _)| k % 3 == 0) {
            chosen.insert(net.units[t.unit].clues.clone(), if k % 2 == 0 { None } else { Some(1) });
        }
        assert!(!without.states[0].gaps.is_empty(), "the instance must have gaps for the test to mean anything");
        let with = plan(&request(&net, &params, RosterContext { baseline: Some(&chosen), ..Default::default() }), &crate::progress::Silent)
            .unwrap();
        let st = &with.instance.states[0];
        let sp = &with.states[0];
        let standing: std::collections::HashSet<usize> = st.baseline.iter().map(|b| b.unit).collect();
        assert!(!standing.is_empty());
        for b in &st.baseline {
            assert!(chosen.contains_key(&net.units[b.unit].clues) && b.staff >= b.required);
            assert!(st.targets.iter().all(|t| t.unit != b.unit), "a baseline unit is not in the model");
        }
        for s in &sp.roster.shifts {
            assert!(!standing.contains(&st.targets[s.target].unit), "shift sent to a baseline unit");
        }
        for g in &sp.gaps {
            let u = st.targets[g.target].unit;
            assert!(!standing.contains(&u), "baseline unit counted in the gap");
            // A partly staffed unit's gap counts only what its baseline staff leave missing.
            let k = g.target;
            let full =
                super::super::instance::required_physicians(&params, super::super::instance::equivalent_nucleos_of(&params, &net.units[u]));
            assert_eq!(g.required + st.baseline_staff[k], full);
        }
        for h in &sp.hiring.hires {
            assert!(h.covers.iter().all(|(t, _)| !standing.contains(&st.targets[*t].unit)));
        }
        let f = with.figures(None);
        let n_days = with.instance.days.len();
        assert_eq!(f.units_targeted, without.figures(None).units_targeted, "the target set is the same");
        assert_eq!(f.units_already_open, st.baseline.len());
        assert_eq!(f.unit_days_already_open, st.baseline.len() * n_days);
        assert_eq!(f.unit_days_already_open + f.unit_days_newly_covered + f.unit_days_uncovered, f.unit_days_required);
        assert_eq!(f.unit_days_uncovered, with.open_gaps());
        assert!(f.unit_days_uncovered < without.open_gaps(), "the gap shrinks to what is missing");
        assert_eq!(with.baseline_source, BaselineSource::UnitsFile);
    }

    /// Hires are phased by bloque: each phase's hires are those of its block's states, based at
    /// and covering only gaps of those states; the phase dates follow the blocks.
    #[test]
    fn each_phase_hires_cover_only_gaps_of_its_bloque() {
        let net = generate(&SyntheticSpec { units: 600, states: 3 }, 4);
        let params = RosterParams {
            max_extra_shifts_per_month: 1,
            hiring_phase_dates: vec![ymd(2027, 1, 4), ymd(2027, 2, 1), ymd(2027, 3, 1)],
            ..Default::default()
        };
        let states: Vec<u8> = {
            let mut v: Vec<u8> = net.units.iter().map(|u| u.state).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        assert_eq!(states.len(), 3);
        // Blocks in reverse state order, so phase order is not state order.
        let figures: BTreeMap<u8, StateFigures> = states
            .iter()
            .enumerate()
            .map(|(i, &s)| (s, StateFigures { state: s, weekend_block: Some(3 - i as u32), ..Default::default() }))
            .collect();
        let p = plan(&request(&net, &params, RosterContext { figures: Some(&figures), ..Default::default() }), &crate::progress::Silent)
            .unwrap();
        let phases = &p.hiring_phases;
        assert_eq!(phases.iter().map(|f| f.bloque).collect::<Vec<_>>(), [Some(1), Some(2), Some(3)]);
        assert!(p.figures(None).hires_needed > 0, "the instance must need hires");
        let mut total = 0;
        for phase in phases {
            let b = phase.bloque.unwrap();
            assert_eq!(phase.fecha, Some(params.hiring_phase_dates[b as usize - 1]));
            let mut hires = 0;
            for (st, sp) in p.instance.states.iter().zip(&p.states) {
                let in_phase = phase.entidades.contains(&st.state);
                assert_eq!(in_phase, figures[&st.state].weekend_block == Some(b));
                if !in_phase {
                    continue;
                }
                let gap_units: std::collections::HashSet<usize> = sp.gaps.iter().map(|g| g.target).collect();
                for h in &sp.hiring.hires {
                    assert_eq!(net.units[st.targets[h.base].unit].state, st.state);
                    for (t, n) in &h.covers {
                        assert!(gap_units.contains(t) && *n > 0, "a hire covers a unit without a gap of its bloque");
                        assert_eq!(net.units[st.targets[*t].unit].state, st.state);
                    }
                }
                hires += sp.hiring.total();
                assert!(sp.hiring.hires_bound <= sp.hiring.total());
            }
            assert_eq!(phase.contrataciones, hires);
            total += hires;
        }
        assert_eq!(total, p.figures(None).hires_needed);
    }

    fn rows() -> Vec<Tabla2Row> {
        // Tabla 2 (September 2024) as published.
        [
            (UnitClass::One, true, 223, 218),
            (UnitClass::One, false, 52, 48),
            (UnitClass::Two, true, 78, 65),
            (UnitClass::Two, false, 161, 137),
            (UnitClass::ThreeToFive, true, 44, 18),
            (UnitClass::ThreeToFive, false, 1708, 427),
            (UnitClass::SixOrMore, true, 0, 0),
            (UnitClass::SixOrMore, false, 4078, 394),
            (UnitClass::Cessa, true, 26, 13),
            (UnitClass::Cessa, false, 824, 183),
        ]
        .into_iter()
        .map(|(class, rural, physicians, units)| Tabla2Row { class, rural, physicians, units })
        .collect()
    }

    /// On a hand-made network with every class and stratum, the `tabla2` preset's physicians per
    /// unit of each class are Tabla 2's ratios (to within the rounding of one unit).
    #[test]
    fn tabla2_preset_reproduces_the_per_class_ratios() {
        let mut net = generate(&SyntheticSpec { units: 400, states: 1 }, 5);
        // Hand-made classes: unit k gets a class and stratum by its position.
        let layout: [(UnitKind, Stratum, usize); 9] = [
            (UnitKind::HealthCentre { nucleos: 1 }, Stratum::Rural, 60),
            (UnitKind::HealthCentre { nucleos: 1 }, Stratum::Urbano, 25),
            (UnitKind::HealthCentre { nucleos: 2 }, Stratum::Rural, 30),
            (UnitKind::HealthCentre { nucleos: 2 }, Stratum::Urbano, 40),
            (UnitKind::HealthCentre { nucleos: 3 }, Stratum::Rural, 9),
            (UnitKind::HealthCentre { nucleos: 4 }, Stratum::Urbano, 35),
            (UnitKind::HealthCentre { nucleos: 8 }, Stratum::Rural, 4),
            (UnitKind::HealthCentre { nucleos: 12 }, Stratum::Urbano, 20),
            (UnitKind::ExpandedServices, Stratum::Urbano, 16),
        ];
        let targets_idx: Vec<usize> = net
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.is_first_level_in_operation() && u.kind.is_fixed_primary_care())
            .map(|(i, _)| i)
            .collect();
        let mut next = targets_idx.iter();
        let mut placed: Vec<(UnitClass, bool, usize)> = Vec::new();
        for (kind, stratum, n) in layout {
            for _ in 0..n {
                let &i = next.next().expect("enough fixed units in the synthetic network");
                net.units[i].kind = kind;
                net.units[i].stratum = Some(stratum);
                placed.push((UnitClass::of(&net.units[i]).unwrap(), stratum == Stratum::Rural, i));
            }
        }
        for &i in next {
            net.units[i].kind = UnitKind::Hospital; // out of the target set
        }
        let params = RosterParams { staffing_preset: StaffingPreset::Tabla2, ..Default::default() };
        let t2 = rows();
        let ctx = RosterContext { tabla2: Some(&t2), ..Default::default() };
        let standing = targets_for(&net, &params, None, &ctx).unwrap();
        let req: HashMap<usize, u32> = standing.targets.iter().copied().collect();
        let mut by_class: BTreeMap<(UnitClass, bool), (u32, u32)> = BTreeMap::new();
        for (class, rural, i) in &placed {
            let e = by_class.entry((*class, *rural)).or_default();
            e.0 += req[i];
            e.1 += 1;
        }
        for ((class, rural), (physicians, units)) in by_class {
            let ratio = tabla2_ratio(&t2, class, rural).unwrap();
            let got = f64::from(physicians) / f64::from(units);
            assert!((got - ratio).abs() <= 0.5 / f64::from(units) + 1e-9, "{class:?} rural={rural}: {got:.3} vs Tabla 2 {ratio:.3}");
        }
        // The published "about" figures: 1.0, 1.2, 3.9, 10.4 and 4.3 per CESSA.
        assert_eq!((tabla2_ratio(&t2, UnitClass::SixOrMore, true).unwrap() * 10.0).round(), 104.0, "empty stratum takes the other's");
        // Without Tabla 2 the preset is a scenario error, never a silent default.
        assert!(matches!(targets_for(&net, &params, None, &RosterContext::default()), Err(Error::Scenario { .. })));
    }

    /// The block progress rule: `round(share × targets)` units per state, largest first.
    #[test]
    fn block_progress_opens_the_published_share_largest_first() {
        let net = generate(&SyntheticSpec { units: 150, states: 1 }, 2);
        let state = net.units[0].state;
        let figures: BTreeMap<u8, StateFigures> = [(state, StateFigures { state, weekend_block: Some(2), ..Default::default() })].into();
        let mut national = NationalFigures::default();
        national.0.insert(
            "avance_bloque2_jun2024".into(),
            crate::domain::figures::NationalFigure { value: "0.749".into(), unit: "fraccion".into(), source: "002".into() },
        );
        let params = RosterParams { baseline_from_block_progress: true, ..Default::default() };
        let ctx = RosterContext { figures: Some(&figures), national: Some(&national), ..Default::default() };
        let s = targets_for(&net, &params, None, &ctx).unwrap();
        let n = s.targets.iter().filter(|(u, _)| net.units[*u].state == state).count();
        assert_eq!(s.baseline.len(), (0.749 * n as f64).round() as usize);
        let size = |u: usize| equivalent_nucleos_of(&params, &net.units[u]);
        let smallest_open = s.baseline.keys().map(|&u| size(u)).min().unwrap();
        let largest_closed = s.targets.iter().filter(|(u, _)| !s.baseline.contains_key(u)).map(|(u, _)| size(*u)).max().unwrap();
        assert!(smallest_open >= largest_closed);
        // Without published figures the rule is a scenario error.
        assert!(matches!(targets_for(&net, &params, None, &RosterContext::default()), Err(Error::Scenario { .. })));
    }
}
