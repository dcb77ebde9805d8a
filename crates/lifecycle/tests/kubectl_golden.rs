#![allow(clippy::unwrap_used)]
// Tests read fixtures from disk and take UPDATE_GOLDEN from the environment; the core never does.
#![allow(clippy::disallowed_methods)]
//! Golden tests: every pod under `tests/fixtures/kubectl/NAME.yaml` (optionally with `NAME.events.yaml`)
//! is rendered at the `# now: …` of its first line and compared with `NAME.get.txt`, `NAME.wide.txt`
//! `NAME.describe.txt` and `NAME.status.txt` (the status as `-o yaml` prints it). A missing expected file, or an expected file without a fixture, fails.
//! `UPDATE_GOLDEN=1 cargo test -p lifecycle --test kubectl_golden` rewrites the expected files.

use lifecycle::kubectl::{describe, get_table, status_yaml, Event};
use lifecycle::time::Timestamp;
use lifecycle::Pod;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const OUTPUTS: [&str; 4] = ["get.txt", "wide.txt", "describe.txt", "status.txt"];

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EventFixture {
    #[serde(rename = "type")]
    type_: String,
    reason: String,
    from: String,
    field_path: Option<String>,
    message: String,
    first: String,
    last: String,
    count: u32,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/kubectl")
}

fn read(p: &Path) -> Option<String> {
    std::fs::read_to_string(p).ok()
}

fn now_of(text: &str, name: &str) -> Timestamp {
    let first = text.lines().next().unwrap_or("");
    let ts = first
        .strip_prefix("# now:")
        .unwrap_or_else(|| panic!("{name}.yaml: first line must be `# now: <RFC 3339>`"));
    Timestamp::parse_rfc3339(ts.trim()).unwrap()
}

fn events_of(name: &str) -> Vec<Event> {
    let Some(text) = read(&dir().join(format!("{name}.events.yaml"))) else { return Vec::new() };
    let raw: Vec<EventFixture> = serde_yaml::from_str(&text).unwrap();
    raw.into_iter()
        .map(|e| Event {
            type_: e.type_,
            reason: e.reason,
            from: e.from,
            field_path: e.field_path,
            message: e.message,
            first: Timestamp::parse_rfc3339(&e.first).unwrap(),
            last: Timestamp::parse_rfc3339(&e.last).unwrap(),
            count: e.count,
        })
        .collect()
}

#[test]
fn golden_outputs() {
    let update = std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1");
    let mut fixtures = BTreeSet::new();
    let mut expected = BTreeSet::new();
    for entry in std::fs::read_dir(dir()).unwrap() {
        let file = entry.unwrap().file_name().into_string().unwrap();
        if let Some(stem) = file.strip_suffix(".events.yaml") {
            expected.insert((stem.to_string(), "events.yaml".to_string()));
        } else if let Some(stem) = file.strip_suffix(".yaml") {
            fixtures.insert(stem.to_string());
        } else if let Some((stem, ext)) = file.split_once('.') {
            if OUTPUTS.contains(&ext) {
                expected.insert((stem.to_string(), ext.to_string()));
            }
        }
    }
    assert!(fixtures.len() >= 15, "expected the golden fixtures, found {fixtures:?}");
    let mut failures = Vec::new();
    for (stem, ext) in &expected {
        if !fixtures.contains(stem) {
            failures.push(format!("{stem}.{ext} has no fixture {stem}.yaml"));
        }
    }
    for name in &fixtures {
        let text = read(&dir().join(format!("{name}.yaml"))).unwrap();
        let now = now_of(&text, name);
        let pod: Pod = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}.yaml: {e}"));
        let events = events_of(name);
        let rendered = [
            ("get.txt", get_table(&[&pod], now, false)),
            ("wide.txt", get_table(&[&pod], now, true)),
            ("describe.txt", describe(&pod, &events, now)),
            ("status.txt", status_yaml(&pod)),
        ];
        for (ext, got) in rendered {
            let path = dir().join(format!("{name}.{ext}"));
            if update {
                std::fs::write(&path, &got).unwrap();
                continue;
            }
            match read(&path) {
                None => failures.push(format!("missing {name}.{ext} (run with UPDATE_GOLDEN=1)")),
                Some(want) if want != got => {
                    failures.push(format!("{name}.{ext} differs:\n--- want\n{want}\n--- got\n{got}"))
                }
                Some(_) => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
