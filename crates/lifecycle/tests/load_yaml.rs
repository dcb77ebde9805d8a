//! The positioned YAML layer: scalar resolution, positions, limits and syntax errors.
#![allow(clippy::unwrap_used)]

use lifecycle::yaml::{parse, resolve_plain, Node, NodeValue, MAX_DEPTH, MAX_INPUT_BYTES};
use lifecycle::{Key, Phrase, Pos};

fn pos(line: u32, col: u32) -> Pos {
    Pos { line, col }
}

fn one(text: &str) -> Node {
    let s = parse(text);
    assert!(s.error.is_none(), "{:?}", s.error);
    assert_eq!(s.docs.len(), 1);
    s.docs.into_iter().next().unwrap()
}

#[test]
fn plain_scalars_resolve_like_go_yaml_v2() {
    use NodeValue::*;
    let cases: &[(&str, NodeValue)] = &[
        ("", Null),
        ("~", Null),
        ("null", Null),
        ("NULL", Null),
        ("true", Bool(true)),
        ("False", Bool(false)),
        ("yes", Bool(true)),
        ("off", Bool(false)),
        ("42", Int(42)),
        ("-7", Int(-7)),
        ("+7", Int(7)),
        ("0x1F", Int(31)),
        ("0o17", Int(15)),
        ("017", Int(15)),
        ("0b101", Int(5)),
        ("1_000", Int(1000)),
        ("08", Float(8.0)),
        ("1.5", Float(1.5)),
        (".5", Float(0.5)),
        ("1e3", Float(1000.0)),
        (".inf", Float(f64::INFINITY)),
        ("-.Inf", Float(f64::NEG_INFINITY)),
        ("18446744073709551615", Float(18446744073709551615.0)),
        ("nginx", Str("nginx".into())),
        ("1.2.3", Str("1.2.3".into())),
        ("2024-01-01", Str("2024-01-01".into())),
        ("500m", Str("500m".into())),
        ("-", Str("-".into())),
    ];
    for (text, want) in cases {
        assert_eq!(&resolve_plain(text), want, "{text:?}");
    }
    assert!(matches!(resolve_plain(".nan"), Float(f) if f.is_nan()));
}

#[test]
fn quoted_and_tagged_scalars_are_strings() {
    let doc = one("a: \"8080\"\nb: 'true'\nc: !!str 12\nd: |\n  42\ne: !!int 12\n");
    assert_eq!(doc.get("a").unwrap().value, NodeValue::Str("8080".into()));
    assert_eq!(doc.get("b").unwrap().value, NodeValue::Str("true".into()));
    assert_eq!(doc.get("c").unwrap().value, NodeValue::Str("12".into()));
    assert_eq!(doc.get("d").unwrap().value, NodeValue::Str("42\n".into()));
    assert_eq!(doc.get("e").unwrap().value, NodeValue::Int(12));
}

#[test]
fn nodes_carry_one_based_positions() {
    let doc = one("spec:\n  containers:\n  - name: app\n    image: nginx\n");
    assert_eq!(doc.pos, pos(1, 1));
    let spec = doc.get("spec").unwrap();
    assert_eq!(spec.pos, pos(2, 3));
    assert_eq!(doc.get_key("spec").unwrap().pos, pos(1, 1));
    let containers = spec.get("containers").unwrap();
    let NodeValue::Seq(items) = &containers.value else { panic!() };
    assert_eq!(items[0].pos, pos(3, 5));
    assert_eq!(items[0].get("image").unwrap().pos, pos(4, 12));
    assert_eq!(items[0].get_key("image").unwrap().pos, pos(4, 5));
}

#[test]
fn columns_count_characters_not_bytes() {
    let doc = one("é: ü\nk: v\n");
    assert_eq!(doc.get("é").unwrap().pos, pos(1, 4));
}

#[test]
fn multi_document_streams_and_json() {
    let s = parse("a: 1\n---\nb: 2\n---\n{\"c\": [1, 2.5, \"x\", null, true]}\n");
    assert!(s.error.is_none());
    assert_eq!(s.docs.len(), 3);
    let c = s.docs[2].get("c").unwrap();
    let NodeValue::Seq(items) = &c.value else { panic!() };
    let values: Vec<&NodeValue> = items.iter().map(|n| &n.value).collect();
    assert_eq!(
        values,
        vec![
            &NodeValue::Int(1),
            &NodeValue::Float(2.5),
            &NodeValue::Str("x".into()),
            &NodeValue::Null,
            &NodeValue::Bool(true)
        ]
    );
    assert_eq!(items[2].pos, pos(5, 16));
}

#[test]
fn comments_only_is_an_empty_stream() {
    let s = parse("# nothing here\n\n");
    assert!(s.error.is_none());
    assert!(s.docs.is_empty());
}

#[test]
fn aliases_expand_and_merge_keys_merge() {
    let doc = one("base: &b {image: nginx, name: a}\nc1: *b\nc2:\n  <<: *b\n  name: z\n");
    let c1 = doc.get("c1").unwrap();
    assert_eq!(c1.get("image").unwrap().value, NodeValue::Str("nginx".into()));
    assert_eq!(c1.pos, pos(2, 5));
    let c2 = doc.get("c2").unwrap();
    assert_eq!(c2.get("name").unwrap().value, NodeValue::Str("z".into()));
    assert_eq!(c2.get("image").unwrap().value, NodeValue::Str("nginx".into()));
    let NodeValue::Map(entries) = &c2.value else { panic!() };
    assert_eq!(entries.len(), 2, "explicit keys win over merged ones without duplicates");
}

#[test]
fn unknown_alias_is_an_error() {
    let s = parse("a: *nope\n");
    let e = s.error.unwrap();
    assert_eq!(e.message, "yaml: unknown anchor 'nope' referenced");
    assert_eq!(e.pos, Some(pos(1, 4)));
}

#[test]
fn billion_laughs_stops_with_a_clear_error() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let s = parse(&text);
    let e = s.error.unwrap();
    assert_eq!(e.message, "document too large after alias expansion (limit 200000 nodes)");
    assert!(e.pos.is_some());
}

#[test]
fn deep_nesting_stops_at_the_limit() {
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse(&ok).error.is_none());
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    let e = parse(&deep).error.unwrap();
    assert_eq!(e.message, "document nested too deeply (limit 100 levels)");
    assert_eq!(e.pos, Some(pos(1, 101)));
    // Far deeper input must not overflow anything either.
    let e = parse(&"[".repeat(100_000)).error.unwrap();
    assert_eq!(e.message, "document nested too deeply (limit 100 levels)");
}

#[test]
fn alias_cannot_smuggle_depth() {
    let mut text = String::from("a: &x ");
    text.push_str(&"[".repeat(60));
    text.push_str(&"]".repeat(60));
    text.push_str("\nb: ");
    text.push_str(&"[".repeat(50));
    text.push_str("*x");
    text.push_str(&"]".repeat(50));
    text.push('\n');
    let e = parse(&text).error.unwrap();
    assert_eq!(e.message, "document nested too deeply (limit 100 levels)");
}

#[test]
fn huge_input_is_refused_before_parsing() {
    let text = "a".repeat(MAX_INPUT_BYTES + 1);
    let e = parse(&text).error.unwrap();
    assert_eq!(e.message, "document is too large: 2097153 bytes (limit 2097152 bytes, 2 MiB)");
}

#[test]
fn many_plain_nodes_hit_the_node_budget() {
    let text = format!("[{}]", vec!["1"; 250_000].join(","));
    let e = parse(&text).error.unwrap();
    assert_eq!(e.message, "document too large (limit 200000 nodes)");
}

#[test]
fn nul_and_control_characters_are_reported_with_their_place() {
    let e = parse("a: b\nc: d\0e\n").error.unwrap();
    assert_eq!(e.message, "yaml: control characters are not allowed (found U+0000)");
    assert_eq!(e.pos, Some(pos(2, 5)));
    let e = parse("a: \u{7}\n").error.unwrap();
    assert_eq!(e.message, "yaml: control characters are not allowed (found U+0007)");
}

#[test]
fn tab_indentation_gives_kubectls_message_and_a_hint() {
    let text = include_str!("../../../tests/fixtures/load/pod-tabs.yaml");
    let e = parse(text).error.unwrap();
    assert_eq!(
        e.message,
        "yaml: line 7: found character that cannot start any token (YAML forbids tabs for indentation; use spaces)"
    );
    assert_eq!(e.pos, Some(pos(7, 1)));
    assert_eq!(e.path, "");
    // The hint is podlife's (translatable); go-yaml's words are its argument, verbatim.
    assert_eq!(
        e.phrase,
        Some(Phrase::new(Key::TabIndentHint, ["yaml: line 7: found character that cannot start any token"]))
    );
}

#[test]
fn podlife_limits_are_phrases_and_plain_syntax_errors_are_not() {
    let e = parse(&"a".repeat(MAX_INPUT_BYTES + 1)).error.unwrap();
    assert_eq!(e.phrase, Some(Phrase::new(Key::InputTooLarge, ["2097153", "2097152"])));
    let e = parse("a: \u{7}\n").error.unwrap();
    assert_eq!(
        e.phrase,
        Some(Phrase::new(Key::ControlCharacterFound, ["yaml: control characters are not allowed", "0007"]))
    );
    let e = parse("a: [b\n").error.unwrap();
    assert_eq!(e.phrase, None, "{}", e.message);
}

#[test]
fn parser_errors_keep_go_yaml_v2_line_numbering() {
    // go-yaml v2 prints libyaml's 0-based problem line for parser errors; the position is exact.
    let e = parse("a:\n  b: c\n d: e\n").error.unwrap();
    assert_eq!(e.message, "yaml: line 2: did not find expected key");
    assert_eq!(e.pos, Some(pos(3, 2)));
}

#[test]
fn documents_before_a_syntax_error_are_kept() {
    let s = parse("a: 1\n---\nb: [\n");
    assert_eq!(s.docs.len(), 1);
    assert!(s.error.is_some());
}
