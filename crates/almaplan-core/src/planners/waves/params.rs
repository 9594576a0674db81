//! The waves planner's policy (`[waves]` in a scenario); see `models/waves.md`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Comando Alma-Ata wave calendar (`[waves]`); see `models/waves.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WavesParams {
    /// Run the waves planner in `almaplan run` (default true).
    pub enabled: bool,
    /// First possible installation day (default 2026-01-12); a re-plan from progress starts at
    /// the later of this and its `from` date.
    pub start: NaiveDate,
    /// Date by which every state must have sent its diagnostics (default 2026-12-31); units
    /// visited after it are the plan's open gaps.
    pub deadline: NaiveDate,
    /// Brigades working the zones of each state, when there is no pool (default 1).
    pub brigades_per_state: u32,
    /// States in preparation or field work at once (central teams' capacity; default 4).
    pub max_states_at_once: u32,
    /// Weeks (of five working days) of installation and preparation before field work (default
    /// 3; 0 for a state that already has visits).
    pub preparation_weeks: u32,
    /// Daily brigade time budget in minutes, shared by travel from and back to the host and visits
    /// (default 480, an eight-hour day).
    pub daily_minutes: f64,
    /// Hour the brigade's day starts at the host (local time; default 8.0 = 08:00): the visit
    /// hours of the brigade calendars count from it.
    pub day_start_hour: f64,
    /// Weeks (of five working days) from the last zone's visits to sending the state's
    /// diagnostics (default 1).
    pub diagnostics_weeks: u32,
    /// Most brigades per state tried when searching for the number that meets the deadline
    /// (default 12; never more than a state's zones).
    pub max_brigades_per_state: u32,
    /// Visit effort per unit type (minutes of brigade work at the unit); see `models/waves.md`.
    pub effort: VisitEffort,
    /// Order of the states within a stage: `"unidades_x_brecha"` (units × weekend gap),
    /// `"unidades"`, or a list of states (INEGI codes or names), first = highest priority.
    pub priority: PriorityRule,
    /// Share of the weekend-opening target already met in blocks 1, 2 and 3
    /// (`avance_bloque{1,2,3}_jun2024` of `seeds/cifras_nacionales.csv`), as shares 0–1, for the
    /// weekend gap ([`weekend_gaps`](super::priority::weekend_gaps)).
    pub weekend_block_progress: [f64; 3],
    /// A shared pool of this many brigades that move between the states of a stage, instead of
    /// `brigades_per_state` fixed brigades per state.
    pub brigade_pool: Option<u32>,
    /// Home state of pool brigades (INEGI code or name → brigades, `{ "13" = 2 }`); the rest have
    /// no home. A brigade working away from home costs the travel between the states.
    pub brigade_homes: std::collections::BTreeMap<String, u32>,
    /// Largest pool tried when searching for the pool the deadline needs (default: every zone of
    /// the plan its own brigade).
    pub max_brigade_pool: Option<u32>,
    /// Brigades from the real supply: this share (0–1) of each state's zonal supervision teams
    /// (`equipos_supervision_zonal`, [`StateFigures::zonal_supervision_teams`](crate::domain::figures::StateFigures))
    /// form its brigades, one brigade per team (rounded down). `None` (default): `brigades_per_state`
    /// or the pool. See `models/waves.md`, «Team supply».
    pub team_share: Option<f64>,
    /// People available by role per state (INEGI code or name → role → persons), instead of the
    /// teams: the state fields as many brigades as `composition` allows (the scarcest role decides).
    pub people: std::collections::BTreeMap<String, std::collections::BTreeMap<String, u32>>,
    /// Brigade composition: persons per role in one brigade (default a trained leader, one person
    /// each from CUPN, Preventivos and Acción Comunitaria: the four people of a zonal supervision team).
    pub composition: std::collections::BTreeMap<String, u32>,
    /// Working days of a zone's Pacto por la Salud meeting at the sede, after its last cédula visit
    /// (default 1; 0 leaves the meeting out).
    pub pacto_days: u32,
    /// Representatives of the ZSM committee at each Pacto meeting (default 3).
    pub pacto_zsm_committee: u32,
    /// COSABI representatives per unit of the zone at its Pacto meeting (default 1: one COSABI per
    /// unit, as in the CDMX pilot's 211 COSABI for 211 units).
    pub pacto_cosabi_per_unit: u32,
    /// Visits already made (CSV `clues,fecha`, as `--avance`; `--avance` wins when both are given):
    /// a stage or state in progress. Its units keep their dates and the plan continues from
    /// `progress_from`.
    pub progress_file: Option<String>,
    /// Re-plan from this date (as `--desde`); no visit of `progress_file` may come after it.
    pub progress_from: Option<NaiveDate>,
    /// States already installed (INEGI code or name → installation date): they skip installation
    /// and preparation, like a state with visits (`{ "09" = "2024-11-29" }` for the CDMX pilot).
    pub started: std::collections::BTreeMap<String, NaiveDate>,
    /// Field progress per unit (CSV `clues,fecha_visita,diagnostico_completo,pacto,agenda`): Tabla 7
    /// and 8 against the plan in `seguimiento.csv` (`models/waves.md`, «Tracking»).
    pub tracking_units: Option<String>,
    /// Work teams in the field per day (CSV `fecha,entidad,equipos_completos,equipos`): Tabla 7's
    /// complete teams.
    pub tracking_teams: Option<String>,
    /// Cut date of the tracking (default: the latest date of the tracking files).
    pub tracking_date: Option<NaiveDate>,
    /// People available, one row per person (CSV `entidad,rol`; other columns such as names are
    /// ignored and never kept): counted per state and role, they replace `people` for the states
    /// the file lists.
    pub people_file: Option<String>,
}

/// How the states of a stage are ordered (`[waves] priority`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PriorityRule {
    /// `"unidades_x_brecha"` or `"unidades"`.
    Rule(String),
    /// States in priority order; states not listed follow by units.
    States(Vec<StateRef>),
}

/// A state named by its INEGI code or its name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StateRef {
    /// INEGI code (`13`).
    Code(u8),
    /// Name, ignoring case and accents (`"Hidalgo"`), or a code written as text (`"13"`).
    Name(String),
}

impl StateRef {
    /// The INEGI code, when the reference names a state.
    pub fn code(&self) -> Option<u8> {
        let code = match self {
            StateRef::Code(c) => Some(*c),
            StateRef::Name(n) => n.parse::<u8>().ok().or_else(|| crate::domain::state::code_by_name(n)),
        };
        code.filter(|c| crate::domain::state::name(*c).is_some())
    }
}

impl Default for PriorityRule {
    fn default() -> Self {
        PriorityRule::Rule("unidades_x_brecha".to_string())
    }
}

/// Minutes a brigade works at a unit, by type. Defaults are calibrated so that one brigade
/// finishes a CDMX-pilot zone (about 21 units) in about 30 working days (`models/waves.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VisitEffort {
    /// Health centre with one núcleo básico (default 360).
    pub health_centre: f64,
    /// Added per núcleo básico beyond the first (default 50).
    pub per_extra_nucleo: f64,
    /// CESSA/CAAPS (default 780).
    pub expanded_services: f64,
    /// UNEME (default 420).
    pub uneme: f64,
    /// Mobile unit at its base (default 260).
    pub mobile: f64,
    /// Any other first-level unit (default 360).
    pub other: f64,
}

impl VisitEffort {
    /// Minutes at a unit of `kind`: a health centre takes `health_centre + per_extra_nucleo ×
    /// (núcleos − 1)`. The supervision planner prices its visits with the same rule
    /// ([`SupervisionEffort`](crate::planners::supervision::SupervisionEffort)).
    pub fn minutes(&self, kind: crate::domain::unit::UnitKind) -> f64 {
        use crate::domain::unit::UnitKind;
        match kind {
            UnitKind::HealthCentre { nucleos } => self.health_centre + self.per_extra_nucleo * f64::from(nucleos.saturating_sub(1)),
            UnitKind::ExpandedServices => self.expanded_services,
            UnitKind::Uneme => self.uneme,
            UnitKind::Mobile => self.mobile,
            UnitKind::Hospital | UnitKind::Other => self.other,
        }
    }
}

impl Default for VisitEffort {
    fn default() -> Self {
        VisitEffort { health_centre: 360.0, per_extra_nucleo: 50.0, expanded_services: 780.0, uneme: 420.0, mobile: 260.0, other: 360.0 }
    }
}

impl Default for WavesParams {
    fn default() -> Self {
        WavesParams {
            enabled: true,
            start: NaiveDate::from_ymd_opt(2026, 1, 12).expect("valid"),
            deadline: NaiveDate::from_ymd_opt(2026, 12, 31).expect("valid"),
            brigades_per_state: 1,
            max_states_at_once: 4,
            preparation_weeks: 3,
            daily_minutes: 480.0,
            day_start_hour: 8.0,
            diagnostics_weeks: 1,
            max_brigades_per_state: 12,
            effort: VisitEffort::default(),
            priority: PriorityRule::default(),
            weekend_block_progress: [0.697, 0.749, 0.552],
            brigade_pool: None,
            brigade_homes: Default::default(),
            max_brigade_pool: None,
            team_share: None,
            people: Default::default(),
            composition: default_composition(),
            pacto_days: 1,
            pacto_zsm_committee: 3,
            pacto_cosabi_per_unit: 1,
            progress_file: None,
            progress_from: None,
            started: Default::default(),
            tracking_units: None,
            tracking_teams: None,
            tracking_date: None,
            people_file: None,
        }
    }
}

/// A trained leader and one person each from CUPN, Preventivos and Acción Comunitaria.
pub fn default_composition() -> std::collections::BTreeMap<String, u32> {
    ["lider", "cupn", "preventivos", "accion_comunitaria"].iter().map(|r| (r.to_string(), 1)).collect()
}
