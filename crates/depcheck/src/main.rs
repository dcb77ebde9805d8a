//! `depcheck`: the dependency policy, checked offline from `cargo metadata` (what `cargo deny check
//! sources licenses bans` would check, without its advisory database, which needs the network).
//!
//! - sources: every dependency comes from crates.io (no git or other registries);
//! - licenses: every package's SPDX expression is satisfiable with the permissive licenses below;
//! - bans: the core (`lifecycle`) links no wasm or web crate, so it stays a pure, host-testable library.
//!
//! Security advisories need the RustSec database from GitHub, which this machine cannot reach; the
//! README says how to run `cargo audit` where the network is available.

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, ExitCode};

use serde_json::Value;

/// Licenses we accept (permissive; compatible with Apache-2.0 distribution of the site and the CLI).
const ALLOWED_LICENSES: &[&str] = &[
    "MIT",
    "Apache-2.0",
    "Apache-2.0 WITH LLVM-exception",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "Zlib",
    "0BSD",
    "Unlicense",
    "BSL-1.0",
    "CC0-1.0",
    "Unicode-3.0",
    "Unicode-DFS-2016",
];

/// The only registry dependencies may come from.
const CRATES_IO: &str = "registry+https://github.com/rust-lang/crates.io-index";

/// Crates the pure core must never depend on (directly or not).
const BANNED_IN_CORE: &[&str] = &["wasm-bindgen", "web-sys", "js-sys", "gloo-timers", "yew", "getrandom"];

fn main() -> ExitCode {
    let output = match Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .output()
    {
        Ok(o) if o.status.success() => o.stdout,
        Ok(o) => {
            eprintln!("depcheck: cargo metadata failed:\n{}", String::from_utf8_lossy(&o.stderr));
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("depcheck: cannot run cargo: {e}");
            return ExitCode::from(2);
        }
    };
    let metadata: Value = match serde_json::from_slice(&output) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("depcheck: cargo metadata printed something that is not JSON: {e}");
            return ExitCode::from(2);
        }
    };
    let problems = check(&metadata);
    for p in &problems {
        println!("depcheck: {p}");
    }
    let count = metadata["packages"].as_array().map_or(0, Vec::len);
    if problems.is_empty() {
        println!("depcheck: {count} packages: sources, licenses and bans ok");
        ExitCode::SUCCESS
    } else {
        println!("depcheck: {} problem(s) in {count} packages", problems.len());
        ExitCode::FAILURE
    }
}

/// Every policy violation in a `cargo metadata` document, in a stable order.
fn check(metadata: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let packages = metadata["packages"].as_array().map(Vec::as_slice).unwrap_or_default();
    for p in packages {
        let name = p["name"].as_str().unwrap_or("?");
        let version = p["version"].as_str().unwrap_or("?");
        if let Some(source) = p["source"].as_str() {
            if source != CRATES_IO {
                problems.push(format!("{name} {version}: comes from {source}, not crates.io"));
            }
        }
        let workspace_member = p["source"].is_null();
        match p["license"].as_str() {
            Some(expr) => {
                if !license_ok(expr) {
                    problems.push(format!("{name} {version}: license `{expr}` is not in the allowed set"));
                }
            }
            None if workspace_member => {}
            None => problems.push(format!("{name} {version}: declares no license")),
        }
    }
    for banned in banned_core_deps(metadata) {
        problems.push(format!("lifecycle depends on {banned}: the core must not link wasm/web crates"));
    }
    problems.sort();
    problems
}

/// The banned crates reachable from `lifecycle` through normal (non-dev, non-build) dependencies, on
/// any target: a `cfg(target_arch = "wasm32")` dependency is exactly what must not sneak in.
fn banned_core_deps(metadata: &Value) -> BTreeSet<String> {
    let packages = metadata["packages"].as_array().map(Vec::as_slice).unwrap_or_default();
    let name_of: BTreeMap<&str, &str> =
        packages.iter().filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?))).collect();
    let nodes = metadata["resolve"]["nodes"].as_array().map(Vec::as_slice).unwrap_or_default();
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for n in nodes {
        let Some(id) = n["id"].as_str() else { continue };
        for d in n["deps"].as_array().into_iter().flatten() {
            let normal = d["dep_kinds"].as_array().into_iter().flatten().any(|k| k["kind"].is_null());
            if let (true, Some(pkg)) = (normal, d["pkg"].as_str()) {
                edges.entry(id).or_default().push(pkg);
            }
        }
    }
    let start: Vec<&str> = name_of.iter().filter(|(_, n)| **n == "lifecycle").map(|(id, _)| *id).collect();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut stack = start;
    while let Some(id) = stack.pop() {
        if seen.insert(id) {
            stack.extend(edges.get(id).into_iter().flatten().copied());
        }
    }
    seen.iter()
        .filter_map(|id| name_of.get(id))
        .filter(|n| BANNED_IN_CORE.contains(n))
        .map(|n| n.to_string())
        .collect()
}

/// Whether an SPDX expression (`A OR B`, `(A OR B) AND C`, legacy `A/B`) can be satisfied with
/// [`ALLOWED_LICENSES`]. `AND` binds tighter than `OR`, as in SPDX.
fn license_ok(expr: &str) -> bool {
    let tokens = tokenize(&expr.replace('/', " OR "));
    let mut pos = 0;
    let ok = parse_or(&tokens, &mut pos);
    ok == Some(true) && pos == tokens.len()
}

fn tokenize(expr: &str) -> Vec<String> {
    let spaced = expr.replace('(', " ( ").replace(')', " ) ");
    let words: Vec<&str> = spaced.split_whitespace().collect();
    // `X WITH Y` is one license id.
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if words.get(i + 1) == Some(&"WITH") {
            if let Some(exception) = words.get(i + 2) {
                out.push(format!("{} WITH {exception}", words[i]));
                i += 3;
                continue;
            }
        }
        out.push(words[i].to_string());
        i += 1;
    }
    out
}

fn parse_or(t: &[String], pos: &mut usize) -> Option<bool> {
    let mut any = parse_and(t, pos)?;
    while t.get(*pos).map(String::as_str) == Some("OR") {
        *pos += 1;
        any |= parse_and(t, pos)?;
    }
    Some(any)
}

fn parse_and(t: &[String], pos: &mut usize) -> Option<bool> {
    let mut all = parse_atom(t, pos)?;
    while t.get(*pos).map(String::as_str) == Some("AND") {
        *pos += 1;
        all &= parse_atom(t, pos)?;
    }
    Some(all)
}

fn parse_atom(t: &[String], pos: &mut usize) -> Option<bool> {
    let tok = t.get(*pos)?;
    *pos += 1;
    if tok == "(" {
        let v = parse_or(t, pos)?;
        (t.get(*pos).map(String::as_str) == Some(")")).then(|| *pos += 1)?;
        return Some(v);
    }
    if matches!(tok.as_str(), ")" | "OR" | "AND") {
        return None;
    }
    Some(ALLOWED_LICENSES.contains(&tok.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spdx_expressions_as_crates_write_them() {
        assert!(license_ok("MIT OR Apache-2.0"));
        assert!(license_ok("MIT/Apache-2.0"));
        assert!(license_ok("Apache-2.0 / MIT"));
        assert!(license_ok("(MIT OR Apache-2.0) AND Unicode-3.0"));
        assert!(license_ok("Apache-2.0 WITH LLVM-exception OR Apache-2.0 OR MIT"));
        assert!(license_ok("MIT OR Apache-2.0 OR LGPL-2.1-or-later"));
        assert!(!license_ok("GPL-3.0-only"));
        assert!(!license_ok("MIT AND GPL-3.0-only"));
        assert!(!license_ok("(MIT OR Apache-2.0"));
        assert!(!license_ok("MIT OR"));
        assert!(!license_ok(""));
    }

    fn metadata(packages: Value, nodes: Value) -> Value {
        serde_json::json!({"packages": packages, "resolve": {"nodes": nodes}})
    }

    #[test]
    fn reports_foreign_sources_bad_licenses_and_web_crates_in_the_core() {
        let m = metadata(
            serde_json::json!([
                {"id": "core", "name": "lifecycle", "version": "0.1.0", "source": null, "license": "Apache-2.0"},
                {"id": "wb", "name": "wasm-bindgen", "version": "0.2.0", "source": CRATES_IO, "license": "MIT"},
                {"id": "g", "name": "gitdep", "version": "1.0.0", "source": "git+https://example.com/x", "license": "GPL-3.0-only"},
                {"id": "d", "name": "devonly", "version": "1.0.0", "source": CRATES_IO}
            ]),
            serde_json::json!([
                {"id": "core", "deps": [
                    {"pkg": "g", "dep_kinds": [{"kind": null, "target": null}]},
                    {"pkg": "d", "dep_kinds": [{"kind": "dev", "target": null}]}
                ]},
                {"id": "g", "deps": [{"pkg": "wb", "dep_kinds": [{"kind": null, "target": null}]}]}
            ]),
        );
        assert_eq!(
            check(&m),
            [
                "devonly 1.0.0: declares no license",
                "gitdep 1.0.0: comes from git+https://example.com/x, not crates.io",
                "gitdep 1.0.0: license `GPL-3.0-only` is not in the allowed set",
                "lifecycle depends on wasm-bindgen: the core must not link wasm/web crates",
            ]
        );
    }

    #[test]
    fn dev_dependencies_of_the_core_may_be_anything_it_links_not() {
        let m = metadata(
            serde_json::json!([
                {"id": "core", "name": "lifecycle", "version": "0.1.0", "source": null},
                {"id": "wb", "name": "wasm-bindgen", "version": "0.2.0", "source": CRATES_IO, "license": "MIT"}
            ]),
            serde_json::json!([
                {"id": "core", "deps": [{"pkg": "wb", "dep_kinds": [{"kind": "dev", "target": null}]}]}
            ]),
        );
        assert!(check(&m).is_empty());
    }
}
