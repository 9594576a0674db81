//! The report's Comando Alma-Ata blocks beyond the calendar: teams and people per state (brigades
//! from the zonal supervision teams, what the deadline needs, loans), field tracking (Tabla 7 and
//! 8, planned vs actual) and Tabla 10 beside the catalogue.

use std::fmt::Write as _;

use super::{esc, state_name, table_head, Tr};
use almaplan_core::planners::waves::WavesPlan;

/// Writes the blocks that apply to `plan` (none without a supply, tracking or Tabla 10).
pub(super) fn section(h: &mut String, tr: &Tr, plan: &WavesPlan) {
    let pactos = plan.states.iter().flat_map(|s| &s.zones).filter(|z| z.pacto.is_some()).count();
    if pactos > 0 {
        let _ = writeln!(
            h,
            "<p>{} {pactos} {}</p>",
            tr.t("Cada zona celebra su reunión del Pacto por la Salud en la sede después de su última visita y antes del envío de diagnósticos:", "Each zone holds its Pacto por la Salud meeting at the sede after its last visit and before the diagnostics are sent:"),
            tr.t("reuniones (fechas y asistentes en pactos.csv).", "meetings (dates and attendees in pactos.csv).")
        );
    }
    if let Some(sup) = &plan.supply {
        let _ = writeln!(h, "<h3>{}</h3>", tr.t("Equipos y personas por entidad", "Teams and people per state"));
        let late_anyway: Vec<String> = sup.states.iter().filter(|s| !s.on_time_needed).map(|s| state_name(s.state)).collect();
        let _ = writeln!(
            h,
            "<p>{} {}</p>",
            tr.t(
                "Las brigadas salen de los equipos de supervisión zonal de cada entidad. «Para la fecha límite» son los equipos (y personas) con los que la entidad termina a tiempo; si le faltan, los pide prestados a la entidad más cercana con equipos de sobra, o a la bolsa común.",
                "Brigades come from each state's zonal supervision teams. «For the deadline» is the teams (and people) with which the state finishes on time; when it lacks some it borrows them from the nearest state with spare teams, or from the shared pool."
            ),
            if late_anyway.is_empty() {
                String::new()
            } else {
                format!(
                    "{} {}.",
                    tr.t("Aun con una brigada por zona no llegan a tiempo (se muestra la fecha alcanzable):", "Even with one brigade per zone these are late (the reachable date is shown):"),
                    esc(&late_anyway.join(", "))
                )
            }
        );
        table_head(
            h,
            "equipos",
            Some("ordenable"),
            &[
                tr.t("entidad", "state"),
                tr.t("equipos de supervisión zonal", "zonal supervision teams"),
                tr.t("brigadas propias", "own brigades"),
                tr.t("en campo", "in the field"),
                tr.t("diagnósticos con lo que hay", "diagnostics with what exists"),
                tr.t("equipos para la fecha límite", "teams for the deadline"),
                tr.t("personas", "people"),
                tr.t("por pedir prestados", "to borrow"),
                tr.t("diagnósticos con esos equipos", "diagnostics with those teams"),
            ],
        );
        let per_brigade: u32 = sup.composition.values().sum();
        for s in &sup.states {
            let _ = writeln!(
                h,
                "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                if s.on_time_needed { "" } else { " class=\"tarde\"" },
                esc(&state_name(s.state)),
                s.teams.map(|t| t.to_string()).unwrap_or_default(),
                s.own,
                s.fielded,
                tr.date(s.diagnostics),
                s.needed,
                s.needed * per_brigade,
                s.borrow.max(s.borrowed_in_plan),
                tr.date(s.diagnostics_needed)
            );
        }
        let _ = writeln!(h, "</tbody></table>");
        if !sup.loans.is_empty() {
            let _ = writeln!(h, "<ul>");
            for l in &sup.loans {
                let from = l
                    .from
                    .map_or_else(|| tr.t("la bolsa común (equipos por formar)", "the shared pool (teams to form)").to_string(), state_name);
                let _ = writeln!(
                    h,
                    "<li>{}: {} {} {}</li>",
                    esc(&state_name(l.to)),
                    l.brigades,
                    tr.t("brigada(s) de", "brigade(s) from"),
                    esc(&from)
                );
            }
            let _ = writeln!(h, "</ul>");
        }
    }
    if let Some(t) = &plan.tracking {
        let _ =
            writeln!(h, "<h3 id=\"seguimiento\">{}</h3>", tr.t("Seguimiento en campo (Tablas 7 y 8)", "Field tracking (Tables 7 and 8)"));
        let _ = writeln!(
            h,
            "<p>{} {}. {}</p>",
            tr.t("Avance real frente al planeado a la fecha de corte", "Actual progress against the plan at the cut date"),
            t.as_of.map(|d| tr.date(d)).unwrap_or_default(),
            if t.behind.is_empty() {
                tr.t("Ninguna entidad va atrasada más de 10 puntos.", "No state is more than 10 points behind.").to_string()
            } else {
                format!(
                    "{} {}",
                    tr.t(
                        "Atrasadas más de 10 puntos (su re-plan de recuperación, abajo):",
                        "More than 10 points behind (their recovery re-plan, below):"
                    ),
                    esc(&t.behind.iter().map(|&s| state_name(s)).collect::<Vec<_>>().join(", "))
                )
            }
        );
        table_head(
            h,
            "seguimiento-tabla",
            Some("ordenable"),
            &[
                tr.t("entidad", "state"),
                tr.t("% visitadas planeado", "% visited planned"),
                tr.t("% visitadas (T7)", "% visited (T7)"),
                tr.t("% diagnósticos completos (T7, T8)", "% complete diagnoses (T7, T8)"),
                tr.t("% equipos completos en campo (T7)", "% complete teams in the field (T7)"),
                tr.t("% con Pacto (T8)", "% with a Pacto (T8)"),
                tr.t("% con agenda (T8)", "% with an agenda (T8)"),
                tr.t("atrasada", "behind"),
            ],
        );
        for r in t.rows.iter().filter(|r| r.zone.is_none()).chain(std::iter::once(&t.national)) {
            let name = if std::ptr::eq(r, &t.national) { tr.t("Total", "Total").to_string() } else { state_name(r.state) };
            let _ = writeln!(
                h,
                "<tr{}><td>{}</td><td>{:.1}</td><td>{:.1}</td><td>{:.1}</td><td>{}</td><td>{:.1}</td><td>{:.1}</td><td>{}</td></tr>",
                if r.behind { " class=\"tarde\"" } else { "" },
                esc(&name),
                r.planned_visited_pct,
                r.t7_visited_pct,
                r.t7_diagnoses_pct,
                r.t7_teams_pct.map(|p| format!("{p:.1}")).unwrap_or_default(),
                r.t8_pacto_pct,
                r.t8_agenda_pct,
                if r.behind { tr.t("sí", "yes") } else { tr.t("no", "no") }
            );
        }
        let _ = writeln!(h, "</tbody></table>");
        if let Some(rec) = &plan.recovery {
            let _ = writeln!(
                h,
                "<p id=\"recuperacion\">{} {} ({} {}; recuperacion.csv):</p><ul>",
                tr.t("Re-plan de las entidades atrasadas desde el", "Re-plan of the states behind from"),
                tr.date(rec.from),
                tr.t("fecha límite", "deadline"),
                tr.date(rec.deadline)
            );
            for r in &rec.states {
                let lenders: Vec<String> = rec
                    .loans
                    .iter()
                    .filter(|l| l.to == r.state)
                    .map(|l| {
                        format!(
                            "{} {}",
                            l.brigades,
                            l.from.map(state_name).unwrap_or_else(|| tr.t("bolsa compartida", "shared pool").to_string())
                        )
                    })
                    .collect();
                let answer = if r.on_time_with_own {
                    tr.t("a tiempo con lo que tiene", "on time with what it has").to_string()
                } else if r.on_time_needed {
                    format!(
                        "{} {} {}{} ({}), {} {}",
                        tr.t("recupera la fecha límite con", "recovers the deadline with"),
                        r.needed,
                        tr.t("brigadas", "brigades"),
                        r.needed_teams.map(|t| format!(" = {t} {}", tr.t("equipos", "teams"))).unwrap_or_default(),
                        r.needed_people.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", "),
                        tr.t("diagnósticos el", "diagnostics on"),
                        tr.date(r.diagnostics_needed)
                    )
                } else {
                    format!(
                        "{} {}",
                        tr.t(
                            "ni con una brigada por zona llega; fecha alcanzable",
                            "not even one brigade per zone makes it; date reachable"
                        ),
                        tr.date(r.diagnostics_needed)
                    )
                };
                let _ = writeln!(
                    h,
                    "<li>{}: {} {}, {} {}; {} {} {}: {} {}. {}{}</li>",
                    esc(&state_name(r.state)),
                    r.visited,
                    tr.t("unidades visitadas al corte", "units visited by the cut"),
                    r.remaining,
                    tr.t("restantes", "left"),
                    tr.t("con sus", "with its"),
                    r.own,
                    tr.t("brigada(s)", "brigade(s)"),
                    tr.t("diagnósticos el", "diagnostics on"),
                    tr.date(r.diagnostics_with_own),
                    esc(&answer),
                    if lenders.is_empty() {
                        String::new()
                    } else {
                        format!("; {}: {}", tr.t("préstamos", "loans"), esc(&lenders.join(", ")))
                    }
                );
            }
            let _ = writeln!(h, "</ul>");
        }
    }
    if !plan.tabla10.is_empty() {
        let _ = writeln!(h, "<h3>{}</h3>", tr.t("Tabla 10 de la guía frente al catálogo", "The guide's Table 10 against the catalogue"));
        table_head(
            h,
            "tabla10",
            Some("ordenable"),
            &[
                tr.t("entidad", "state"),
                tr.t("unidades (Tabla 10)", "units (Table 10)"),
                tr.t("unidades (catálogo)", "units (catalogue)"),
                tr.t("diferencia", "difference"),
                tr.t("ZSM (Tabla 10)", "ZSM (Table 10)"),
                tr.t("zonas del plan", "plan zones"),
                tr.t("explicación", "explanation"),
            ],
        );
        for r in &plan.tabla10 {
            let why = match r.units_difference {
                0 => tr.t(&r.explanation, "same units as Table 10").to_string(),
                d if d < 0 => tr.t(&r.explanation, "fewer units in operation in the 2026 catalogue: units closed, merged or counted with another type since Table 10 (2025)").to_string(),
                _ => tr.t(&r.explanation, "more units in the 2026 catalogue: units opened or transferred after Table 10 (2025), or mobile units and UNEME it does not count").to_string(),
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:+}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&state_name(r.state)),
                r.published_units,
                r.catalogue_units,
                r.units_difference,
                r.published_zones.map(|z| z.to_string()).unwrap_or_default(),
                r.plan_zones,
                esc(&why)
            );
        }
        let published: u32 = plan.tabla10.iter().map(|r| r.published_units).sum();
        let catalogue: usize = plan.tabla10.iter().map(|r| r.catalogue_units).sum();
        let _ = writeln!(
            h,
            "</tbody></table><p>{} {published}, {} {catalogue}.</p>",
            tr.t("Total publicado", "Total published"),
            tr.t("catálogo", "catalogue")
        );
    }
}
