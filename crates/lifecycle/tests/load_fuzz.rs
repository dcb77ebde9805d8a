//! No input panics the loader: arbitrary strings, and valid documents mutated at random.
#![allow(clippy::unwrap_used)]

use lifecycle::load;
use lifecycle::validate::invalid_message;
use proptest::prelude::*;

const SEEDS: [&str; 3] = [
    include_str!("../../../tests/fixtures/load/pod-service-scenario.yaml"),
    include_str!("../../../tests/fixtures/load/pod-list.json"),
    include_str!("../../../tests/fixtures/load/pod-tabs.yaml"),
];

const PIECES: [&str; 24] = [
    ":",
    "-",
    " ",
    "\t",
    "\n",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!str ",
    "\"",
    "'",
    "|",
    ">",
    "#",
    "0x",
    "<<: ",
    "---\n",
    "- name: x\n",
    "  ",
    "\u{0}",
    "é",
];

/// Applies `ops` (kind, place, piece) to `text`, always at char boundaries.
fn mutate(text: &str, ops: &[(u8, usize, usize)]) -> String {
    let mut s = text.to_string();
    for &(kind, at, piece) in ops {
        let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain(std::iter::once(s.len())).collect();
        let i = bounds[at % bounds.len()];
        match kind % 4 {
            0 => s.insert_str(i, PIECES[piece % PIECES.len()]),
            1 => {
                let j = bounds[(at + piece % 7 + 1).min(bounds.len() - 1)];
                if j > i {
                    s.replace_range(i..j, "");
                }
            }
            2 => {
                let lines: Vec<&str> = s.lines().collect();
                if !lines.is_empty() {
                    let l = lines[at % lines.len()].to_string();
                    s.insert_str(i, &format!("{l}\n"));
                }
            }
            _ => s.truncate(i),
        }
    }
    s
}

fn exercise(text: &str) {
    let l = load(text);
    let name = l.pod.as_ref().map(|p| p.name().to_string()).unwrap_or_default();
    let _ = invalid_message("Pod", &name, &l.validation);
    for d in &l.diagnostics {
        let _ = d.to_string();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        exercise(&text);
    }

    #[test]
    fn yaml_ish_strings_never_panic(text in "[-:{}\\[\\]&*!|>#'\" \t\na-z0-9]{0,200}") {
        exercise(&text);
    }

    #[test]
    fn mutated_documents_never_panic(seed in 0usize..3, ops in proptest::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 1..6)) {
        exercise(&mutate(SEEDS[seed], &ops));
    }
}
