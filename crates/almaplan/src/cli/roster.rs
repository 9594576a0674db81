//! `almaplan roster` (plan the weekend roster) and `almaplan roster check` (check an edited one).

use std::path::Path;

use super::RosterArgs;
use crate::progress_view::ProgressView;
use almaplan_core::error::{Error, Location, Severity};
use almaplan_formats::load::Extras;
use almaplan_formats::scenario::LoadedScenario;

pub(super) fn roster(args: &RosterArgs, quiet: bool, progress: &ProgressView) -> Result<(), Error> {
    let path = args.scenario.as_deref().expect("clap requires the scenario");
    let s = LoadedScenario::from_file(path)?;
    let extras = Extras { previous_roster: args.previous.clone(), unavailable: args.unavailable.clone(), ..Extras::default() };
    let crate::pipeline::RosterRun { loaded: l, plan } = crate::pipeline::roster(&s, &extras, progress)?;
    almaplan_formats::output::roster::RosterOutput {
        network: &l.network,
        plan: &plan,
        figures: &l.figures,
        anonymise: args.anonimizar,
        scenario_name: &s.scenario.name,
    }
    .write_all(&args.out)?;
    let calendars = if args.calendarios {
        // The ids the roster files print: the staffing id, or M00001… with --anonimizar (as
        // `RosterOutput` numbers them).
        let ids: Vec<String> = if args.anonimizar {
            (1..=l.network.physicians.len()).map(|i| format!("M{i:05}")).collect()
        } else {
            l.network.physicians.iter().map(|p| p.id.clone()).collect()
        };
        let hours = almaplan_formats::output::roster_ics::ShiftHours::default();
        let dir = args.out.join("calendarios");
        almaplan_formats::output::roster_ics::write_physician_calendars(&dir, &l.network, &plan, &ids, &s.scenario.name, hours)?.len()
    } else {
        0
    };
    if !quiet {
        crate::present::print_roster_summary(&plan, &l);
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
    if violations.is_empty() {
        if !quiet {
            println!("{}: {} asignaciones, sin violaciones", roster.display(), rows.len());
        }
        return Ok(());
    }
    let problems = violations
        .iter()
        .map(|v| {
            Location { file: &roster.display().to_string(), row: Some(v.line), column: None }.problem(
                Severity::Error,
                v.rule,
                None,
                format!("{}: {}", v.rule, v.message),
            )
        })
        .collect();
    Err(Error::Input(problems))
}
