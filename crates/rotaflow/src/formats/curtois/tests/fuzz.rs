//! No input makes parsing, mapping, checking or evaluating panic, and wherever an instance
//! parses and maps, the evaluator and the checker agree.

use super::{to_roster, SMALL};
use crate::evaluation::evaluate;
use crate::formats::curtois::{check, default_start, parse, Instance};
use proptest::prelude::*;

const REAL: [&str; 12] = [
    include_str!("../../../../../../data/benchmarks/curtois/Instance1.txt"),
    include_str!("../../../../../../data/benchmarks/curtois/Instance2.txt"),
    include_str!("../../../../../../data/benchmarks/curtois/Instance3.txt"),
    include_str!("../../../../../../data/benchmarks/curtois/Instance4.txt"),
    include_str!("../../../../../../data/benchmarks/curtois/Instance5.txt"),
    include_str!("../../../../../../data/benchmarks/curtois/Instance6.txt"),
    include_str!("../../../../../../data/benchmarks/curtois/Instance7.txt"),
    include_str!("../../../../../../data/benchmarks/curtois/Instance8.txt"),
    include_str!("../../../../../../data/benchmarks/curtois/Instance9.txt"),
    include_str!("../../../../../../data/benchmarks/curtois/Instance10.txt"),
    include_str!("../../../../../../data/benchmarks/curtois/Instance11.txt"),
    include_str!("../../../../../../data/benchmarks/curtois/Instance12.txt"),
];

/// A deterministic roster pattern that works most days with varied shifts.
fn pattern(i: &Instance) -> Vec<Vec<Option<usize>>> {
    let n = i.shifts.len().max(1);
    (0..i.staff.len())
        .map(|e| {
            (0..i.days as usize)
                .map(|d| ((e * 7 + d * 3) % 5 != 0).then_some((e + d) % n))
                .collect()
        })
        .collect()
}

/// Parses without panicking and, when the file parses, maps, checks and evaluates
/// without panicking either; evaluator and checker must then agree.
fn exercise(bytes: &[u8]) {
    let Ok(i) = parse(bytes, "fuzz.txt") else {
        return;
    };
    for r in [
        vec![vec![None; i.days as usize]; i.staff.len()],
        pattern(&i),
    ] {
        let res = check(&i, &r);
        if i.shifts.is_empty() {
            continue;
        }
        if let Ok(sc) = i.to_scenario(default_start(), "fuzz") {
            let e = evaluate(&sc, &to_roster(&r));
            assert_eq!(e.score.soft, res.objective);
            assert_eq!(e.score.hard, res.hard_amount());
        }
    }
}

#[derive(Clone, Debug)]
enum Edit {
    DeleteByte(prop::sample::Index),
    InsertByte(prop::sample::Index, u8),
    ReplaceByte(prop::sample::Index, u8),
    DeleteLine(prop::sample::Index),
    DuplicateLine(prop::sample::Index),
    InsertText(prop::sample::Index, &'static str),
}

fn edit() -> impl Strategy<Value = Edit> {
    let idx = any::<prop::sample::Index>;
    let snippet = prop::sample::select(vec![
        "\n",
        "\r\n",
        ",",
        "|",
        "=",
        "#",
        "-1",
        "999999999999",
        "SECTION_COVER",
        "SECTION_",
        "\n\n",
        "0",
        "28",
        "D",
        "\u{e9}",
    ]);
    prop_oneof![
        idx().prop_map(Edit::DeleteByte),
        (idx(), any::<u8>()).prop_map(|(i, b)| Edit::InsertByte(i, b)),
        (
            idx(),
            prop::sample::select(b"0123456789,|=\r\n#AZaz".to_vec())
        )
            .prop_map(|(i, b)| Edit::ReplaceByte(i, b)),
        idx().prop_map(Edit::DeleteLine),
        idx().prop_map(Edit::DuplicateLine),
        (idx(), snippet).prop_map(|(i, s)| Edit::InsertText(i, s)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    for e in edits {
        let n = b.len().max(1);
        match e {
            Edit::DeleteByte(i) => {
                if !b.is_empty() {
                    b.remove(i.index(n));
                }
            }
            Edit::InsertByte(i, x) => b.insert(i.index(n + 1).min(b.len()), *x),
            Edit::ReplaceByte(i, x) => {
                if !b.is_empty() {
                    let k = i.index(n);
                    b[k] = *x;
                }
            }
            Edit::DeleteLine(i) | Edit::DuplicateLine(i) => {
                let mut lines: Vec<Vec<u8>> =
                    b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
                let k = i.index(lines.len());
                if matches!(e, Edit::DeleteLine(_)) {
                    lines.remove(k);
                } else {
                    let l = lines[k].clone();
                    lines.insert(k, l);
                }
                b = lines.join(&b'\n');
            }
            Edit::InsertText(i, s) => {
                let k = i.index(n + 1).min(b.len());
                b.splice(k..k, s.bytes());
            }
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        exercise(&bytes);
    }

    #[test]
    fn random_section_shaped_text_never_panics(
        lines in prop::collection::vec(
            "(SECTION_(HORIZON|SHIFTS|STAFF|DAYS_OFF|SHIFT_ON_REQUESTS|SHIFT_OFF_REQUESTS|COVER|X))|([0-9A-C,|= -]{0,24})|(#.{0,5})",
            0..40),
        crlf in any::<bool>(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        exercise(text.as_bytes());
    }

    #[test]
    fn mutated_real_files_never_panic(
        which in 0usize..12,
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        exercise(&apply(REAL[which], &edits));
    }

    #[test]
    fn mutated_small_file_never_panics(edits in prop::collection::vec(edit(), 1..8)) {
        exercise(&apply(SMALL, &edits));
    }
}
