#![allow(clippy::unwrap_used)]
//! Table tests: every HumanDuration / ShortHumanDuration case of `shared/data/human_duration.jsonl`,
//! plus RFC 3339 parsing and formatting and Go duration strings.

use lifecycle::time::{go_duration, human_duration, short_human_duration, Timestamp};

const DATA: &str = include_str!("../../../tests/fixtures/kubectl/data/human_duration.jsonl");

#[test]
fn all_human_duration_cases() {
    let mut n = 0;
    for line in DATA.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        // Durations are whole milliseconds here; `-2s+1ns` (-1999.999999 ms) truncates toward zero to
        // -1999 ms, which lands in the same HumanDuration bucket as the nanosecond value.
        let ms = v["duration_ms"].as_f64().unwrap().trunc() as i64;
        let want = v["want"].as_str().unwrap();
        let got = match v["function"].as_str().unwrap() {
            "HumanDuration" => human_duration(ms),
            "ShortHumanDuration" => short_human_duration(ms),
            other => panic!("unknown function {other}"),
        };
        assert_eq!(got, want, "{} of {} ({})", v["function"], v["expr"], ms);
        n += 1;
    }
    assert_eq!(n, 66);
}

#[test]
fn rfc3339_parse_and_format() {
    let t = Timestamp::parse_rfc3339("2026-10-06T11:32:44Z").unwrap();
    assert_eq!(t.to_rfc3339(), "2026-10-06T11:32:44Z");
    assert_eq!(t.to_rfc1123z(), "Tue, 06 Oct 2026 11:32:44 +0000");
    let f = Timestamp::parse_rfc3339("2026-10-06T11:32:44.123456Z").unwrap();
    assert_eq!(f.millis() - t.millis(), 123);
    assert_eq!(f.to_rfc3339(), "2026-10-06T11:32:44Z");
    let o = Timestamp::parse_rfc3339("2026-10-06T19:32:44+08:00").unwrap();
    assert_eq!(o, t);
    let n = Timestamp::parse_rfc3339("2026-10-06T06:02:44-05:30").unwrap();
    assert_eq!(n, t);
    assert_eq!(Timestamp::parse_rfc3339("1970-01-01T00:00:00Z").unwrap(), Timestamp::EPOCH);
    assert_eq!(Timestamp::EPOCH.to_rfc1123z(), "Thu, 01 Jan 1970 00:00:00 +0000");
    assert_eq!(
        Timestamp::parse_rfc3339("2024-02-29T23:59:59Z").unwrap().to_rfc1123z(),
        "Thu, 29 Feb 2024 23:59:59 +0000"
    );
    assert_eq!(Timestamp::from_millis(-1).to_rfc3339(), "1969-12-31T23:59:59Z");
}

#[test]
fn rfc3339_rejects_bad_input_without_panicking() {
    for bad in [
        "",
        "2026",
        "2026-13-01T00:00:00Z",
        "2026-02-29T00:00:00Z",
        "2026-10-06 11:32:44Z",
        "2026-10-06T24:00:00Z",
        "2026-10-06T11:32:60Z",
        "2026-10-06T11:32:44",
        "2026-10-06T11:32:44.Z",
        "2026-10-06T11:32:44Zjunk",
        "2026-10-06T11:32:44+0800",
        "２026-10-06T11:32:44Z",
        "2026-10-06T11:32:44+99:00",
    ] {
        let err = Timestamp::parse_rfc3339(bad).unwrap_err();
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn go_duration_strings() {
    for (ms, want) in [
        (0, "0s"),
        (405, "405ms"),
        (1_561, "1.561s"),
        (105_457, "1m45.457s"),
        (10_000, "10s"),
        (80_000, "1m20s"),
        (160_000, "2m40s"),
        (300_000, "5m0s"),
        (3_600_000, "1h0m0s"),
        (1_500, "1.5s"),
        (-2_000, "-2s"),
    ] {
        assert_eq!(go_duration(ms), want, "{ms}");
    }
}
