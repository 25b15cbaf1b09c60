//! `rotaflow template evaluate` with appointments not kept: reads the disruption flags and
//! simulates the template through the library (`appointments::simulate_template`).

use crate::args::DisruptionArgs;
use anyhow::{anyhow, bail, Result};
use rotaflow::appointments::simulation::{Lateness, Punctuality, QueueDiscipline};
use rotaflow::appointments::{
    simulate_arrivals, simulate_template, CurrentTemplate, Disruptions, SessionModel,
    SessionSimulation,
};

/// Simulated days when `--replications` is not given.
const DEFAULT_REPLICATIONS: u32 = 2000;

/// The disruptions the flags ask for, or `None` when none is given (and no `--simulate`).
pub fn disruptions(a: &DisruptionArgs) -> Result<Option<Disruptions>> {
    let asked = a.simulate
        || a.unpunctuality.is_some()
        || a.doctor_lateness.is_some()
        || a.cancel.is_some()
        || a.discipline.is_some()
        || a.replications.is_some()
        || a.seed.is_some();
    if !asked {
        return Ok(None);
    }
    let mut d = Disruptions::default();
    if let Some(t) = &a.unpunctuality {
        d.unpunctuality = t
            .parse::<Punctuality>()
            .map_err(|e| anyhow!("--unpunctuality: {e}"))?;
    }
    if let Some(t) = &a.doctor_lateness {
        d.doctor_lateness = Some(
            t.parse::<Lateness>()
                .map_err(|e| anyhow!("--doctor-lateness: {e}"))?,
        );
    }
    if let Some(p) = a.cancel {
        if !(p.is_finite() && (0.0..=1.0).contains(&p)) {
            bail!("--cancel: {p} is not a probability; give a number from 0 to 1, such as 0.05");
        }
        d.cancel = p;
    }
    if let Some(t) = &a.discipline {
        d.discipline = t
            .parse::<QueueDiscipline>()
            .map_err(|e| anyhow!("--discipline: {e}"))?;
    }
    Ok(Some(d))
}

/// Simulates the template (or the arrival times) of `model` under `d`.
pub fn simulate(
    model: &SessionModel,
    current: &CurrentTemplate,
    d: &Disruptions,
    a: &DisruptionArgs,
) -> Result<SessionSimulation> {
    // 1 or more: the flag's parser refuses 0.
    let replications = a.replications.unwrap_or(DEFAULT_REPLICATIONS);
    let seed = a.seed.unwrap_or(1);
    let sim = match current {
        CurrentTemplate::Slots(s) => simulate_template(model, s, d, replications, seed),
        CurrentTemplate::Arrivals(t) => simulate_arrivals(model, t, d, replications, seed),
    };
    sim.map_err(|e| anyhow!("simulating the template: {e}"))
}
