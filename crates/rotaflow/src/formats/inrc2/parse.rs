//! Reading the four kinds of INRC-II text file: scenario (`Sc-*.txt`), initial history
//! (`H0-*.txt`), week data (`WD-*.txt`) and a week of a solution (`Sol-*.txt`). Every problem
//! is reported with file, line and what was expected.

use super::{
    Assignment, Contract, History, Instance, Nurse, OffRequest, Requirement, ScenarioFile,
    ShiftType, Week,
};
use crate::formats::{FormatError, FormatErrors};
use std::io::Read;
use std::path::Path;

/// The names of the days of a week, as INRC-II writes them.
pub(super) const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The non-empty lines of a file, trimmed, with their line numbers; a cursor over them.
struct Lines {
    file: String,
    lines: Vec<(u64, String)>,
    at: usize,
}

impl Lines {
    fn read(mut reader: impl Read, file: &str) -> Result<Self, FormatErrors> {
        let mut text = String::new();
        reader.read_to_string(&mut text).map_err(|e| {
            FormatErrors::from(FormatError::file(
                file,
                format!("cannot read the file: {e}"),
            ))
        })?;
        let lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i as u64 + 1, l.trim().to_string()))
            .filter(|(_, l)| !l.is_empty())
            .collect();
        Ok(Self {
            file: file.to_string(),
            lines,
            at: 0,
        })
    }

    fn err(&self, line: u64, message: impl Into<String>) -> FormatError {
        FormatError::at(&self.file, line, None, message)
    }

    /// The next line, or an error naming what was expected at the end of the file.
    fn next(&mut self, what: &str) -> Result<(u64, Vec<String>), FormatError> {
        match self.lines.get(self.at) {
            Some((n, l)) => {
                self.at += 1;
                Ok((*n, l.split_whitespace().map(str::to_string).collect()))
            }
            None => Err(FormatError::file(
                &self.file,
                format!("the file ends where {what} was expected; is it complete?"),
            )),
        }
    }

    /// A line `KEY = value`, or `KEY` alone when `value` is not wanted.
    fn header(&mut self, key: &str) -> Result<(u64, Option<String>), FormatError> {
        let (n, t) = self.next(&format!("`{key}`"))?;
        if t.first().map(String::as_str) != Some(key) {
            return Err(self.err(n, format!("expected `{key}`, found `{}`", t.join(" "))));
        }
        let value = match t.as_slice() {
            [_] => None,
            [_, eq, v] if eq == "=" => Some(v.clone()),
            _ => return Err(self.err(n, format!("expected `{key} = N` or `{key}`"))),
        };
        Ok((n, value))
    }

    /// A line `KEY = N`.
    fn count(&mut self, key: &str) -> Result<usize, FormatError> {
        let (n, v) = self.header(key)?;
        let v = v.ok_or_else(|| self.err(n, format!("expected `{key} = N`")))?;
        v.parse()
            .map_err(|_| self.err(n, format!("`{v}` is not a whole number")))
    }

    fn at_end(&self) -> bool {
        self.at >= self.lines.len()
    }
}

fn uint(l: &Lines, n: u64, t: &str) -> Result<u32, FormatError> {
    t.parse()
        .map_err(|_| l.err(n, format!("`{t}` is not a whole number")))
}

/// `(a,b)`.
fn pair(l: &Lines, n: u64, t: &str) -> Result<(u32, u32), FormatError> {
    let bad = || l.err(n, format!("`{t}` is not a pair `(min,max)`"));
    let inner = t
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .ok_or_else(bad)?;
    let (a, b) = inner.split_once(',').ok_or_else(bad)?;
    Ok((
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    ))
}

fn index_of(
    l: &Lines,
    n: u64,
    names: &[String],
    t: &str,
    what: &str,
) -> Result<usize, FormatError> {
    names.iter().position(|x| x == t).ok_or_else(|| {
        l.err(
            n,
            format!("unknown {what} `{t}` (known: {})", names.join(", ")),
        )
    })
}

fn collect<T>(r: Result<T, FormatError>) -> Result<T, FormatErrors> {
    r.map_err(FormatErrors::from)
}

/// Reads a scenario file.
pub fn parse_scenario(reader: impl Read, file: &str) -> Result<ScenarioFile, FormatErrors> {
    let mut l = Lines::read(reader, file)?;
    collect(scenario(&mut l))
}

fn scenario(l: &mut Lines) -> Result<ScenarioFile, FormatError> {
    let (n, name) = l.header("SCENARIO")?;
    let name = name.ok_or_else(|| l.err(n, "expected `SCENARIO = name`"))?;
    let weeks = l.count("WEEKS")?;
    let mut skills = Vec::new();
    for _ in 0..l.count("SKILLS")? {
        let (_, t) = l.next("a skill")?;
        skills.push(t.join(" "));
    }
    let mut shifts = Vec::new();
    for _ in 0..l.count("SHIFT_TYPES")? {
        let (n, t) = l.next("a shift type")?;
        let [name, p] = t.as_slice() else {
            return Err(l.err(n, "expected `Name (min,max)`"));
        };
        let (min, max) = pair(l, n, p)?;
        shifts.push(ShiftType {
            name: name.clone(),
            min_consecutive: min,
            max_consecutive: max,
        });
    }
    let names: Vec<String> = shifts.iter().map(|s| s.name.clone()).collect();
    l.header("FORBIDDEN_SHIFT_TYPES_SUCCESSIONS")?;
    let mut forbidden = Vec::new();
    for _ in 0..shifts.len() {
        let (n, t) = l.next("a line of forbidden successions")?;
        if t.len() < 2 {
            return Err(l.err(n, "expected `Shift k next1 .. nextk`"));
        }
        let from = index_of(l, n, &names, &t[0], "shift type")?;
        let k = uint(l, n, &t[1])? as usize;
        if t.len() != 2 + k {
            return Err(l.err(n, format!("expected {k} shift types after the count")));
        }
        for x in &t[2..] {
            forbidden.push((from, index_of(l, n, &names, x, "shift type")?));
        }
    }
    let mut contracts = Vec::new();
    for _ in 0..l.count("CONTRACTS")? {
        let (n, t) = l.next("a contract")?;
        let [name, total, work, off, weekends, complete] = t.as_slice() else {
            return Err(l.err(
                n,
                "expected `Name (min,max assignments) (min,max working days) (min,max days off) \
                 max_weekends complete_weekends`",
            ));
        };
        contracts.push(Contract {
            name: name.clone(),
            total: pair(l, n, total)?,
            work: pair(l, n, work)?,
            off: pair(l, n, off)?,
            max_weekends: uint(l, n, weekends)?,
            complete_weekends: uint(l, n, complete)? == 1,
        });
    }
    let cnames: Vec<String> = contracts.iter().map(|c| c.name.clone()).collect();
    let mut nurses = Vec::new();
    for _ in 0..l.count("NURSES")? {
        let (n, t) = l.next("a nurse")?;
        if t.len() < 3 {
            return Err(l.err(n, "expected `Name Contract k skill1 .. skillk`"));
        }
        let contract = index_of(l, n, &cnames, &t[1], "contract")?;
        let k = uint(l, n, &t[2])? as usize;
        if t.len() != 3 + k {
            return Err(l.err(n, format!("expected {k} skills after the count")));
        }
        let skills = t[3..]
            .iter()
            .map(|s| index_of(l, n, &skills, s, "skill"))
            .collect::<Result<_, _>>()?;
        nurses.push(Nurse {
            name: t[0].clone(),
            contract,
            skills,
        });
    }
    Ok(ScenarioFile {
        name,
        weeks,
        skills,
        shifts,
        forbidden,
        contracts,
        nurses,
    })
}

/// Reads a history file for `sc`.
pub fn parse_history(
    reader: impl Read,
    file: &str,
    sc: &ScenarioFile,
) -> Result<Vec<History>, FormatErrors> {
    let mut l = Lines::read(reader, file)?;
    collect(history(&mut l, sc))
}

fn history(l: &mut Lines, sc: &ScenarioFile) -> Result<Vec<History>, FormatError> {
    l.header("HISTORY")?;
    l.next("the week and scenario name")?;
    l.header("NURSE_HISTORY")?;
    let nurses: Vec<String> = sc.nurses.iter().map(|x| x.name.clone()).collect();
    let shifts: Vec<String> = sc.shifts.iter().map(|x| x.name.clone()).collect();
    let mut out = Vec::new();
    while !l.at_end() {
        let (n, t) = l.next("a nurse's history")?;
        let [name, assignments, weekends, last, same, work, off] = t.as_slice() else {
            return Err(l.err(
                n,
                "expected `Nurse assignments weekends last_shift same_shift_days \
                 working_days days_off`",
            ));
        };
        let last = match last.as_str() {
            "None" => None,
            x => Some(index_of(l, n, &shifts, x, "shift type")?),
        };
        out.push(History {
            line: n,
            nurse: index_of(l, n, &nurses, name, "nurse")?,
            assignments: uint(l, n, assignments)?,
            weekends: uint(l, n, weekends)?,
            last,
            same: uint(l, n, same)?,
            work: uint(l, n, work)?,
            off: uint(l, n, off)?,
        });
    }
    Ok(out)
}

/// Reads a week-data file for `sc`.
pub fn parse_week(reader: impl Read, file: &str, sc: &ScenarioFile) -> Result<Week, FormatErrors> {
    let mut l = Lines::read(reader, file)?;
    collect(week(&mut l, sc))
}

fn week(l: &mut Lines, sc: &ScenarioFile) -> Result<Week, FormatError> {
    l.header("WEEK_DATA")?;
    l.next("the scenario name")?;
    l.header("REQUIREMENTS")?;
    let shifts: Vec<String> = sc.shifts.iter().map(|x| x.name.clone()).collect();
    let nurses: Vec<String> = sc.nurses.iter().map(|x| x.name.clone()).collect();
    let mut requirements = Vec::new();
    for _ in 0..sc.shifts.len() * sc.skills.len() {
        let (n, t) = l.next("a line of requirements")?;
        if t.len() != 9 {
            return Err(l.err(n, "expected `Shift Skill (min,optimal)` for each of 7 days"));
        }
        let mut per_day = [(0, 0); 7];
        for (d, p) in t[2..].iter().enumerate() {
            per_day[d] = pair(l, n, p)?;
        }
        requirements.push(Requirement {
            shift: index_of(l, n, &shifts, &t[0], "shift type")?,
            skill: index_of(l, n, &sc.skills, &t[1], "skill")?,
            per_day,
        });
    }
    let mut off_requests = Vec::new();
    for _ in 0..l.count("SHIFT_OFF_REQUESTS")? {
        let (n, t) = l.next("a shift-off request")?;
        let [nurse, shift, day] = t.as_slice() else {
            return Err(l.err(n, "expected `Nurse Shift|Any Day`"));
        };
        off_requests.push(OffRequest {
            nurse: index_of(l, n, &nurses, nurse, "nurse")?,
            shift: match shift.as_str() {
                "Any" => None,
                x => Some(index_of(l, n, &shifts, x, "shift type")?),
            },
            day: day_index(l, n, day)?,
        });
    }
    Ok(Week {
        requirements,
        off_requests,
    })
}

fn day_index(l: &Lines, n: u64, t: &str) -> Result<usize, FormatError> {
    DAYS.iter()
        .position(|d| *d == t)
        .ok_or_else(|| l.err(n, format!("`{t}` is not a day: write Mon .. Sun")))
}

/// Reads one week of a solution for `sc`: who works which shift type in which skill on which
/// day of the week.
pub fn parse_solution_week(
    reader: impl Read,
    file: &str,
    sc: &ScenarioFile,
) -> Result<Vec<Assignment>, FormatErrors> {
    let mut l = Lines::read(reader, file)?;
    collect(solution(&mut l, sc))
}

fn solution(l: &mut Lines, sc: &ScenarioFile) -> Result<Vec<Assignment>, FormatError> {
    l.header("SOLUTION")?;
    l.next("the week and scenario name")?;
    let shifts: Vec<String> = sc.shifts.iter().map(|x| x.name.clone()).collect();
    let nurses: Vec<String> = sc.nurses.iter().map(|x| x.name.clone()).collect();
    let k = l.count("ASSIGNMENTS")?;
    let mut out = Vec::with_capacity(k);
    for _ in 0..k {
        let (n, t) = l.next("an assignment")?;
        let [nurse, day, shift, skill] = t.as_slice() else {
            return Err(l.err(n, "expected `Nurse Day Shift Skill`"));
        };
        out.push(Assignment {
            line: n,
            nurse: index_of(l, n, &nurses, nurse, "nurse")?,
            day: day_index(l, n, day)?,
            shift: index_of(l, n, &shifts, shift, "shift type")?,
            skill: index_of(l, n, &sc.skills, skill, "skill")?,
        });
    }
    // Solvers may append their own lines (cost, time); they are not read.
    Ok(out)
}

/// Reads an instance from its files: the scenario, the initial history and the weeks in order.
/// The instance is named after the files: `n005w4 H0-n005w4-0 WD 1-2-3-3`.
pub fn read_instance(
    scenario: &Path,
    history: &Path,
    weeks: &[impl AsRef<Path>],
) -> Result<Instance, FormatErrors> {
    let open = |p: &Path| {
        let shown = p.display().to_string();
        crate::formats::open_input(p)
            .map(|f| (f, shown.clone()))
            .map_err(|e| {
                FormatErrors::from(FormatError::file(
                    &shown,
                    format!("cannot open the file: {e}"),
                ))
            })
    };
    let stem = |p: &Path| {
        p.file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned())
    };
    let (f, shown) = open(scenario)?;
    let sc = parse_scenario(f, &shown)?;
    let (f, shown) = open(history)?;
    let hist = parse_history(f, &shown, &sc)?;
    let mut ws = Vec::new();
    let mut week_ids = Vec::new();
    for w in weeks {
        let (f, shown) = open(w.as_ref())?;
        ws.push(parse_week(f, &shown, &sc)?);
        let s = stem(w.as_ref());
        week_ids.push(s.rsplit('-').next().unwrap_or(&s).to_string());
    }
    Ok(Instance {
        name: format!("{} {} WD {}", sc.name, stem(history), week_ids.join("-")),
        scenario: sc,
        history: hist,
        weeks: ws,
    })
}
