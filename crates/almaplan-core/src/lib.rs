//! # almaplan-core
//!
//! The planning core of almaplan, the planning optimizer for Mexico's IMSS-BIENESTAR public health
//! service: weekend rosters that open first-level units seven days a week, the Comando Alma-Ata
//! rollout (medical service zones and the waves of brigades that visit them), and the routes of
//! the mobile medical units. It holds
//!
//! - the **domain** ([`domain`]): health units, localities, physicians, marginalisation, states and
//!   the working calendar, gathered in one [`Network`](domain::Network);
//! - the **territory** ([`territory`]): travel times and a spatial index for candidate pairs;
//! - the **LP/MIP layer** ([`lp`]): models over `good_lp` solved by HiGHS, each answer with its
//!   evidence;
//! - the **planners** and their parameters ([`planners`]), under one contract;
//! - progress reporting ([`progress`]), typed errors ([`error`]) and a synthetic network for
//!   demos and tests ([`synthetic`]).
//!
//! It never touches the file system, never prints and has no command line: `almaplan-formats`
//! reads the official files and the scenario and writes every output, `almaplan` runs the
//! pipeline, prints and draws progress. The dependency arrows are the architecture, and
//! `cargo tree -p almaplan-core` shows that this crate depends on neither of them:
//!
//! ```text
//! almaplan (CLI, pipeline, report, what-if) ──► almaplan-formats (readers, scenario, writers)
//!      │                                              │
//!      └──────────────────────────────► almaplan-core (domain, territory, LP, planners)
//!                                                     │
//!                                                     └──► almaplan-vrp (routing engine)
//! ```
//!
//! User-facing text (progress steps, labels, error messages meant for the user) is Spanish; code
//! and documentation are English. Domain words stay Spanish: CLUES, entidad, núcleo básico,
//! sede, brigada.
//!
//! ## Concepts
//!
//! **The network.** A [`Network`](domain::Network) holds every health establishment
//! ([`Unit`](domain::Unit), keyed by its CLUES), every locality where people live
//! ([`Locality`](domain::Locality), keyed by INEGI's CVEGEO) and every physician
//! ([`Physician`](domain::Physician), an anonymous id based at a unit). A fixed health centre is
//! sized in **núcleos básicos**: one general physician, two nurses and a promoter for about 3,000
//! people. Planners refer to units by their **index in [`Network::units`](domain::Network::units)**
//! (and to localities and physicians likewise), so a plan is read against the network it was
//! made from. States (entidades) are INEGI codes `1..=32` ([`domain::state`]).
//!
//! **Travel.** [`TravelTimes`](territory::TravelTimes) gives one-way minutes between two places:
//! great-circle km × circuity ÷ a speed that depends on the rural or urban stratum, unless the
//! user's matrix lists the pair. [`SpatialIndex`](territory::SpatialIndex) turns a time budget
//! into a radius, so candidate pairs (physician → unit, unit → hospital, base → locality) are
//! found without looking at all pairs: model size, not the API, is what costs.
//!
//! **The calendar.** [`WorkCalendar`](domain::WorkCalendar) says which days are worked:
//! Monday–Friday minus the mandatory rest days of the Ley Federal del Trabajo (LFT art. 74), the
//! scenario's non-working days and named blackouts. The roster opens units on the days others
//! rest and encodes the LFT: weekly rest day (art. 69), Sunday premium of 25% (art. 71), double
//! pay on a mandatory rest day worked (art. 75). The waves planner counts every duration in
//! working days.
//!
//! **Evidence.** Every LP/MIP is an [`LpModel`](lp::LpModel) solved with
//! [`SolveOptions`](lp::SolveOptions) (time limit, relative gap, threads, seed, watchdog) and
//! answers with a [`SolveReport`](lp::SolveReport): status (`Optimal`, `GapLimit`, `TimeLimit`),
//! objective, proven bound and relative gap. No figure leaves a planner without the evidence of
//! how good it is; an infeasible or unbounded model is an [`Error::Solver`] naming the model.
//!
//! **Gaps.** Each planner also says what it could *not* do, with the reason and what would close
//! it: unit-days the roster leaves uncovered (no physician within reach, physicians absent, or
//! their limits used up) and the weekend-contract hires that would cover them; units the
//! brigades reach after the deadline and the brigades that would make it; localities no mobile
//! unit reaches and the additional units that would.
//!
//! ## The planner contract
//!
//! Each planner in [`planners`] is a module with
//!
//! 1. a **request** struct holding everything it needs, borrowed (the network or its units, travel
//!    times, its parameters, solver options): build it with a struct literal, every field public;
//! 2. one function **`plan(&Request, &dyn Progress) -> Result<Plan, Error>`**;
//! 3. a **plan** value that implements [`planners::Plan`]: [`evidence()`](planners::Plan::evidence)
//!    sums its models' reports into an [`Evidence`](planners::Evidence) (worst status, summed
//!    objective and bound, largest gap; no status and no bound for a heuristic) and
//!    [`open_gaps()`](planners::Plan::open_gaps) counts what it leaves open.
//!
//! | planner | request | plan | solved by | open gaps |
//! |---|---|---|---|---|
//! | [`roster`] | [`RosterRequest`] | [`RosterPlan`] | LP/MIP per state (maximise weighted unit-days), hiring MIP | uncovered unit-days |
//! | [`zones`] | [`ZonesRequest`] | [`ZonesPlan`] | capacitated p-median per state (minimise travel minutes) | none |
//! | [`waves`] | [`WavesRequest`] | [`WavesPlan`] | itineraries and `P‖Cmax` MIPs (minimise working days) | units visited after the deadline |
//! | [`umm`] | [`UmmRequest`] | [`UmmPlan`] | periodic VRP per mobile unit (heuristic, `almaplan-vrp`) | localities not covered |
//! | [`supervision`] | [`SupervisionRequest`] | [`SupervisionPlan`] | units-to-teams MIP per zone (balance the monthly workload), tour heuristic per team and month | units without a monthly supervision visit |
//!
//! [`roster`]: planners::roster
//! [`RosterRequest`]: planners::roster::RosterRequest
//! [`RosterPlan`]: planners::roster::RosterPlan
//! [`zones`]: planners::zones
//! [`ZonesRequest`]: planners::zones::ZonesRequest
//! [`ZonesPlan`]: planners::zones::ZonesPlan
//! [`waves`]: planners::waves
//! [`WavesRequest`]: planners::waves::WavesRequest
//! [`WavesPlan`]: planners::waves::WavesPlan
//! [`umm`]: planners::umm
//! [`UmmRequest`]: planners::umm::UmmRequest
//! [`UmmPlan`]: planners::umm::UmmPlan
//! [`supervision`]: planners::supervision
//! [`SupervisionRequest`]: planners::supervision::SupervisionRequest
//! [`SupervisionPlan`]: planners::supervision::SupervisionPlan
//!
//! Each planner's parameters are a `serde` struct with the scenario's defaults
//! ([`RosterParams`](planners::roster::RosterParams) is `[roster]`,
//! [`ZonesParams`](planners::zones::ZonesParams) `[zones]`,
//! [`WavesParams`](planners::waves::WavesParams) `[waves]`,
//! [`RoutesParams`](planners::umm::RoutesParams) `[routes]`), so `Default::default()` is the
//! documented policy. Planners solve states in parallel (rayon, one HiGHS thread per model) and
//! report each finished step through [`progress::Progress`]: any `Fn(&ProgressEvent) + Sync`
//! closure is one, and [`progress::Silent`] discards them. They never print.
//!
//! ## Example
//!
//! Zone a synthetic state of 200 units into four medical service zones (ZSM), each coordinated by
//! a hospital and hosted by the unit nearest to the others (its sede), and read the evidence:
//!
//! ```
//! use almaplan_core::planners::zones::{self, ZoneCountSource, ZonesInput, ZonesParams, ZonesRequest};
//! use almaplan_core::planners::Plan;
//! use almaplan_core::progress::Silent;
//! use almaplan_core::synthetic::{generate, SyntheticSpec};
//! use almaplan_core::territory::TravelTimes;
//! use almaplan_core::lp::SolveOptions;
//!
//! // 200 made-up units, staff and localities inside Hidalgo (INEGI code 13); seed 7.
//! let network = generate(&SyntheticSpec { units: 200, states: 1 }, 7);
//!
//! // Four zones for state 13, as a scenario's `[zones] zones_per_state` would ask.
//! let input = ZonesInput { zone_counts: [(13, (4, ZoneCountSource::Scenario))].into(), ..Default::default() };
//! let request = ZonesRequest {
//!     units: &network.units,
//!     travel: &TravelTimes::default(),   // circuity 1.4, 35 km/h rural, 30 km/h urban
//!     params: &ZonesParams::default(),   // each zone within ±25% of the mean unit count
//!     input: &input,
//!     solver: &SolveOptions::default(),  // 60 s, relative gap 1e-4
//! };
//! let plan = zones::plan(&request, &Silent)?;
//!
//! // Every visited unit (first level, in operation, not a hospital) is in exactly one zone…
//! let visited = network.units.iter().filter(|u| zones::is_visited_unit(u)).count();
//! assert_eq!(plan.assignments.len(), visited);
//! assert_eq!(plan.zones.len(), 4);
//! // …whose host (sede) is one of its own units, indexed into `network.units`.
//! for zone in &plan.zones {
//!     assert!(zone.units.iter().any(|&k| network.units[k].clues == zone.sede));
//! }
//!
//! // The evidence: a minimisation of travel minutes, solved to within the requested gap.
//! let evidence = plan.evidence();
//! assert!(evidence.status.is_some());
//! let bound = evidence.bound.expect("the p-median proves a bound");
//! assert!(bound <= evidence.objective + 1e-6);
//! assert!(evidence.gap.unwrap() <= 1e-4);
//! assert_eq!(plan.open_gaps(), 0);
//! # Ok::<(), almaplan_core::Error>(())
//! ```
//!
//! The same shape serves every planner. A function that reports on any plan needs only the trait:
//!
//! ```
//! use almaplan_core::planners::Plan;
//!
//! fn headline<P: Plan>(plan: &P) -> String {
//!     let e = plan.evidence();
//!     let gap = e.gap.map_or("sin cota".to_string(), |g| format!("{:.2}%", 100.0 * g));
//!     format!("{}: objetivo {:.1}, brecha {gap}, {} pendientes", P::PLANNER, e.objective, plan.open_gaps())
//! }
//! # let network = almaplan_core::synthetic::generate(&almaplan_core::synthetic::SyntheticSpec { units: 60, states: 1 }, 1);
//! # let plan = almaplan_core::planners::roster::plan(&almaplan_core::planners::roster::RosterRequest {
//! #     network: &network,
//! #     travel: &Default::default(),
//! #     params: &Default::default(),
//! #     from: chrono::NaiveDate::from_ymd_opt(2026, 3, 7).unwrap(),
//! #     to: chrono::NaiveDate::from_ymd_opt(2026, 3, 8).unwrap(),
//! #     options: Default::default(),
//! #     targets: None,
//! #     previous: None,
//! #     absences: &[],
//! #     context: Default::default(),
//! # }, &almaplan_core::progress::Silent)?;
//! assert!(headline(&plan).starts_with("roster: objetivo"));
//! # Ok::<(), almaplan_core::Error>(())
//! ```
//!
//! The roster planner's module shows a weekend roster built the same way
//! ([`planners::roster`]).
//!
//! ## Units and conventions
//!
//! - Time on the road is **one-way minutes**; distances are great-circle **km**; a brigade's day
//!   and a visit's effort are minutes; calendars count **working days** (a week is five).
//! - Money is **pesos** (daily salaries, shift pay).
//! - A *share* is a fraction 0–1 (`own_opening_share`, `workload_tolerance`, `gap` in
//!   [`SolveReport`](lp::SolveReport) and [`Evidence`](planners::Evidence)); a field ending in
//!   `_pct` is a percent 0–100.
//! - Indices are positions in the vector they name (network units, a state's targets, a plan's
//!   candidates); outputs and orders are deterministic for the same input and seed.
//!
//! ## Where the models are described
//!
//! Each optimisation model is written out — sets, parameters, variables, constraints, objective
//! and defaults, with the names used in the code — in the repository's `models/` directory:
//! `models/territory.md` (travel times, candidates, calendar), `models/roster.md`,
//! `models/zones.md`, `models/waves.md`, `models/routes.md` and `models/supervision.md`; `models/README.md` gives the
//! solver conventions shared by all.
#![warn(missing_docs)]
// The compiler keeps the layer: no printing here (clippy.toml forbids file-system calls too).
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::dbg_macro)]

pub mod budget;
pub mod domain;
pub mod error;
pub mod lp;
pub mod planners;
pub mod progress;
pub mod synthetic;
pub mod territory;

pub use error::{Error, Result};
