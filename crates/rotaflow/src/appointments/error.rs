//! Errors of the appointment-template module.

use thiserror::Error;

/// Everything that can go wrong when building, evaluating or optimising a session template.
///
/// Every variant carries a readable message that says what is wrong and what to write
/// instead; the command-line front end prints it as it is.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum AppointmentError {
    /// A numeric parameter of the session model is out of range.
    #[error("invalid {name}: {value} ({expected})")]
    InvalidParameter {
        /// Name of the parameter, e.g. `no-show probability`.
        name: &'static str,
        /// The offending value as written.
        value: String,
        /// What a valid value looks like.
        expected: String,
    },
    /// A service-time specification could not be read.
    #[error("invalid service-time distribution '{spec}': {reason}; write one of exp:MEAN, det:MINUTES, gamma:MEAN:CV, lognormal:MEAN:CV or hist:MINUTES=WEIGHT,MINUTES=WEIGHT,...")]
    InvalidService {
        /// The specification as written.
        spec: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A schedule (patients per slot) could not be read or does not fit the session.
    #[error("invalid schedule: {0}")]
    InvalidSchedule(String),
    /// A list of arrival epochs does not fit the session.
    #[error("invalid arrival times: {0}")]
    InvalidArrivals(String),
    /// The requested evaluation method cannot handle the model.
    #[error("{0}")]
    UnsupportedMethod(String),
    /// A classic rule cannot be built with the given parameters.
    #[error("invalid rule: {0}")]
    InvalidRule(String),
    /// Text that does not read as the value asked for (objective weights, a method, a wait
    /// target); the message says what to write instead.
    #[error("{0}")]
    Unreadable(String),
}

/// Result type of the appointment-template module.
pub type Result<T> = std::result::Result<T, AppointmentError>;

impl AppointmentError {
    /// Shorthand for [`AppointmentError::InvalidParameter`].
    pub(crate) fn param(
        name: &'static str,
        value: impl ToString,
        expected: impl Into<String>,
    ) -> Self {
        AppointmentError::InvalidParameter {
            name,
            value: value.to_string(),
            expected: expected.into(),
        }
    }

    /// Shorthand for [`AppointmentError::InvalidService`].
    pub(crate) fn service(spec: &str, reason: impl Into<String>) -> Self {
        AppointmentError::InvalidService {
            spec: spec.to_string(),
            reason: reason.into(),
        }
    }
}
