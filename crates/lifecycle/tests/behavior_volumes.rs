//! ConfigMap and Secret volumes: their content lives outside the document, so podlife mounts empty
//! files named by `items` and says so in the trace's notes.
#![allow(clippy::unwrap_used)]

use lifecycle::sim::{run_document, RunOverrides};

#[test]
fn unknown_configmap_and_secret_contents_are_noted() {
    let doc = "apiVersion: v1\nkind: Pod\nmetadata: {name: v}\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [sh, -c, \"test -f /etc/app/app.conf && sleep 3600\"]\n    volumeMounts:\n    - {name: conf, mountPath: /etc/app}\n    - {name: creds, mountPath: /etc/creds}\n  volumes:\n  - name: conf\n    configMap:\n      name: app-config\n      items: [{key: conf, path: app.conf}]\n  - name: creds\n    secret: {secretName: db}\n";
    let loaded = lifecycle::load(doc);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let run = run_document(&loaded, RunOverrides { seed: None, horizon_ms: Some(60_000) }).unwrap();
    let notes: Vec<String> = run.trace.notes.iter().map(|n| n.english()).collect();
    assert!(notes.contains(&"volume \"conf\": the content of ConfigMap \"app-config\" is unknown; it is mounted read-only with empty files app.conf".to_string()), "{notes:?}");
    assert!(notes.contains(&"volume \"creds\": the content of Secret \"db\" is unknown; it is mounted read-only with no files".to_string()), "{notes:?}");
    // The page translates them: each is a keyed phrase whose arguments are names, not prose.
    let conf = lifecycle::Phrase::new(
        lifecycle::Key::VolumeUnknownEmptyFiles,
        ["\"conf\"", "ConfigMap", "\"app-config\"", "app.conf"],
    );
    assert!(run.trace.notes.contains(&conf), "{:?}", run.trace.notes);
    // The listed file exists (empty), so the script's test passes and the container keeps running.
    assert_eq!(run.trace.rows.last().unwrap().status, "Running");
}
