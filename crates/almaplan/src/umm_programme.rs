//! The mobile units as a programme in a run: PI 2.2 beside the published figure and the
//! multi-year plan, as headline indicators, output files and a report section.

use std::fmt::Write as _;
use std::path::Path;

use crate::headline::{thousands, Better, Indicator};
use crate::pipeline::{RoutesOutcome, RunResults};
use crate::report::{table_head, Lang};
use almaplan_core::domain::state;
use almaplan_core::error::Error;
use almaplan_core::lp::SolveStatus;
use almaplan_formats::load::Loaded;
use almaplan_formats::output::html_escape as esc;
use almaplan_formats::output::umm_programme::{multi_year_file, published_baseline};

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Headline figures: PI 2.2 now and, with a multi-year plan, the units it adds, the last year's
/// PI 2.2 and the MIP's status and gap.
pub fn indicators(o: &RoutesOutcome) -> Vec<Indicator> {
    let n = &o.pi22.national;
    let mut v = vec![Indicator::new(
        "routes.pi22_pct",
        "PI 2.2: población de responsabilidad de las UMM atendida en el año",
        "PI 2.2: mobile units' responsibility population attended in a year",
        (n.responsibility > 0).then(|| round1(100.0 * n.value())),
        "%",
        Some(Better::Higher),
    )];
    if let Some(m) = &o.multi_year {
        let status = match m.report.status {
            SolveStatus::Optimal => "Optimal",
            SolveStatus::GapLimit => "GapLimit",
            SolveStatus::TimeLimit => "TimeLimit",
        };
        let added: usize = m.years.iter().map(|y| y.new_units.len()).sum();
        let crews: usize = m.years.iter().map(|y| y.crews_completed.len()).sum();
        let last = m.years.last();
        for mut i in [
            Indicator::new(
                "routes.multi_year_units_added",
                "UMM adicionales en el plan multianual",
                "Additional mobile units in the multi-year plan",
                Some(added as f64),
                "UMM",
                Some(Better::Lower),
            ),
            Indicator::new(
                "routes.multi_year_crews_completed",
                "Tripulaciones completadas en el plan multianual",
                "Crews completed in the multi-year plan",
                Some(crews as f64),
                "UMM",
                None,
            ),
            Indicator::new(
                "routes.multi_year_last_pi22_pct",
                "PI 2.2 al final del plan multianual",
                "PI 2.2 at the end of the multi-year plan",
                last.map(|y| round1(100.0 * y.pi22)),
                "%",
                Some(Better::Higher),
            ),
        ] {
            i.status = Some(status.into());
            i.gap_pct = Some(100.0 * m.report.gap);
            v.push(i);
        }
    }
    v
}

/// Writes `pi_2_2_umm.csv`, the multi-year plan and the routes' files with the programme fields
/// in `resumen_umm.json`.
pub fn write(dir: &Path, o: &RoutesOutcome, l: &Loaded, day_start_hour: f64) -> Result<(), Error> {
    let extra = almaplan_formats::output::umm_programme::write(dir, &o.plan, &l.network, &o.pi22, o.multi_year.as_ref(), &l.pi22_targets)?;
    almaplan_formats::output::routes::write_all_with(dir, &o.plan, &l.network, &o.dates, day_start_hour, o.seconds, extra)
}

/// The report's section «Unidades médicas móviles como programa»: PI 2.2 per state beside the
/// published 55%, what differs, and the multi-year path against the targets.
pub fn report_section(h: &mut String, lang: Lang, r: &RunResults) {
    let Some(o) = &r.routes else { return };
    let es = lang == Lang::Es;
    let t = |a: &'static str, b: &'static str| if es { a } else { b };
    let baseline = published_baseline(&r.loaded.pi22_targets);
    let n = &o.pi22.national;
    let _ = writeln!(h, "<section id=\"umm-programa\"><h2>{}</h2>", t("Unidades médicas móviles: PI 2.2", "Mobile medical units: PI 2.2"));
    let _ = writeln!(
        h,
        "<p>{} <b>{:.1} %</b> ({} {} {}). {} <b>{:.1} %</b> (942,061 {} 1,723,631).</p>",
        t("Según este plan, las UMM atienden en un año al", "By this plan, the mobile units attend in a year"),
        100.0 * n.value(),
        thousands(n.attended as f64, 0),
        t("de", "of"),
        thousands(n.responsibility as f64, 0),
        t(
            "La cifra publicada para 2024 (Programa Institucional, indicador 2.2) es",
            "The published 2024 figure (Programa Institucional, indicator 2.2) is"
        ),
        100.0 * baseline,
        t("de", "of"),
    );
    let _ = writeln!(
        h,
        "<p class=\"nota\">{}</p>",
        t(
            "Por qué difieren: la población de responsabilidad aquí es la de las localidades que este plan asigna a cada UMM (personas sin seguridad social de las localidades candidatas que alguna UMM alcanza), no el padrón del Informe Gerencial; las personas atendidas se estiman como visitas al año × personas atendidas por visita (parámetro attended_per_visit), no se cuentan en registros. Con datos de localidades de 1,000 o más habitantes, las localidades típicas de las UMM no se ven y la cifra no es comparable.",
            "Why they differ: the responsibility population here is that of the localities this plan assigns to each unit (people without social security in candidate localities some unit reaches), not the Informe Gerencial's register; people attended are estimated as visits a year × people attended per visit (parameter attended_per_visit), not counted in records. With locality data of 1,000+ inhabitants only, the units' typical localities are invisible and the figure is not comparable."
        )
    );
    if !o.plan.states_without_small_localities.is_empty() {
        let names: Vec<String> =
            o.plan.states_without_small_localities.iter().map(|s| state::name(*s).unwrap_or("?").to_string()).collect();
        let _ = writeln!(
            h,
            "<p class=\"aviso\">{} {}</p>",
            t(
                "Sin localidades de menos de 1,000 habitantes en los datos (cobertura no medible):",
                "No localities under 1,000 people in the data (coverage not measurable):"
            ),
            esc(&names.join(", "))
        );
    }
    let _ = writeln!(
        h,
        "<table class=\"ordenable\" id=\"pi22-entidades\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>PI 2.2 (%)</th></tr></thead><tbody>",
        t("Entidad", "State"),
        t("Localidades de responsabilidad", "Responsibility localities"),
        t("Población de responsabilidad", "Responsibility population"),
        t("Personas atendidas al año", "People attended a year"),
    );
    for (s, row) in &o.pi22.states {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td><td data-v=\"{:.1}\">{:.1}</td></tr>",
            esc(state::name(*s).unwrap_or("?")),
            row.localities,
            thousands(row.localities as f64, 0),
            row.responsibility,
            thousands(row.responsibility as f64, 0),
            row.attended,
            thousands(row.attended as f64, 0),
            100.0 * row.value(),
            100.0 * row.value()
        );
    }
    let _ = writeln!(h, "</tbody></table>");
    if let Some(m) = &o.multi_year {
        let _ = writeln!(
            h,
            "<h3>{}</h3><p class=\"nota\">{} <code>{}</code>. {}</p>",
            t("Camino a la meta de 2030", "Path to the 2030 target"),
            if m.budgeted {
                t(
                    "Con el presupuesto anual dado, el camino que atiende a más personas; el detalle está en",
                    "Under the given yearly budget, the path attending the most people; details in",
                )
            } else {
                t(
                    "El camino de menor costo para cumplir la meta de cada año; el detalle está en",
                    "The least-cost path meeting each year's target; details in",
                )
            },
            esc(&multi_year_file(m)),
            t(
                "Costos en UMM-año (una UMM adicional un año = 1; completar una tripulación un año = crew_completion_cost).",
                "Costs in UMM-years (one additional unit for a year = 1; completing a crew for a year = crew_completion_cost)."
            )
        );
        table_head(
            h,
            "umm-multianual",
            None,
            &[
                t("Año", "Year"),
                t("Meta (%)", "Target (%)"),
                t("PI 2.2 del plan (%)", "Plan's PI 2.2 (%)"),
                t("UMM nuevas", "New units"),
                t("Tripulaciones completadas", "Crews completed"),
                t("Costo (UMM-año)", "Cost (UMM-years)"),
                t("¿Meta cumplida?", "Target met?"),
            ],
        );
        for y in &m.years {
            let met = y.target_met(m.responsibility);
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{:.1}</td><td>{:.1}</td><td>{}</td><td>{}</td><td>{:.2}</td><td>{}</td></tr>",
                y.year,
                100.0 * y.target,
                100.0 * y.pi22,
                y.new_units.len(),
                y.crews_completed.len(),
                y.cost,
                if met {
                    t("sí", "yes")
                } else {
                    t("no: fuera de alcance con las bases candidatas", "no: out of reach with the candidate bases")
                }
            );
        }
        let _ = writeln!(h, "</tbody></table>");
        let max_pct = if m.responsibility > 0 { 100.0 * m.max_attended as f64 / m.responsibility as f64 } else { 0.0 };
        let _ = writeln!(
            h,
            "<p class=\"nota\">{} {:.1} %. {}</p>",
            t(
                "Lo más que se alcanza abriendo todas las bases candidatas y completando todas las tripulaciones:",
                "The most reachable opening every candidate base and completing every crew:"
            ),
            max_pct,
            t(
                "Por encima de eso, la meta necesita más visitas por localidad o más personas atendidas por visita, no más UMM.",
                "Beyond that, the target needs more visits per locality or more people per visit, not more units."
            )
        );
    }
    regions_section(h, lang, r);
    let _ = writeln!(h, "</section>");
}

/// Console lines of `almaplan routes`: PI 2.2 beside the published figure, the warnings about
/// locality data, and the multi-year path.
pub fn print(l: &Loaded, o: &RoutesOutcome) {
    let n = &o.pi22.national;
    println!(
        "PI 2.2 (personas atendidas al año ÷ población de responsabilidad de las UMM): {:.1} % ({} de {}); publicado 2024: {:.1} % (942,061 de 1,723,631)",
        100.0 * n.value(),
        thousands(n.attended as f64, 0),
        thousands(n.responsibility as f64, 0),
        100.0 * published_baseline(&l.pi22_targets)
    );
    let incomplete = o.plan.crew_complete.iter().filter(|c| !**c).count();
    if incomplete > 0 {
        println!("UMM sin tripulación completa (no salen): {incomplete} de {}", o.plan.units.len());
    }
    if !o.plan.states_without_small_localities.is_empty() {
        let names: Vec<&str> = o.plan.states_without_small_localities.iter().map(|s| state::name(*s).unwrap_or("?")).collect();
        eprintln!(
            "aviso: sin localidades de menos de 1,000 habitantes en los datos de {} entidad(es) ({}): las localidades típicas de las UMM no se ven ahí; nombre un ITER o AGEEML de cada entidad en [data] localities",
            names.len(),
            names.join(", ")
        );
    }
    if let Some(m) = &o.multi_year {
        println!(
            "Plan multianual ({}): {} {}, objetivo {:.2}, cota {:.2}, brecha {:.2} %, {:.1} s",
            multi_year_file(m),
            if m.budgeted { "mejor camino con el presupuesto" } else { "menor costo a las metas" },
            m.report.status.label(),
            m.report.objective,
            m.report.bound,
            100.0 * m.report.gap,
            m.report.seconds
        );
        for y in &m.years {
            println!(
                "  {}: meta {:.1} %, plan {:.1} %{}; {} UMM nuevas ({} en servicio), {} tripulaciones completadas",
                y.year,
                100.0 * y.target,
                100.0 * y.pi22,
                if y.target_met(m.responsibility) { "" } else { " (meta fuera de alcance)" },
                y.new_units.len(),
                y.units_in_service,
                y.crews_completed.len()
            );
        }
    }
}

/// Priority regions beside the plan: the published Tren Maya units by state (`[data]
/// tren_maya_umm`) and the Interoceanic Corridor (`umm_corredor_interoceanico` of the national
/// figures), with the plan's units and covered localities in the same states.
pub fn regions_section(h: &mut String, lang: Lang, r: &RunResults) {
    let Some(o) = &r.routes else { return };
    let l = &r.loaded;
    let es = lang == Lang::Es;
    let t = |a: &'static str, b: &'static str| if es { a } else { b };
    // The file's states that the scenario plans (it has units there).
    let states: Vec<u8> = l.tren_maya.keys().copied().filter(|s| l.network.units.iter().any(|u| u.state == *s)).collect();
    let corridor = l.national.get("umm_corredor_interoceanico");
    if states.is_empty() && corridor.is_none() {
        return;
    }
    let _ = writeln!(
        h,
        "<h3>{}</h3><p class=\"nota\">{}</p>",
        t("Regiones prioritarias: cifras publicadas y el plan", "Priority regions: published figures and the plan"),
        t(
            "Lo publicado cuenta sólo las UMM de la región (Tren Maya, Corredor Interoceánico); el plan cuenta todas las UMM en operación de la entidad y las localidades candidatas que cubren. Para que el plan mida la región, marque sus localidades o municipios en [routes] priorities.",
            "The published figures count only the region's units (Tren Maya, Interoceanic Corridor); the plan counts every unit in operation in the state and the candidate localities they cover. For the plan to measure the region, flag its localities or municipalities in [routes] priorities."
        )
    );
    if !states.is_empty() {
        table_head(
            h,
            "umm-tren-maya",
            None,
            &[
                t("Entidad", "State"),
                t("UMM Tren Maya (publicado)", "Tren Maya units (published)"),
                t("Localidades atendidas (publicado)", "Localities attended (published)"),
                t("Población beneficiada (publicado)", "People benefited (published)"),
                t("UMM en operación (plan)", "Units in operation (plan)"),
                t("UMM que salen (plan)", "Units rolling (plan)"),
                t("Localidades cubiertas (plan)", "Localities covered (plan)"),
            ],
        );
        for s in states {
            let f = l.tren_maya[&s];
            let (units, rolling, covered) = plan_units(o, l, s);
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(state::name(s).unwrap_or("?")),
                f.units,
                thousands(f.localities as f64, 0),
                thousands(f.population as f64, 0),
                units,
                rolling,
                thousands(covered as f64, 0)
            );
        }
        let _ = writeln!(h, "</tbody></table>");
    }
    if let Some(c) = corridor {
        let _ = writeln!(
            h,
            "<p>{} {} {} ({}: {}).</p>",
            t("Corredor Interoceánico (publicado):", "Interoceanic Corridor (published):"),
            esc(&c.value),
            esc(&c.unit),
            t("fuente", "source"),
            esc(&c.source)
        );
    }
}

/// Units in operation, units rolling and candidate localities covered in state `s`.
fn plan_units(o: &RoutesOutcome, l: &Loaded, s: u8) -> (usize, usize, usize) {
    let units = o.plan.units.iter().filter(|&&u| l.network.units[u].state == s).count();
    let rolling = o.plan.units.iter().zip(&o.plan.crew_complete).filter(|(&u, c)| **c && l.network.units[u].state == s).count();
    let covered = (0..o.plan.candidates.len())
        .filter(|&c| o.plan.covered_by[c].is_some() && l.network.localities[o.plan.candidates[c].locality].state == s)
        .count();
    (units, rolling, covered)
}
