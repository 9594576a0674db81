//! Headline figures of a run: the few numbers a planner reads first, each with the solver status
//! and gap behind it. The report shows them, `indicadores.json` keeps them, `sweep` tabulates them
//! and `compare` sets two runs side by side.

use serde::Serialize;

use crate::pipeline::RunResults;
use almaplan_core::lp::{SolveReport, SolveStatus};

/// Which direction of an indicator is an improvement (the run-output schema's `mejor`).
pub use almaplan_formats::run_schema::Direction as Better;
use almaplan_formats::run_schema::IndicatorRecord;

/// One headline figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// Stable key, `planner.figure`.
    pub key: String,
    /// Spanish label: the console summary, the Spanish report and `etiqueta` in `indicadores.json`.
    pub label_es: String,
    /// English label: the report with `--lang en` and `etiqueta_en` in `indicadores.json`.
    pub label_en: String,
    /// `None` when the figure does not exist (e.g. no brigade count within the search).
    pub value: Option<f64>,
    /// Shown instead of the number when set (dates, "more than N").
    pub text: Option<String>,
    /// Unit of `value` as printed: `%`, `min`, `zonas`, `brigadas`, … (`unidad`).
    pub unit: String,
    /// Which direction is an improvement (`mejor`: `mayor` or `menor`); `None` when neither is.
    pub better: Option<Better>,
    /// Solver status behind the figure (worst over the models it comes from).
    pub status: Option<String>,
    /// Relative gap in percent (largest over the models it comes from).
    pub gap_pct: Option<f64>,
}

impl Indicator {
    /// An indicator without text, solver status or gap.
    pub(crate) fn new(key: &str, label_es: &str, label_en: &str, value: Option<f64>, unit: &str, better: Option<Better>) -> Indicator {
        Indicator {
            key: key.into(),
            label_es: label_es.into(),
            label_en: label_en.into(),
            value,
            text: None,
            unit: unit.into(),
            better,
            status: None,
            gap_pct: None,
        }
    }

    fn solved<'a>(mut self, reports: impl IntoIterator<Item = &'a SolveReport>) -> Indicator {
        let (mut worst, mut gap, mut any) = (SolveStatus::Optimal, 0.0f64, false);
        for r in reports {
            any = true;
            worst = worst.max(r.status);
            gap = gap.max(100.0 * r.gap);
        }
        if any {
            self.status = Some(status_code(worst).into());
            self.gap_pct = Some(gap);
        }
        self
    }

    fn heuristic(mut self, status: &str) -> Indicator {
        self.status = Some(status.into());
        self
    }

    fn text(mut self, text: String) -> Indicator {
        self.text = Some(text);
        self
    }

    /// The figure as `indicadores.json` records it, `sweep` tabulates it and `compare` reads it
    /// back ([`almaplan_formats::run_schema`]).
    pub fn record(&self) -> IndicatorRecord {
        IndicatorRecord {
            clave: self.key.clone(),
            etiqueta: self.label_es.clone(),
            etiqueta_en: Some(self.label_en.clone()),
            valor: self.value,
            texto: self.text.clone(),
            unidad: self.unit.clone(),
            mejor: self.better,
            estado_solver: self.status.clone(),
            brecha_pct: self.gap_pct,
        }
    }

    /// The value as the report prints it.
    pub fn display(&self) -> String {
        if let Some(t) = &self.text {
            return t.clone();
        }
        match self.value {
            None => "—".into(),
            Some(v) if self.unit == "%" => format!("{} %", thousands(v, 1)),
            Some(v) if v.fract() == 0.0 => thousands(v, 0),
            Some(v) => thousands(v, 1),
        }
    }
}

/// Stable code of a solver status, as `indicadores.json` writes it.
pub fn status_code(s: SolveStatus) -> &'static str {
    match s {
        SolveStatus::Optimal => "Optimal",
        SolveStatus::GapLimit => "GapLimit",
        SolveStatus::TimeLimit => "TimeLimit",
    }
}

/// `12,345.6` style, as Mexican reports print numbers.
pub fn thousands(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map(|(a, b)| (a.to_string(), Some(b.to_string()))).unwrap_or((s.clone(), None));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 && v.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) {
        out.insert(0, '-');
    }
    match frac {
        Some(f) => format!("{out}.{f}"),
        None => out,
    }
}

/// The headline figures of every planner that ran, in a fixed order.
pub fn headline(r: &RunResults) -> Vec<Indicator> {
    let mut v = Vec::new();
    if let Some(plan) = &r.roster {
        let f = plan.figures(None);
        let solves = plan.states.iter().map(|s| &s.roster.report);
        let hiring = plan.states.iter().filter_map(|s| s.hiring.report.as_ref());
        v.push(Indicator::new(
            "roster.units_targeted",
            "Unidades meta de fin de semana",
            "Weekend target units",
            Some(f.units_targeted as f64),
            "unidades",
            None,
        ));
        v.push(
            Indicator::new(
                "roster.coverage_pct",
                "Cobertura de fin de semana",
                "Weekend coverage",
                Some(round(f.coverage_pct, 2)),
                "%",
                Some(Better::Higher),
            )
            .solved(solves.clone()),
        );
        v.push(
            Indicator::new(
                "roster.unit_days_uncovered",
                "Unidades-día sin cubrir",
                "Uncovered unit-days",
                Some((f.unit_days_required - f.unit_days_covered) as f64),
                "unidades-día",
                Some(Better::Lower),
            )
            .solved(solves),
        );
        // Each state's hiring MIP may stop at its time limit with a weak bound; the busiest-day
        // bound is valid too, so the gap is against the larger of the two, summed over states.
        let bound: f64 =
            plan.states.iter().map(|s| f64::from(s.hiring.lower_bound).max(s.hiring.report.as_ref().map_or(0.0, |r| r.bound.ceil()))).sum();
        let mut hires = Indicator::new(
            "roster.hires_needed",
            "Contrataciones de fin de semana necesarias",
            "Weekend hires needed",
            Some(f.hires_needed as f64),
            "médicos",
            Some(Better::Lower),
        )
        .solved(hiring);
        if hires.status.is_some() {
            hires.gap_pct = Some(100.0 * almaplan_core::lp::relative_gap(f.hires_needed as f64, bound));
        }
        v.push(hires);
    }
    if let Some(z) = &r.zones {
        let units: usize = z.zones.iter().map(|z| z.units.len()).sum();
        let minutes: f64 = z.zones.iter().map(|z| z.minutes_to_sede).sum();
        let reports = z.states.iter().filter_map(|s| s.report.as_ref());
        v.push(
            Indicator::new("zones.zones", "Zonas de servicios médicos", "Medical service zones", Some(z.zones.len() as f64), "zonas", None)
                .solved(reports),
        );
        v.push(Indicator::new(
            "zones.mean_minutes_to_sede",
            "Minutos promedio de la unidad a su sede",
            "Mean minutes from unit to host",
            (units > 0).then(|| round(minutes / units as f64, 1)),
            "min",
            Some(Better::Lower),
        ));
    }
    if let Some(w) = &r.waves {
        let plan = &w.plan;
        let stages = plan.stages.iter().map(|s| &s.report);
        let makespan = plan.stages.iter().map(|s| s.makespan_days).max();
        let bound = plan.stages.iter().map(|s| s.lower_bound_days).max();
        let gap = match (makespan, bound) {
            (Some(m), Some(b)) if m > 0 => Some(100.0 * (m - b.min(m)) as f64 / m as f64),
            _ => None,
        };
        v.push(Indicator::new(
            "waves.units_scheduled",
            "Unidades programadas (Comando Alma-Ata)",
            "Units scheduled (Comando Alma-Ata)",
            Some(plan.units_scheduled() as f64),
            "unidades",
            None,
        ));
        let mut m = Indicator::new(
            "waves.makespan_days",
            "Duración de la etapa más larga",
            "Longest stage duration",
            makespan.map(|d| d as f64),
            "días hábiles",
            Some(Better::Lower),
        )
        .solved(stages);
        m.gap_pct = gap.or(m.gap_pct);
        v.push(m);
        v.push(Indicator::new(
            "waves.lower_bound_days",
            "Cota inferior de la duración",
            "Duration lower bound",
            bound.map(|d| d as f64),
            "días hábiles",
            None,
        ));
        if let Some(last) = plan.states.iter().map(|s| s.diagnostics).max() {
            let first = plan.states.iter().map(|s| s.installation).min().unwrap_or(last);
            v.push(
                Indicator::new(
                    "waves.last_diagnostics",
                    "Último envío de diagnósticos",
                    "Last diagnostics sent",
                    Some((last - first).num_days() as f64),
                    "días desde la primera instalación",
                    Some(Better::Lower),
                )
                .text(last.to_string()),
            );
        }
        v.push(Indicator::new(
            "waves.units_after_deadline",
            "Unidades después de la fecha límite",
            "Units after the deadline",
            Some(plan.units_after_deadline() as f64),
            "unidades",
            Some(Better::Lower),
        ));
        v.push(Indicator::new(
            "waves.states_late",
            "Entidades que no terminan a tiempo",
            "States late",
            Some(plan.late_states().len() as f64),
            "entidades",
            Some(Better::Lower),
        ));
        let (label_es, label_en) = if plan.pool.is_some() {
            ("Brigadas en la bolsa compartida para cumplir la fecha límite", "Shared-pool brigades to meet the deadline")
        } else {
            ("Brigadas por entidad para cumplir la fecha límite", "Brigades per state to meet the deadline")
        };
        let mut needed = Indicator::new(
            "waves.brigades_needed",
            label_es,
            label_en,
            w.plan.brigades_needed.map(f64::from),
            "brigadas",
            Some(Better::Lower),
        );
        if let Some(sup) = &w.plan.supply {
            needed = Indicator::new(
                "waves.brigades_needed",
                "Brigadas (equipos de supervisión zonal) de las entidades para cumplir la fecha límite",
                "Brigades (zonal supervision teams) of the states to meet the deadline",
                Some(f64::from(sup.needed_total())),
                "brigadas",
                Some(Better::Lower),
            );
            if !sup.on_time_with_needed {
                let last = sup.states.iter().map(|s| s.diagnostics_needed).max().map(|d| d.to_string()).unwrap_or_default();
                needed = needed.text(format!("{} con una brigada por zona; último envío de diagnósticos {last}", sup.needed_total()));
            }
        } else if w.plan.brigades_needed.is_none() {
            needed = needed.text("no alcanzable en la búsqueda".into());
        }
        v.push(needed);
        if let Some(sup) = &w.plan.supply {
            let per_brigade: u32 = sup.composition.values().sum();
            v.push(Indicator::new(
                "waves.people_needed",
                "Personas en brigadas para cumplir la fecha límite",
                "People in brigades to meet the deadline",
                Some(f64::from(sup.needed_total() * per_brigade)),
                "personas",
                Some(Better::Lower),
            ));
            v.push(Indicator::new(
                "waves.brigades_borrowed",
                "Brigadas que las entidades deben pedir prestadas",
                "Brigades the states must borrow",
                Some(f64::from(sup.loans.iter().map(|l| l.brigades).sum::<u32>())),
                "brigadas",
                Some(Better::Lower),
            ));
        }
    }
    if let Some(o) = &r.routes {
        let plan = &o.plan;
        let covered = plan.covered_by.iter().filter(|k| k.is_some()).count();
        let population: u64 = plan.candidates.iter().map(|c| c.population as u64).sum();
        let population_covered: u64 =
            plan.candidates.iter().zip(&plan.covered_by).filter(|(_, k)| k.is_some()).map(|(c, _)| c.population as u64).sum();
        let verified = format!("heurística verificada ({} de {} UMM)", plan.verified_units, plan.units.len());
        v.push(Indicator::new(
            "routes.localities_candidate",
            "Localidades candidatas para UMM",
            "Candidate localities for mobile units",
            Some(plan.candidates.len() as f64),
            "localidades",
            None,
        ));
        v.push(
            Indicator::new(
                "routes.localities_covered",
                "Localidades cubiertas por UMM",
                "Localities covered by mobile units",
                Some(covered as f64),
                "localidades",
                Some(Better::Higher),
            )
            .heuristic(&verified),
        );
        v.push(
            Indicator::new(
                "routes.population_covered",
                "Población cubierta por UMM",
                "Population covered by mobile units",
                Some(population_covered as f64),
                "personas",
                Some(Better::Higher),
            )
            .heuristic(&verified),
        );
        v.push(Indicator::new(
            "routes.population_coverage_pct",
            "Cobertura de población candidata (no es el PI 2.2)",
            "Candidate population covered (not PI 2.2)",
            (population > 0).then(|| round(100.0 * population_covered as f64 / population as f64, 2)),
            "%",
            Some(Better::Higher),
        ));
        v.push(Indicator::new(
            "routes.localities_uncovered",
            "Localidades sin cobertura",
            "Localities without coverage",
            Some(plan.uncovered.len() as f64),
            "localidades",
            Some(Better::Lower),
        ));
        v.push(Indicator::new(
            "routes.extra_units",
            "UMM adicionales necesarias",
            "Additional mobile units needed",
            Some(plan.extra_units.len() as f64),
            "UMM",
            Some(Better::Lower),
        ));
        v.extend(crate::umm_programme::indicators(o));
    }
    if let Some(o) = &r.supervision {
        supervision_indicators(&o.plan, &mut v);
    }
    v
}

/// Headline figures of the zonal supervision calendar; the assignment MIPs' evidence goes with
/// the figures that come from them.
fn supervision_indicators(plan: &almaplan_core::planners::supervision::SupervisionPlan, v: &mut Vec<Indicator>) {
    let reports: Vec<&SolveReport> = plan.territories.iter().filter(|t| t.report.variables > 0).map(|t| &t.report).collect();
    let units = plan.units();
    v.push(Indicator::new(
        "supervision.units",
        "Unidades a supervisar cada mes",
        "Units to supervise every month",
        Some(units as f64),
        "unidades",
        None,
    ));
    v.push(
        Indicator::new(
            "supervision.units_visited",
            "Unidades con visita de supervisión mensual",
            "Units with a monthly supervision visit",
            Some((units - plan.gaps.len()) as f64),
            "unidades",
            Some(Better::Higher),
        )
        .solved(reports.iter().copied()),
    );
    v.push(Indicator::new(
        "supervision.units_not_visited",
        "Unidades sin visita de supervisión mensual",
        "Units without a monthly supervision visit",
        Some(plan.gaps.len() as f64),
        "unidades",
        Some(Better::Lower),
    ));
    v.push(Indicator::new(
        "supervision.teams",
        "Equipos zonales de supervisión usados",
        "Zonal supervision teams used",
        Some(plan.team_count() as f64),
        "equipos",
        None,
    ));
    v.push(Indicator::new(
        "supervision.teams_published",
        "Equipos zonales de supervisión publicados",
        "Zonal supervision teams published",
        Some(f64::from(plan.published_teams())),
        "equipos",
        None,
    ));
    v.push(Indicator::new(
        "supervision.teams_needed",
        "Equipos necesarios para visitar cada unidad alcanzable cada mes",
        "Teams needed to visit every reachable unit every month",
        Some(f64::from(plan.teams_needed())),
        "equipos",
        Some(Better::Lower),
    ));
    let max_load = plan
        .teams
        .iter()
        .map(|t| {
            let cap = plan.territories.iter().find(|z| z.state == t.state && z.name == t.territory).map_or(0.0, |z| z.capacity_minutes);
            if cap > 0.0 {
                100.0 * t.load_minutes / cap
            } else {
                0.0
            }
        })
        .fold(0.0, f64::max);
    v.push(
        Indicator::new(
            "supervision.max_team_load_pct",
            "Carga mensual del equipo más cargado",
            "Monthly load of the busiest team",
            (!plan.teams.is_empty()).then(|| round(max_load, 1)),
            "%",
            Some(Better::Lower),
        )
        .solved(reports.iter().copied()),
    );
}

fn round(v: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (v * k).round() / k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(1234567.0, 0), "1,234,567");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(35.6912, 1), "35.7");
        assert_eq!(thousands(-4321.25, 2), "-4,321.25");
        assert_eq!(thousands(0.0, 1), "0.0");
    }
}
