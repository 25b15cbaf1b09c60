//! How much work a session is given against its length: an overbooked session (more
//! expected consultation minutes than the session has) ends in overtime whatever the
//! template, and the optimiser then piles the surplus patients into the last slot.

use super::SessionModel;

/// The expected work of a session against its length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SessionLoad {
    /// Patients x mean service minutes (everyone booked comes).
    pub booked_minutes: f64,
    /// Expected minutes of work: patients who come x mean service, plus the expected
    /// emergencies over the session x their mean service.
    pub expected_minutes: f64,
    /// The session's length in minutes.
    pub session_minutes: f64,
}

impl SessionLoad {
    /// Expected minutes of work beyond the session's length (`None` when it fits).
    pub fn excess(&self) -> Option<f64> {
        let over = self.expected_minutes - self.session_minutes;
        (over > 1e-9).then_some(over)
    }
}

impl SessionModel {
    /// The session's expected work against its length (see [`SessionLoad`]).
    pub fn load(&self) -> SessionLoad {
        let mean = self.service.mean();
        let session = self.session_minutes();
        let emergencies = self.emergencies_per_hour * session / 60.0;
        SessionLoad {
            booked_minutes: f64::from(self.patients) * mean,
            expected_minutes: self.expected_shows() * mean
                + emergencies * self.emergency_service_distribution().mean(),
            session_minutes: session,
        }
    }

    /// Fewest slots of this session's length whose minutes hold the expected work.
    pub fn slots_for_load(&self) -> usize {
        let work = self.load().expected_minutes;
        (work / f64::from(self.slot_minutes.max(1)) - 1e-9)
            .ceil()
            .max(1.0) as usize
    }

    /// Most patients whose expected work fits the session (emergencies' work counted).
    pub fn patients_for_load(&self) -> u32 {
        let load = self.load();
        let per_patient = (1.0 - self.no_show) * self.service.mean();
        let room = load.session_minutes
            - (load.expected_minutes - self.expected_shows() * self.service.mean());
        if per_patient <= 0.0 {
            return self.patients;
        }
        (room / per_patient + 1e-9).floor().max(0.0) as u32
    }
}

#[cfg(test)]
mod tests {
    use crate::appointments::{ServiceDistribution, SessionModel};

    #[test]
    fn thirty_patients_of_twenty_minutes_overbook_four_hours() {
        let m = SessionModel::new(24, 10, 30, ServiceDistribution::Exponential { mean: 20.0 })
            .with_no_show(0.1);
        let load = m.load();
        assert_eq!(load.booked_minutes, 600.0);
        assert!((load.expected_minutes - 540.0).abs() < 1e-9);
        assert!((load.excess().unwrap() - 300.0).abs() < 1e-9);
        assert_eq!(m.slots_for_load(), 54);
        assert_eq!(m.patients_for_load(), 13);
        let fits = SessionModel::new(48, 5, 10, ServiceDistribution::Exponential { mean: 20.0 });
        assert_eq!(fits.load().excess(), None);
    }
}
