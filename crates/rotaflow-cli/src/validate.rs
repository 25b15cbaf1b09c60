//! `rotaflow validate DIR`.

use crate::args::ValidateArgs;
use rotaflow::formats::read_scenario_dir;

pub fn run(a: &ValidateArgs) -> anyhow::Result<u8> {
    match read_scenario_dir(&a.dir) {
        Ok(s) => {
            crate::print_out(&format!(
                "{}: valid: {} from {} to {}, {} staff, {} shift types, {} contracts, {} cover entries, {} leave days, {} wishes, {} fixed shifts\n",
                a.dir.display(),
                s.name(),
                s.horizon().start,
                s.horizon().end(),
                s.staff().len(),
                s.shifts().len(),
                s.contracts().len(),
                s.cover().len(),
                s.leave().len(),
                s.requests().len(),
                s.fixed().len()
            ))?;
            Ok(0)
        }
        Err(errors) => Ok(crate::report_problems(
            &a.dir.display().to_string(),
            &errors,
        )),
    }
}
