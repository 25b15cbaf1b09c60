//! Inputs that can never hold are refused, each placed by file, line and column with what to
//! do.

use super::{errors, ward};

#[test]
fn contradictions_name_file_line_and_column() {
    let mut m = ward();
    m.insert(
        "fixed.csv",
        "staff,date,shift\n\
         D,2027-03-02,E\n\
         C,2027-03-05,N\n\
         A,2027-03-01,E\n\
         B,2027-03-06,N\n\
         B,2027-03-07,E\n",
    );
    m.insert(
        "requests.csv",
        "staff,date,shift,kind,weight\n\
         D,2027-03-03,,on,hard\n\
         C,2027-03-05,L,on,hard\n\
         A,2027-03-01,,off,hard\n\
         B,2027-03-06,N,off,hard\n\
         B,2027-03-07,E,on,hard\n\
         A,2027-03-01,L,off,hard\n",
    );
    let e = errors(&m);
    for x in [
        "fixed.csv:2: date: D is fixed to E on 2027-03-02, a day of leave (annual leave); remove the fixed shift or the leave",
        "fixed.csv:3: shift: C is fixed to 1 N shifts (this one on 2027-03-05), but contract PT allows at most 0 (hard)",
        "fixed.csv:4: shift: A is fixed to E on 2027-03-01 after N on the day before the plan (history.csv)",
        "fixed.csv:6: shift: B is fixed to E on 2027-03-07 after N on 2027-03-06 (also fixed)",
        "requests.csv:2: date: D must work on 2027-03-03 (a hard wish), but is on leave that day",
        "requests.csv:3: shift: C must work L on 2027-03-05 (a hard wish), but is fixed to N that day (fixed.csv); remove one of the two",
        "requests.csv:4: shift: A must not work on 2027-03-01 (a hard wish), but is fixed to E that day",
        "requests.csv:5: shift: B must not work N on 2027-03-06 (a hard wish), but is fixed to N that day",
    ] {
        assert!(e.contains(x), "missing `{x}` in:\n{e}");
    }
    // A hard wish for the fixed shift, or against another one, agrees with it.
    assert!(!e.contains("requests.csv:6"), "{e}");
    assert!(!e.contains("requests.csv:7"), "{e}");
}

#[test]
fn weekend_rules_without_weekend_days_are_refused() {
    let mut m = ward();
    m.insert(
        "settings.csv",
        "key,value\nname,Test ward\nstart_date,2027-03-01\ndays,14\nweekend,none\n",
    );
    let e = errors(&m);
    assert!(
        e.contains("contract_rules.csv:8: value: contract FT has `max_weekends`, but settings.csv gives no weekend days"),
        "{e}"
    );
}

#[test]
fn demand_against_supply_is_counted_before_solving() {
    let s = super::read(&ward());
    let lines = crate::model::supply(&s);
    // One charge nurse needed on every early (hard), and only Ana holds the role: 14 days of
    // which she may work at most 10 (80 hours at 7.5 hours a shift, hard).
    let cn = lines.iter().find(|l| l.what == "Charge nurse").unwrap();
    assert_eq!((cn.needed, cn.available, cn.people), (14, 10, 1));
    assert!(cn.is_short());
    assert!(
        cn.to_string().contains(
            "Charge nurse: 14 shifts needed without fail, at most 10 available from 1 people: \
             at least 4 will be missing"
        ),
        "{cn}"
    );
}

#[test]
fn a_week_can_be_short_when_the_period_is_not() {
    let mut m = ward();
    // Ben and Dev, the registered nurses besides Ana, are both away the second week; the
    // night needs one registered nurse without fail.
    m.insert(
        "leave.csv",
        "staff,from,to,reason\nB,2027-03-08,2027-03-14,course\nD,2027-03-08,2027-03-14,annual\n",
    );
    m.insert(
        "cover.csv",
        "day,shift,role,required,under_weight,over_weight\nall,N,RN,1,hard,0\n",
    );
    let s = super::read(&m);
    let period = crate::model::supply(&s);
    let rn = period
        .iter()
        .find(|l| l.what == "Registered nurse")
        .unwrap();
    assert!(!rn.is_short(), "{rn}");
    let weeks = crate::model::weekly_shortages(&s);
    // Ana alone that week: at most 6 shifts (max_consecutive_work 5: one day off in every
    // six), 7 needed. In all, Chloe can work nights too: that line is not short.
    assert_eq!(weeks.len(), 1, "{weeks:?}");
    assert_eq!(weeks[0].what, "week of 2027-03-08: Registered nurse");
    assert_eq!((weeks[0].needed, weeks[0].available), (7, 6));
}
