//! [`ClinicPlanner`]: the one entry point that books a month's appointments from a roster and
//! simulates its clinic days, the way `rotaflow appointments` does.

use super::book_flow::{simulate_book, BookFlow};
use super::booking::day_flow::{
    compare_days, day_flows, simulate_days, totals, DayComparison, DayFlow, DayKpis, FlowOptions,
    FlowTotals,
};
use super::booking::stagger_book::{
    bunched_plan, compare_stagger, has_staggered, stagger_plan, StaggerComparison,
};
use super::booking::{book, BookingOptions, BookingPlan, BookingResult, BookingWeights};
use super::clinic::Clinic;
use super::rebook::BookEntry;
use super::report::book_flow::BookFlowDocument;
use super::report::booking::PlanDocument;
use super::simulation::Punctuality;
use super::stagger::StaggerOptions;
use crate::model::Scenario;
use crate::roster::Roster;

/// Books a clinic's appointment requests into the sessions a roster runs
/// ([`ClinicPlanner::book`]) and simulates the patient flow of each clinic day with the staff
/// the roster puts on duty ([`ClinicPlanner::simulate`]).
///
/// [`ClinicPlanner::new`] starts from what `rotaflow appointments` does: the default booking
/// weights ([`BookingWeights::default`]), 20 replications per day, seed 1 and the default
/// punctuality ([`FlowOptions::default`]). Every setter returns the planner, so options chain:
///
/// ```
/// use rotaflow::appointments::ClinicPlanner;
/// use rotaflow::formats::{read_clinic_dir, read_roster_file, read_scenario_dir};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/examples/outpatient-clinic");
/// let scenario = read_scenario_dir(dir)?;
/// let clinic = read_clinic_dir(dir, &scenario)?;
/// let roster = read_roster_file(format!("{dir}/solutions/roster.csv"), &scenario)?;
///
/// let planner = ClinicPlanner::new(&scenario, &clinic, &roster).replications(2);
/// let plan = planner.book()?;
/// assert!(plan.appointments.len() > 300);
/// let flow = planner.simulate(&plan)?;
/// assert_eq!(flow.totals.booked, plan.appointments.len());
/// println!("mean wait {:?} minutes", flow.totals.mean_wait);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct ClinicPlanner<'a> {
    scenario: &'a Scenario,
    clinic: &'a Clinic,
    roster: &'a Roster,
    booking: BookingOptions,
    flow: FlowOptions,
    stagger: StaggerOptions,
}

impl<'a> ClinicPlanner<'a> {
    /// A planner for `clinic` (of `scenario`) with the staff of `roster`, with the defaults of
    /// `rotaflow appointments`.
    pub fn new(scenario: &'a Scenario, clinic: &'a Clinic, roster: &'a Roster) -> Self {
        ClinicPlanner {
            scenario,
            clinic,
            roster,
            booking: BookingOptions::default(),
            flow: FlowOptions::default(),
            stagger: StaggerOptions::default(),
        }
    }

    /// How the start times of staggered sessions are searched (grid, weights, evaluations
    /// per day; the replications and seed are the simulation's, see
    /// [`stagger_book`](super::booking::stagger_book)).
    pub fn stagger_options(mut self, options: StaggerOptions) -> Self {
        self.stagger = options;
        self
    }

    /// The weights of the booking objective (see [`booking`](super::booking)).
    pub fn weights(mut self, weights: BookingWeights) -> Self {
        self.booking.weights = weights;
        self
    }

    /// Simulated replications of each clinic day (at least 1).
    pub fn replications(mut self, replications: u32) -> Self {
        self.flow.replications = replications;
        self
    }

    /// Seed of the simulation; day `d` uses `seed + d`.
    pub fn seed(mut self, seed: u64) -> Self {
        self.flow.seed = seed;
        self
    }

    /// When patients arrive relative to the time they are asked to come, for visit types
    /// that do not say.
    pub fn punctuality(mut self, punctuality: Punctuality) -> Self {
        self.flow.punctuality = punctuality;
        self
    }

    /// The options the booking runs with.
    ///
    /// ```
    /// # use rotaflow::appointments::{ClinicBuilder, ClinicPlanner, ServiceDistribution};
    /// # use rotaflow::prelude::*;
    /// # use chrono::Weekday;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mut b = ScenarioBuilder::new("Elm", date(2027, 3, 1)?, 7);
    /// # b.shift("AM", "Morning", "08:00", "13:00")?;
    /// # let any = b.contract("ANY").add();
    /// # b.staff("DR01", any);
    /// # let scenario = b.build()?;
    /// # let clinic = ClinicBuilder::new(&scenario).build()?;
    /// # let roster = Roster::for_scenario(&scenario);
    /// use rotaflow::appointments::booking::BookingWeights;
    ///
    /// let weights: BookingWeights = "continuity=100,load=500".parse()?;
    /// let planner = ClinicPlanner::new(&scenario, &clinic, &roster).weights(weights);
    /// assert_eq!(planner.booking_options().weights.continuity, 100.0);
    /// assert_eq!(planner.booking_options().weights.unbooked, 1000.0); // the default kept
    /// # Ok(())
    /// # }
    /// ```
    pub fn booking_options(&self) -> BookingOptions {
        self.booking
    }

    /// The options the simulation runs with.
    ///
    /// ```
    /// # use rotaflow::appointments::{ClinicBuilder, ClinicPlanner, ServiceDistribution};
    /// # use rotaflow::prelude::*;
    /// # use chrono::Weekday;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mut b = ScenarioBuilder::new("Elm", date(2027, 3, 1)?, 7);
    /// # b.shift("AM", "Morning", "08:00", "13:00")?;
    /// # let any = b.contract("ANY").add();
    /// # b.staff("DR01", any);
    /// # let scenario = b.build()?;
    /// # let clinic = ClinicBuilder::new(&scenario).build()?;
    /// # let roster = Roster::for_scenario(&scenario);
    /// use rotaflow::appointments::simulation::Punctuality;
    ///
    /// let planner = ClinicPlanner::new(&scenario, &clinic, &roster);
    /// assert_eq!((planner.flow_options().replications, planner.flow_options().seed), (20, 1));
    /// let planner = planner.replications(50).seed(9).punctuality(Punctuality::Punctual);
    /// let o = planner.flow_options();
    /// assert_eq!((o.replications, o.seed, o.punctuality), (50, 9, Punctuality::Punctual));
    /// # Ok(())
    /// # }
    /// ```
    pub fn flow_options(&self) -> FlowOptions {
        self.flow
    }

    /// The month's booking plan: which sessions run, which request goes where and when, and
    /// why the others could not be booked ([`booking::book`](super::booking::book)).
    ///
    /// ```
    /// # use rotaflow::appointments::{ClinicBuilder, ClinicPlanner, ServiceDistribution};
    /// # use rotaflow::prelude::*;
    /// # use chrono::Weekday;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mut b = ScenarioBuilder::new("Elm", date(2027, 3, 1)?, 7);
    /// # let am = b.shift("AM", "Morning", "08:00", "13:00")?;
    /// # let dr = b.role("DR", "Doctor");
    /// # let any = b.contract("ANY").add();
    /// # let d1 = b.staff("DR01", any).roles(&[dr]).id();
    /// # let scenario = b.build()?;
    /// # let mut c = ClinicBuilder::new(&scenario);
    /// # c.visit_type("FU", "Follow-up", ServiceDistribution::Exponential { mean: 15.0 }, 0.1);
    /// # c.session("CARD", "DR01", Weekday::Mon, "AM", "08:30", "12:30").slot_minutes(15).room("R1");
    /// # c.request("P1", "CARD", "FU", date(2027, 3, 1)?, date(2027, 3, 5)?, 5);
    /// # let clinic = c.build()?;
    /// # let mut roster = Roster::for_scenario(&scenario);
    /// # roster.set(d1, 0, Some(am)); // DR01 works Monday morning: the session runs
    /// let plan = ClinicPlanner::new(&scenario, &clinic, &roster).book()?;
    /// assert_eq!((plan.runs.len(), plan.appointments.len()), (1, 1));
    /// assert_eq!(plan.appointments[0].minute, 8 * 60 + 30); // the first slot
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// The patients of staggered sessions (`arrivals` = `stagger`) then get start times
    /// chosen by simulation ([`stagger_plan`]), with the planner's replications and seed.
    pub fn book(&self) -> BookingResult<BookingPlan> {
        let plan = book(self.scenario, self.roster, self.clinic, &self.booking)?;
        if !has_staggered(self.clinic, &plan) {
            return Ok(plan);
        }
        stagger_plan(
            self.scenario,
            self.roster,
            self.clinic,
            &plan,
            &self.flow,
            &self.stagger,
        )
    }

    /// `plan` (from [`ClinicPlanner::book`]) against the same bookings with everyone of a
    /// staggered session starting at the session start, on the days with staggered sessions,
    /// with common random numbers: A = everyone at the start, B = `plan`.
    pub fn compare_stagger(&self, plan: &BookingPlan) -> BookingResult<StaggerComparison> {
        let bunched = bunched_plan(self.clinic, plan);
        compare_stagger(
            self.scenario,
            self.roster,
            self.clinic,
            &bunched,
            plan,
            &self.flow,
        )
    }

    /// Simulates an appointment book the clinic already has (its `book` entries, e.g. read by
    /// `formats::read_book`) with the staff of the roster, and its optimised book (the same
    /// patients in the same sessions, re-timed by the booking's timing rule), each clinic day
    /// of both with the same random numbers (see [`book_flow`](super::book_flow)).
    ///
    /// ```
    /// # use rotaflow::appointments::{ClinicBuilder, ClinicPlanner, ServiceDistribution};
    /// # use rotaflow::appointments::rebook::BookEntry;
    /// # use rotaflow::prelude::*;
    /// # use chrono::Weekday;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mut b = ScenarioBuilder::new("Elm", date(2027, 3, 1)?, 7);
    /// # let am = b.shift("AM", "Morning", "08:00", "13:00")?;
    /// # let dr = b.role("DR", "Doctor");
    /// # let any = b.contract("ANY").add();
    /// # let d1 = b.staff("DR01", any).roles(&[dr]).id();
    /// # let scenario = b.build()?;
    /// # let mut c = ClinicBuilder::new(&scenario);
    /// # c.visit_type("FU", "Follow-up", ServiceDistribution::Exponential { mean: 15.0 }, 0.1);
    /// # c.session("CARD", "DR01", Weekday::Mon, "AM", "08:30", "12:30").slot_minutes(15).room("R1");
    /// # let clinic = c.build()?;
    /// # let mut roster = Roster::for_scenario(&scenario);
    /// # roster.set(d1, 0, Some(am)); // DR01 works Monday morning: the session runs
    /// // Six patients all asked for 08:30 on Monday.
    /// let book: Vec<BookEntry> = (0..6)
    ///     .map(|i| BookEntry { patient: format!("P{i}"), day: 0, minute: 8 * 60 + 30,
    ///         doctor: d1, room: "R1".into(), clinic: "CARD".into(), visit_type: 0, urgency: 5 })
    ///     .collect();
    /// let flow = ClinicPlanner::new(&scenario, &clinic, &roster).simulate_book(&book)?;
    /// assert_eq!(flow.existing_flow.totals.booked, 6);
    /// assert!(flow.moved() > 0); // the optimised book spreads them
    /// let day = &flow.comparison[0];
    /// assert!(day.a.mean_wait_from_appointment_booked.unwrap().mean
    ///     > day.b.mean_wait_from_appointment_booked.unwrap().mean);
    /// # Ok(())
    /// # }
    /// ```
    pub fn simulate_book(&self, book: &[BookEntry]) -> BookingResult<BookFlow> {
        simulate_book(
            self.scenario,
            self.roster,
            self.clinic,
            book,
            &self.flow,
            &self.stagger,
        )
    }

    /// The documents of a simulated appointment book ([`ClinicPlanner::simulate_book`]): the
    /// summary, `book-flow.md` and `book-flow.json`; `book` and `roster` are the files as the
    /// reader knows them.
    pub fn book_document<'d>(
        &'d self,
        flow: &'d BookFlow,
        book: &'d str,
        roster: &'d str,
    ) -> BookFlowDocument<'d> {
        BookFlowDocument {
            scenario: self.scenario,
            flow,
            book,
            roster,
            options: self.flow,
        }
    }

    /// Simulates each clinic day of `plan` with the staff of the roster: the day models, their
    /// figures and the month's totals.
    ///
    /// ```
    /// # use rotaflow::appointments::{ClinicBuilder, ClinicPlanner, ServiceDistribution};
    /// # use rotaflow::prelude::*;
    /// # use chrono::Weekday;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mut b = ScenarioBuilder::new("Elm", date(2027, 3, 1)?, 7);
    /// # let am = b.shift("AM", "Morning", "08:00", "13:00")?;
    /// # let dr = b.role("DR", "Doctor");
    /// # let any = b.contract("ANY").add();
    /// # let d1 = b.staff("DR01", any).roles(&[dr]).id();
    /// # let scenario = b.build()?;
    /// # let mut c = ClinicBuilder::new(&scenario);
    /// # c.visit_type("FU", "Follow-up", ServiceDistribution::Exponential { mean: 15.0 }, 0.1);
    /// # c.session("CARD", "DR01", Weekday::Mon, "AM", "08:30", "12:30").slot_minutes(15).room("R1");
    /// # c.request("P1", "CARD", "FU", date(2027, 3, 1)?, date(2027, 3, 5)?, 5);
    /// # let clinic = c.build()?;
    /// # let mut roster = Roster::for_scenario(&scenario);
    /// # roster.set(d1, 0, Some(am)); // DR01 works Monday morning: the session runs
    /// let planner = ClinicPlanner::new(&scenario, &clinic, &roster).replications(5).seed(3);
    /// let plan = planner.book()?;
    /// let flow = planner.simulate(&plan)?;
    /// assert_eq!((flow.days.len(), flow.totals.booked), (1, 1));
    /// # Ok(())
    /// # }
    /// ```
    pub fn simulate(&self, plan: &BookingPlan) -> BookingResult<SimulatedFlow> {
        let flows = day_flows(self.scenario, self.roster, self.clinic, plan, &self.flow)?;
        let days = simulate_days(&flows, &self.flow)?;
        let totals = totals(&days);
        Ok(SimulatedFlow {
            flows,
            days,
            totals,
        })
    }

    /// Simulates the days of `plan` again with the staff of `other` (another roster of the
    /// same scenario) and compares them day by day with `simulated`, with common random
    /// numbers: the paired differences (this roster minus `other`).
    ///
    /// ```
    /// # use rotaflow::appointments::{ClinicBuilder, ClinicPlanner, ServiceDistribution};
    /// # use rotaflow::prelude::*;
    /// # use chrono::Weekday;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mut b = ScenarioBuilder::new("Elm", date(2027, 3, 1)?, 7);
    /// # let am = b.shift("AM", "Morning", "08:00", "13:00")?;
    /// # let dr = b.role("DR", "Doctor");
    /// # let any = b.contract("ANY").add();
    /// # let d1 = b.staff("DR01", any).roles(&[dr]).id();
    /// # let scenario = b.build()?;
    /// # let mut c = ClinicBuilder::new(&scenario);
    /// # c.visit_type("FU", "Follow-up", ServiceDistribution::Exponential { mean: 15.0 }, 0.1);
    /// # c.session("CARD", "DR01", Weekday::Mon, "AM", "08:30", "12:30").slot_minutes(15).room("R1");
    /// # c.request("P1", "CARD", "FU", date(2027, 3, 1)?, date(2027, 3, 5)?, 5);
    /// # let clinic = c.build()?;
    /// # let mut roster = Roster::for_scenario(&scenario);
    /// # roster.set(d1, 0, Some(am)); // DR01 works Monday morning: the session runs
    /// let planner = ClinicPlanner::new(&scenario, &clinic, &roster).replications(5);
    /// let plan = planner.book()?;
    /// let flow = planner.simulate(&plan)?;
    /// // The same staff: every difference is zero.
    /// let days = planner.compare(&plan, &flow, &roster)?;
    /// assert_eq!(days[0].difference.mean_wait_booked.map(|e| e.mean), Some(0.0));
    /// # Ok(())
    /// # }
    /// ```
    pub fn compare(
        &self,
        plan: &BookingPlan,
        simulated: &SimulatedFlow,
        other: &Roster,
    ) -> BookingResult<Vec<DayComparison>> {
        let other_flows = day_flows(self.scenario, other, self.clinic, plan, &self.flow)?;
        compare_days(&simulated.flows, &other_flows, &self.flow)
    }

    /// The documents of `plan` and its simulated `flow` (`plan.md`, `flow.json`), naming the
    /// roster as `roster`; set [`PlanDocument::comparison`] to add a comparison.
    ///
    /// ```
    /// # use rotaflow::appointments::{ClinicBuilder, ClinicPlanner, ServiceDistribution};
    /// # use rotaflow::prelude::*;
    /// # use chrono::Weekday;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mut b = ScenarioBuilder::new("Elm", date(2027, 3, 1)?, 7);
    /// # let am = b.shift("AM", "Morning", "08:00", "13:00")?;
    /// # let dr = b.role("DR", "Doctor");
    /// # let any = b.contract("ANY").add();
    /// # let d1 = b.staff("DR01", any).roles(&[dr]).id();
    /// # let scenario = b.build()?;
    /// # let mut c = ClinicBuilder::new(&scenario);
    /// # c.visit_type("FU", "Follow-up", ServiceDistribution::Exponential { mean: 15.0 }, 0.1);
    /// # c.session("CARD", "DR01", Weekday::Mon, "AM", "08:30", "12:30").slot_minutes(15).room("R1");
    /// # c.request("P1", "CARD", "FU", date(2027, 3, 1)?, date(2027, 3, 5)?, 5);
    /// # let clinic = c.build()?;
    /// # let mut roster = Roster::for_scenario(&scenario);
    /// # roster.set(d1, 0, Some(am)); // DR01 works Monday morning: the session runs
    /// let planner = ClinicPlanner::new(&scenario, &clinic, &roster).replications(5);
    /// let plan = planner.book()?;
    /// let flow = planner.simulate(&plan)?;
    /// let doc = planner.document(&plan, &flow, "roster.csv");
    /// assert!(doc.markdown().contains("roster.csv"));
    /// assert!(doc.json()?.ends_with('\n'));
    /// # Ok(())
    /// # }
    /// ```
    pub fn document<'d>(
        &'d self,
        plan: &'d BookingPlan,
        flow: &'d SimulatedFlow,
        roster: &'d str,
    ) -> PlanDocument<'d> {
        PlanDocument {
            scenario: self.scenario,
            clinic: self.clinic,
            plan,
            kpis: &flow.days,
            totals: &flow.totals,
            roster,
            comparison: None,
            compare_roster: None,
            seed: self.flow.seed,
            replications: self.flow.replications,
        }
    }
}

/// The simulated patient flow of a booking plan ([`ClinicPlanner::simulate`]).
///
/// ```
/// # use rotaflow::appointments::{ClinicBuilder, ClinicPlanner, ServiceDistribution};
/// # use rotaflow::prelude::*;
/// # use chrono::Weekday;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let mut b = ScenarioBuilder::new("Elm", date(2027, 3, 1)?, 7);
/// # let am = b.shift("AM", "Morning", "08:00", "13:00")?;
/// # let dr = b.role("DR", "Doctor");
/// # let any = b.contract("ANY").add();
/// # let d1 = b.staff("DR01", any).roles(&[dr]).id();
/// # let scenario = b.build()?;
/// # let mut c = ClinicBuilder::new(&scenario);
/// # c.visit_type("FU", "Follow-up", ServiceDistribution::Exponential { mean: 15.0 }, 0.1);
/// # c.session("CARD", "DR01", Weekday::Mon, "AM", "08:30", "12:30").slot_minutes(15).room("R1");
/// # c.request("P1", "CARD", "FU", date(2027, 3, 1)?, date(2027, 3, 5)?, 5);
/// # let clinic = c.build()?;
/// # let mut roster = Roster::for_scenario(&scenario);
/// # roster.set(d1, 0, Some(am)); // DR01 works Monday morning: the session runs
/// let planner = ClinicPlanner::new(&scenario, &clinic, &roster);
/// let flow = planner.simulate(&planner.book()?)?;
/// assert_eq!(flow.flows.len(), flow.days.len());
/// assert!(flow.totals.mean_wait.is_some());
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct SimulatedFlow {
    /// Each clinic day with appointments as a flow model, in day order.
    pub flows: Vec<DayFlow>,
    /// Each day's figures over the replications, in day order.
    pub days: Vec<DayKpis>,
    /// The month's figures.
    pub totals: FlowTotals,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::booking::tests::source;
    use crate::formats::{read_clinic, read_roster, read_scenario};

    #[test]
    fn the_planner_runs_what_the_functions_run() {
        let files = source(
            "P1,A,FU,2027-03-01,2027-03-05,routine,\nP2,A,NEW,2027-03-01,2027-03-05,routine,\n",
        );
        let scenario = read_scenario(&files).unwrap();
        let clinic = read_clinic(&files, &scenario).unwrap();
        let roster = read_roster(
            "date,staff,shift\n2027-03-01,D1,AM\n2027-03-01,C1,AM\n2027-03-03,D2,AM\n2027-03-03,C1,AM\n2027-03-03,N1,AM\n"
                .as_bytes(),
            "roster.csv",
            &scenario,
        )
        .unwrap();
        let planner = ClinicPlanner::new(&scenario, &clinic, &roster);
        assert_eq!(planner.booking_options(), BookingOptions::default());
        assert_eq!(planner.flow_options(), FlowOptions::default());
        let plan = planner.book().unwrap();
        assert_eq!(
            plan,
            book(&scenario, &roster, &clinic, &BookingOptions::default()).unwrap()
        );
        assert!(!plan.appointments.is_empty());
        let planner = planner.replications(3).seed(7);
        let flow = planner.simulate(&plan).unwrap();
        let options = FlowOptions {
            replications: 3,
            seed: 7,
            ..FlowOptions::default()
        };
        let flows = day_flows(&scenario, &roster, &clinic, &plan, &options).unwrap();
        let days = simulate_days(&flows, &options).unwrap();
        assert_eq!(flow.totals, totals(&days));
        assert_eq!((flow.flows, flow.days), (flows, days));
        // Against itself, every difference is zero.
        let flow = planner.simulate(&plan).unwrap();
        let same = planner.compare(&plan, &flow, &roster).unwrap();
        assert_eq!(same.len(), flow.days.len());
        let doc = planner.document(&plan, &flow, "roster.csv");
        assert_eq!((doc.seed, doc.replications), (7, 3));
        assert!(doc.markdown().contains("roster.csv"));
    }
}
