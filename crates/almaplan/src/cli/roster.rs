//! `almaplan roster` (plan the weekend roster) and `almaplan roster check` (check an edited one).

use std::path::Path;

use super::RosterArgs;
use crate::progress_view::ProgressView;
use almaplan_core::error::{Error, Location, Severity};
use almaplan_formats::load::Extras;
use almaplan_formats::scenario::LoadedScenario;

pub(super) fn roster(args: &RosterArgs, quiet: bool, progress: &ProgressView) -> Result<(), Error> {
    let path = args.scenario.as_deref().expect("clap requires the scenario");
    let mut s = LoadedScenario::from_file(path)?;
    s.scenario.solver.capture_model = args.escribir_modelo.is_some();
    let extras = Extras { previous_roster: args.previous.clone(), unavailable: args.unavailable.clone(), ..Extras::default() };
    let crate::pipeline::RosterRun { loaded: l, plan } = crate::pipeline::roster(&s, &extras, progress)?;
    let output = almaplan_formats::output::roster::RosterOutput {
        network: &l.network,
        plan: &plan,
        figures: &l.figures,
        anonymise: args.anonimizar,
        scenario_name: &s.scenario.name,
    };
    output.write_all(&args.out)?;
    let calendars = if args.calendarios {
        // The same ids the roster files print.
        let ids = output.physician_ids();
        let hours = almaplan_formats::output::roster_ics::ShiftHours::default();
        let dir = args.out.join("calendarios");
        almaplan_formats::output::roster_ics::write_physician_calendars(&dir, &l.network, &plan, &ids, &s.scenario.name, hours)?.len()
    } else {
        0
    };
    let models = match &args.escribir_modelo {
        Some(dir) => almaplan_formats::output::roster_models::write_roster_models(dir, &plan)?.len().saturating_sub(1),
        None => 0,
    };
    if !quiet {
        crate::present::print_roster_summary(&plan, &l);
        if let Some(dir) = &args.escribir_modelo {
            println!("Modelos MPS: {models} entidades en {} (modelos.csv: objetivo y cota de almaplan)", dir.display());
        }
        println!("Salidas en {}: rol_fin_de_semana.csv/.xlsx, cobertura_unidades.csv, carga_medicos.csv, brechas_fin_de_semana.csv, brechas_fin_de_semana_resumen.csv, contrataciones.csv, resumen_rol.json", args.out.display());
        if args.calendarios {
            println!("Calendarios por médico: {calendars} archivos en {}", args.out.join("calendarios").display());
        }
    }
    Ok(())
}

/// Exit status 1 with the list when the roster breaks rules; the error type carries it.
pub(super) fn check(scenario: &Path, roster: &Path, quiet: bool) -> Result<(), Error> {
    let s = LoadedScenario::from_file(scenario)?;
    let extras = Extras { roster_to_check: Some(roster.to_path_buf()), ..Extras::default() };
    let l = crate::pipeline::load(&s, &extras, &almaplan_core::progress::Silent)?;
    let rows = l.roster_to_check.as_deref().unwrap_or_default();
    let params = s.scenario.roster.clone().unwrap_or_default();
    let violations = almaplan_core::planners::roster::check::check(&l.network, &l.travel, &params, l.roster_targets.as_ref(), rows);
    if !quiet {
        // Every sheet read, so that an editor sees that none was skipped.
        let mut sheets: Vec<(&str, usize)> = Vec::new();
        for r in rows {
            match sheets.last_mut() {
                Some((s, n)) if *s == r.source => *n += 1,
                _ => sheets.push((&r.source, 1)),
            }
        }
        let detail = if sheets.len() > 1 {
            // `rol.xlsx[HIDALGO]` → `HIDALGO 1088`.
            let sheet = |s: &str| s.rsplit_once('[').map_or(s, |(_, t)| t.trim_end_matches(']')).to_string();
            format!(" (hojas: {})", sheets.iter().map(|(s, n)| format!("{} {n}", sheet(s))).collect::<Vec<_>>().join(", "))
        } else {
            String::new()
        };
        let locked = rows.iter().filter(|r| r.locked).count();
        let locked = if locked > 0 { format!(", {locked} fijas") } else { String::new() };
        let verdict = if violations.is_empty() { "sin violaciones".to_string() } else { format!("{} violaciones", violations.len()) };
        println!("{}: {} asignaciones leídas{detail}{locked}, {verdict}", roster.display(), rows.len());
    }
    if violations.is_empty() {
        return Ok(());
    }
    let problems = violations
        .iter()
        .map(|v| {
            Location { file: &v.source, row: Some(v.line), column: None }.problem(
                Severity::Error,
                v.rule,
                None,
                format!("{}: {}", v.rule, v.message),
            )
        })
        .collect();
    Err(Error::Input(problems))
}
