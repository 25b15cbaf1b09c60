//! Hand-counted tests of cover by role: exclusive roles (a person works in one of them on a
//! shift), levels of cover, roles written in the roster.

use super::one_person;
use crate::evaluation::{assign_roles, evaluate, score, Score};
use crate::model::*;
use crate::roster::Roster;

const SENIOR: RoleId = RoleId(0);
const RN: RoleId = RoleId(1);
const EARLY: ShiftId = ShiftId(0);

fn cover(role: Option<RoleId>, required: u32, under: Weight, over: Weight) -> Cover {
    Cover {
        day: 0,
        shift: EARLY,
        role,
        required,
        under,
        over,
    }
}

/// Staff: a senior who may also fill a registered nurse's place, and `rns` registered nurses.
/// Cover of the early on day 0: one senior (hard), two registered nurses (soft 50 each) and a
/// third preferred (soft 10).
fn ward(exclusive: bool, rns: usize) -> Scenario {
    let mut p = one_person(Contract::new("C", "c"), None);
    p.roles = vec![
        Role {
            exclusive,
            ..Role::new("S", "senior nurse")
        },
        Role {
            exclusive,
            ..Role::new("RN", "registered nurse")
        },
    ];
    p.staff[0].roles = vec![SENIOR, RN];
    for i in 0..rns {
        p.staff.push(Staff {
            code: format!("R{i}"),
            name: format!("Nurse {i}"),
            contract: ContractId(0),
            roles: vec![RN],
            history: None,
            fte_permille: None,
            carried_minutes: 0,
        });
    }
    p.cover = vec![
        cover(Some(SENIOR), 1, Weight::Hard, Weight::Soft(0)),
        cover(Some(RN), 2, Weight::Soft(50), Weight::Soft(0)),
        cover(Some(RN), 3, Weight::Soft(10), Weight::Soft(1)),
    ];
    Scenario::new(p).unwrap()
}

fn everyone_on_the_early(s: &Scenario) -> Roster {
    let mut r = Roster::for_scenario(s);
    for i in 0..s.staff().len() {
        r.set(StaffId::new(i), 0, Some(EARLY));
    }
    r
}

#[test]
fn a_shared_role_counts_the_senior_twice() {
    // Senior + 1 nurse: the senior counts as senior and as a registered nurse: 2 of 3 nurses.
    let s = ward(false, 1);
    let e = evaluate(&s, &everyone_on_the_early(&s));
    assert_eq!(e.score, Score { hard: 0, soft: 10 });
}

#[test]
fn an_exclusive_role_counts_each_person_once() {
    // Senior + 1 nurse, exclusive: the senior is needed as senior (hard), so only 1 nurse
    // works as a registered nurse: 1 short of the 2 (50), 2 short of the preferred 3 (20).
    let s = ward(true, 1);
    let r = everyone_on_the_early(&s);
    let e = evaluate(&s, &r);
    assert_eq!(e.score, Score { hard: 0, soft: 70 });
    assert_eq!(score(&s, &r), e.score);
    let text: Vec<_> = e.violations.iter().map(|v| v.message.as_str()).collect();
    assert!(
        text.iter()
            .any(|m| m.contains("1 working as registered nurse on duty, 2 required")),
        "{text:?}"
    );
    // The roster says who works in which role: the senior as senior.
    let with = assign_roles(&s, &r);
    assert_eq!(with.role(StaffId(0), 0), Some(SENIOR));
    assert_eq!(with.role(StaffId(1), 0), Some(RN));
    assert_eq!(score(&s, &with), e.score);
}

#[test]
fn the_senior_fills_a_nurse_place_when_no_senior_is_required() {
    let s = ward(true, 1);
    let mut p = s.parts().clone();
    p.cover.remove(0);
    let s = Scenario::new(p).unwrap();
    // Without a senior row, the senior works as the second registered nurse.
    let r = everyone_on_the_early(&s);
    assert_eq!(score(&s, &r), Score { hard: 0, soft: 10 });
    assert_eq!(assign_roles(&s, &r).role(StaffId(0), 0), Some(RN));
}

#[test]
fn levels_of_cover_each_cost_their_own_weight() {
    // Senior + 3 nurses, exclusive: 1 senior, 3 nurses: every level met.
    let s = ward(true, 3);
    assert_eq!(score(&s, &everyone_on_the_early(&s)), Score::ZERO);
    // Senior + 4 nurses: 1 over the preferred 3 (weight 1), not over the minimum (weight 0).
    let s = ward(true, 4);
    assert_eq!(
        score(&s, &everyone_on_the_early(&s)),
        Score { hard: 0, soft: 1 }
    );
    // Nobody on: 1 senior short (hard 1), 2 nurses short (soft 100) and 3 short of the
    // preferred (soft 30).
    let s = ward(true, 3);
    assert_eq!(
        score(&s, &Roster::for_scenario(&s)),
        Score { hard: 1, soft: 130 }
    );
}

#[test]
fn a_role_written_in_the_roster_is_kept() {
    let s = ward(true, 1);
    let mut r = everyone_on_the_early(&s);
    // The senior written in as a registered nurse: no senior (hard 1), 2 nurses, 1 short of
    // the preferred 3.
    r.set_role(StaffId(0), 0, Some(RN));
    assert_eq!(score(&s, &r), Score { hard: 1, soft: 10 });
    assert_eq!(evaluate(&s, &r).score, Score { hard: 1, soft: 10 });
    // Assigning roles keeps the written one.
    let with = assign_roles(&s, &r);
    assert_eq!(with.role(StaffId(0), 0), Some(RN));
    assert_eq!(score(&s, &with), Score { hard: 1, soft: 10 });
    // Changing the shift clears the written role.
    r.set(StaffId(0), 0, Some(ShiftId(1)));
    assert_eq!(r.role(StaffId(0), 0), None);
}

#[test]
fn assigned_roles_score_as_the_allocation_on_random_scenarios() {
    use rand::{Rng, SeedableRng};
    for seed in 0..60u64 {
        let s = crate::evaluation::tests::random_scenario(6, 7, seed);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut r = Roster::for_scenario(&s);
        for i in 0..s.staff().len() {
            for d in 0..s.days() {
                if rng.random_bool(0.6) {
                    let sh = ShiftId::new(rng.random_range(0..s.shifts().len()));
                    r.set(StaffId::new(i), d, Some(sh));
                }
            }
        }
        let with = assign_roles(&s, &r);
        assert_eq!(score(&s, &with), score(&s, &r), "seed {seed}");
        for a in with.assignments() {
            let role = with.role(a.staff, a.day);
            if let Some(role) = role {
                assert!(s.staff_member(a.staff).has_role(role), "seed {seed}");
            }
            if !s.role_types()[s.role_type_of(a.staff)].is_empty() {
                let role = role.expect("a person with exclusive roles gets one");
                assert!(s.roles()[role.index()].exclusive, "seed {seed}");
            }
        }
    }
}
