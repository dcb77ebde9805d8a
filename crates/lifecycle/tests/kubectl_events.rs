#![allow(clippy::unwrap_used)]
//! The recorder's aggregation and the describe Events table (k8s-semantics.md §10.4–10.5).

use lifecycle::kubectl::describe::{event_age, event_message};
use lifecycle::kubectl::events::{aggregate, aggregate_identical, Event, Occurrence, COMBINED_PREFIX};
use lifecycle::time::Timestamp;

fn t(s: i64) -> Timestamp {
    Timestamp::parse_rfc3339("2026-10-06T11:00:00Z").unwrap().plus_millis(s * 1000)
}

fn occ(at: i64, reason: &str, field: Option<&str>, msg: &str) -> Occurrence {
    Occurrence {
        time: t(at),
        type_: if reason == "BackOff" { "Warning" } else { "Normal" }.into(),
        reason: reason.into(),
        from: "kubelet".into(),
        field_path: field.map(str::to_string),
        message: msg.into(),
    }
}

#[test]
fn identical_occurrences_are_counted() {
    let f = Some("spec.containers{app}");
    let occs = vec![
        occ(0, "Pulled", f, "Container image \"busybox\" already present on machine"),
        occ(1, "Created", f, "Container created"),
        occ(10, "BackOff", f, "Back-off restarting failed container app in pod p_default(u)"),
        occ(20, "BackOff", f, "Back-off restarting failed container app in pod p_default(u)"),
        occ(30, "Created", f, "Container created"),
        occ(31, "Created", Some("spec.containers{other}"), "Container created"),
    ];
    for events in [aggregate(&occs), aggregate_identical(&occs)] {
        assert_eq!(events.len(), 4);
        assert_eq!(
            (events[1].reason.as_str(), events[1].count, events[1].first, events[1].last),
            ("Created", 2, t(1), t(30))
        );
        assert_eq!((events[2].count, events[2].first, events[2].last), (2, t(10), t(20)));
        assert_eq!(events[3].field_path.as_deref(), Some("spec.containers{other}"));
    }
}

#[test]
fn similar_events_are_combined_from_the_tenth_message() {
    let occs: Vec<Occurrence> = (0..12)
        .map(|i| occ(i, "Unhealthy", Some("spec.containers{app}"), &format!("Liveness probe failed: {i}")))
        .collect();
    let events = aggregate(&occs);
    // Nine pass through; the 10th, 11th and 12th distinct messages land in one combined event.
    assert_eq!(events.len(), 10);
    let combined = &events[9];
    assert_eq!(combined.count, 3);
    assert_eq!(combined.message, format!("{COMBINED_PREFIX}Liveness probe failed: 11"));
    assert_eq!((combined.first, combined.last), (t(9), t(11)));
}

#[test]
fn spam_filter_delays_updates_but_keeps_counts() {
    // 40 identical back-offs one second apart: the bucket (25) empties, later writes are dropped, but the
    // cached count keeps growing; after 300 s a token lets the full count through.
    let mut occs: Vec<Occurrence> =
        (0..40).map(|i| occ(i, "BackOff", Some("spec.containers{app}"), "Back-off")).collect();
    let events = aggregate(&occs);
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].count, events[0].last), (25, t(24)));
    occs.push(occ(400, "BackOff", Some("spec.containers{app}"), "Back-off"));
    let events = aggregate(&occs);
    assert_eq!((events[0].count, events[0].first, events[0].last), (41, t(0), t(400)));
}

#[test]
fn age_and_message_cells() {
    let now = t(104);
    let mut e = Event {
        type_: "Warning".into(),
        reason: "BackOff".into(),
        from: "kubelet".into(),
        field_path: Some("spec.containers{app}".into()),
        message: "  Back-off restarting failed container app  \n".into(),
        first: t(0),
        last: t(80),
        count: 6,
    };
    assert_eq!(event_age(&e, now), "24s (x6 over 104s)");
    assert_eq!(event_message(&e), "spec.containers{app}: Back-off restarting failed container app");
    e.count = 1;
    e.field_path = None;
    // Event times are stored with whole seconds: 0.9 s after the first second still reads 104s.
    e.first = t(0).plus_millis(900);
    assert_eq!(event_age(&e, now), "104s");
    assert_eq!(event_message(&e), "Back-off restarting failed container app");
}
