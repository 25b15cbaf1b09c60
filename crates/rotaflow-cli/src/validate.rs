//! `rotaflow validate DIR`.

use crate::args::ValidateArgs;
use rotaflow::formats::{has_clinic, read_clinic_dir, read_scenario_dir, DirSource};

pub fn run(a: &ValidateArgs) -> anyhow::Result<u8> {
    match read_scenario_dir(&a.dir) {
        Ok(s) => {
            // The clinic files (sessions.csv and the others) are checked when present.
            if has_clinic(&DirSource::new(&a.dir)) {
                match read_clinic_dir(&a.dir, &s) {
                    Ok(c) => crate::print_out(&format!(
                        "{}: clinic: {} weekly sessions{}, {} visit types, {} stages, {} appointment requests\n",
                        a.dir.display(),
                        c.sessions.len(),
                        match c.sessions.iter().filter(|x| x.staggered).count() {
                            0 => String::new(),
                            n => format!(" ({n} with staggered start times, arrivals = stagger)"),
                        },
                        c.visit_types.len(),
                        c.stages.len(),
                        c.requests.len()
                    ))?,
                    Err(errors) => {
                        return Ok(crate::report_problems(&a.dir.display().to_string(), &errors))
                    }
                }
            }
            crate::print_out(&format!(
                "{}: valid: {} from {} to {}, {} staff, {} shift types, {} contracts, {} cover entries, {} leave days, {} wishes, {} fixed shifts, {} fairness rules, {} pairing rules\n",
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
                s.fixed().len(),
                s.fairness().len(),
                s.pairings().len()
            ))?;
            let lines = rotaflow::supply(&s);
            if !lines.is_empty() {
                let mut text = String::from("hard cover against what the staff can work:\n");
                for l in &lines {
                    let mark = if l.is_short() { "SHORT" } else { "ok" };
                    text.push_str(&format!("  {mark:<5} {l}\n"));
                }
                let weeks = rotaflow::weekly_shortages(&s);
                if weeks.is_empty() {
                    text.push_str("  ok    every week on its own\n");
                }
                for l in &weeks {
                    text.push_str(&format!("  SHORT {l}\n"));
                }
                crate::print_out(&text)?;
            }
            Ok(0)
        }
        Err(errors) => Ok(crate::report_problems(
            &a.dir.display().to_string(),
            &errors,
        )),
    }
}
