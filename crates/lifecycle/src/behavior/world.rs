//! The pod world: every container's files (writable layer + mounted volumes), the node's directories
//! for hostPath, the processes that run as PID 1, the ports they listen on and the Services DNS
//! knows. It implements the engine's [`Behavior`], so probes, hooks and `kubectl exec` all act on it.

use super::fs::{normalize, Fs, FsError};
use super::image::{self, Profile};
use super::sh::parse::Program;
use super::sh::{Flavor, Host, Listen, ProcStatus, Process, ServerKind, Sig};
use crate::model::{Container, Pod};
use crate::sim::behavior::{
    Behavior, ContainerRef, ExecResult, HttpResult, ProcessOutcome, Signal, SignalOutcome,
};
use crate::sim::config::ServiceSpec;
use crate::sim::SimTime;
use crate::text::{Key, Phrase};
use crate::time::Timestamp;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The run's notes, deduplicated and ordered by their English text (the order the trace prints).
// A sorted Vec rather than a BTreeMap: notes are few, and the map's code would weigh on the page.
#[derive(Debug, Clone, Default)]
struct Notes(Vec<(String, Phrase)>);

impl Notes {
    fn add(&mut self, p: Phrase) {
        let english = p.english();
        if let Err(i) = self.0.binary_search_by(|(e, _)| e.as_str().cmp(&english)) {
            self.0.insert(i, (english, p));
        }
    }

    /// A shell's note, whose `{0}` is the container it ran in.
    fn add_for(&mut self, container: &str, mut p: Phrase) {
        p.args.insert(0, format!("{container:?}"));
        self.add(p);
    }
}

/// Time an exec'd command takes besides its sleeps (runtime exec overhead).
pub const EXEC_OVERHEAD_MS: i64 = 10;
/// The address cluster DNS gives the `kubernetes` Service.
const KUBERNETES_SVC_IP: &str = "10.96.0.1";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Store {
    Root(String),
    Vol(String),
    Node,
}

#[derive(Debug, Clone)]
struct Mount {
    path: String,
    store: Store,
    /// Path inside the store the mount starts at.
    base: String,
    read_only: bool,
}

#[derive(Debug, Clone)]
struct Ctr {
    profile: Profile,
    mounts: Vec<Mount>,
    env: BTreeMap<String, String>,
    spec: Container,
    /// The root filesystem a start begins with, built on first start and shared (copied on the first
    /// write): a crash-looping container restarts thousands of times.
    pristine: Option<Rc<Fs>>,
    /// Results of pure execs by argv, valid while the world's generation is unchanged: a probe that
    /// runs `cat /tmp/ok` every second for a day is interpreted once per change of the world. Kept
    /// with the container, so that a cache hit costs one lookup.
    exec_cache: Vec<(Vec<String>, u64, ExecResult)>,
}

impl Ctr {
    /// The result of `argv` remembered at world generation `gen`.
    fn cached_exec(&self, gen: u64, argv: &[String]) -> Option<ExecResult> {
        let hit = self.exec_cache.iter().find(|(a, g, _)| *g == gen && a.as_slice() == argv);
        hit.map(|(_, _, r)| r.clone())
    }
}

#[derive(Debug, Clone)]
struct Core {
    pod: Pod,
    epoch: Timestamp,
    pod_ip: String,
    node: Fs,
    volumes: BTreeMap<String, Fs>,
    roots: BTreeMap<String, Rc<Fs>>,
    ctrs: BTreeMap<String, Ctr>,
    services: Vec<ServiceSpec>,
    /// (container, listen) for every open port.
    servers: Vec<(String, Listen)>,
    notes: Notes,
    /// Signals sent by `kill` while a process ran, delivered after it.
    kills: Vec<(String, String, Sig)>,
    /// The log of each container's finished main process (its current instance), as `kubectl logs`.
    logs: BTreeMap<String, String>,
}

/// Where a container writes its termination message unless the spec says otherwise.
const DEFAULT_TERMINATION_MESSAGE_PATH: &str = "/dev/termination-log";
/// The kubelet reads at most this much of the termination-message file.
const MAX_TERMINATION_MESSAGE_BYTES: usize = 4096;
/// FallbackToLogsOnError: the last lines of the log, at most this many ...
const FALLBACK_LOG_LINES: usize = 80;
/// ... and at most this many bytes (the tail is kept).
const FALLBACK_LOG_BYTES: usize = 2048;

/// `s` cut to at most `max` bytes on a character boundary, keeping the head or (`tail`) the end.
fn truncate_to(s: &str, max: usize, tail: bool) -> String {
    if s.len() <= max {
        s.to_string()
    } else if tail {
        s[s.ceil_char_boundary(s.len() - max)..].to_string()
    } else {
        s[..s.floor_char_boundary(max)].to_string()
    }
}

/// The default container behavior: see the module docs.
#[derive(Debug, Clone)]
pub struct PodWorld {
    core: Core,
    procs: BTreeMap<String, Process>,
    changes: Vec<(String, ProcessOutcome)>,
    /// Exec commands (container, argv) that ran out of the step budget, with their output: repeated
    /// (a busy-looping exec probe every second for days) they are answered without running again,
    /// until the container restarts.
    busy_execs: BTreeMap<(String, Vec<String>), String>,
    /// Bumped by every call that may change what a command can observe (files, processes, ports,
    /// Services, the container set, the pod IP) and by every exec that was not pure.
    gen: u64,
    /// Parsed `sh -c` scripts by text (a restarting container or a repeated exec parses once).
    scripts: Vec<(String, Parsed)>,
}

/// A script parsed once and shared by every process that runs it (or the syntax error).
type Parsed = Rc<Result<Rc<Program>, String>>;

/// At most this many parsed scripts are kept (oldest dropped first).
const SCRIPT_CACHE: usize = 16;

/// At most this many cached execs per container (probes and hooks use a handful of commands).
const EXEC_CACHE_PER_CONTAINER: usize = 8;

struct View<'a> {
    core: &'a mut Core,
    ctr: String,
    now: SimTime,
    /// The command changed the world or observed absolute time (`date`, a local HTTP server whose
    /// answer depends on when it is asked): its result may not be reused. Simulated `now` itself is
    /// not an observation: the interpreter only measures sleeps against it, which is relative.
    impure: std::cell::Cell<bool>,
}

impl PodWorld {
    /// The world of `pod` (defaults applied), whose creation is at wall time `epoch`.
    pub fn new(pod: &Pod, epoch: Timestamp) -> Self {
        let mut core = Core {
            pod: pod.clone(),
            epoch,
            pod_ip: String::new(),
            node: Fs::new(),
            volumes: BTreeMap::new(),
            roots: BTreeMap::new(),
            ctrs: BTreeMap::new(),
            services: Vec::new(),
            servers: Vec::new(),
            notes: Notes::default(),
            kills: Vec::new(),
            logs: BTreeMap::new(),
        };
        core.setup_volumes();
        let all: Vec<Container> = pod
            .init_containers()
            .iter()
            .chain(pod.spec.containers.iter())
            .chain(pod.ephemeral_containers().iter())
            .cloned()
            .collect();
        for c in &all {
            core.add_container(c);
        }
        PodWorld {
            core,
            procs: BTreeMap::new(),
            changes: Vec::new(),
            busy_execs: BTreeMap::new(),
            gen: 0,
            scripts: Vec::new(),
        }
    }

    /// Reads a file as container `ctr` sees it (tests and the UI's file view).
    pub fn read_file(&self, ctr: &str, path: &str) -> Option<String> {
        let (store, inner, _) = self.core.locate(ctr, path)?;
        self.core.fs(&store)?.read(&inner).ok().map(str::to_string)
    }

    fn view(&mut self, ctr: &str, now: SimTime) -> View<'_> {
        View { core: &mut self.core, ctr: ctr.to_string(), now, impure: std::cell::Cell::new(false) }
    }

    fn sync_ref(&mut self, c: &ContainerRef<'_>) {
        if self.core.pod_ip != c.pod_ip {
            self.core.pod_ip = c.pod_ip.to_string();
            self.gen += 1;
        }
        // Ephemeral containers and changed images arrive after construction.
        let known = self.core.ctrs.get(&c.spec.name).is_some_and(|k| k.spec.image == c.spec.image);
        if !known {
            self.core.add_container(c.spec);
            self.gen += 1;
        }
    }

    fn outcome(st: ProcStatus, now: SimTime) -> ProcessOutcome {
        match st {
            ProcStatus::Exited(code) => ProcessOutcome::Exits { after_ms: 0, code: i64::from(code) },
            ProcStatus::Sleeping(t) => ProcessOutcome::Wakes { after_ms: t.since(now).max(0) },
            ProcStatus::Blocked => ProcessOutcome::RunsForever,
        }
    }

    /// Runs the main process of `name` and records its notes.
    fn run_main(&mut self, name: &str, now: SimTime) -> ProcessOutcome {
        let Some(mut p) = self.procs.remove(name) else { return ProcessOutcome::RunsForever };
        let st = {
            let mut v = self.view(name, now);
            p.run(&mut v)
        };
        for n in p.take_notes() {
            self.core.notes.add_for(name, n);
        }
        self.keep(name, p, !matches!(st, ProcStatus::Exited(_)));
        Self::outcome(st, now)
    }

    /// Keeps a live process, or the log of a finished one.
    fn keep(&mut self, name: &str, p: Process, alive: bool) {
        if alive {
            self.procs.insert(name.to_string(), p);
        } else {
            self.core.logs.insert(name.to_string(), p.output().to_string());
        }
    }

    /// Delivers signals that `kill` queued while a process ran.
    fn deliver_kills(&mut self, now: SimTime) {
        let kills = std::mem::take(&mut self.core.kills);
        for (ctr, _target, sig) in kills {
            let Some(mut p) = self.procs.remove(&ctr) else { continue };
            let r = {
                let mut v = self.view(&ctr, now);
                p.signal(sig, &mut v)
            };
            match r {
                Some((ms, code)) => {
                    self.changes
                        .push((ctr.clone(), ProcessOutcome::Exits { after_ms: ms, code: i64::from(code) }));
                    self.keep(&ctr, p, ms > 0);
                }
                None => {
                    let st = {
                        let mut v = self.view(&ctr, now);
                        p.run(&mut v)
                    };
                    self.changes.push((ctr.clone(), Self::outcome(st, now)));
                    self.keep(&ctr, p, !matches!(st, ProcStatus::Exited(_)));
                }
            }
        }
    }

    /// `script` parsed, from the cache when it was parsed before.
    fn parsed(&mut self, script: &str) -> Parsed {
        if let Some((_, p)) = self.scripts.iter().find(|(s, _)| s.as_str() == script) {
            return Rc::clone(p);
        }
        let p = Rc::new(super::sh::parse::parse(script).map(Rc::new));
        if self.scripts.len() >= SCRIPT_CACHE {
            self.scripts.remove(0);
        }
        self.scripts.push((script.to_string(), Rc::clone(&p)));
        p
    }

    /// A pure exec's earlier result, if nothing it can observe has changed since.
    fn cached_exec(&self, name: &str, argv: &[String]) -> Option<ExecResult> {
        self.core.ctrs.get(name)?.cached_exec(self.gen, argv)
    }

    fn remember_exec(&mut self, name: String, argv: Vec<String>, result: ExecResult) {
        let gen = self.gen;
        let Some(k) = self.core.ctrs.get_mut(&name) else { return };
        let list = &mut k.exec_cache;
        list.retain(|(a, g, _)| *g == gen && *a != argv);
        if list.len() >= EXEC_CACHE_PER_CONTAINER {
            list.remove(0);
        }
        list.push((argv, gen, result));
    }

    /// The process `argv` would start as, in container `name` (shell scripts vs plain programs).
    fn spawn(&mut self, name: &str, argv: &[String]) -> Process {
        let (env, cwd, flavor) = match self.core.ctrs.get(name) {
            Some(c) => (
                c.env.clone(),
                c.spec.working_dir.clone().unwrap_or_else(|| c.profile.workdir.clone()),
                c.profile.flavor,
            ),
            None => (BTreeMap::new(), "/".to_string(), Flavor::Busybox),
        };
        let arg0 = argv.first().map(|a| a.rsplit('/').next().unwrap_or(a)).unwrap_or("");
        if matches!(arg0, "sh" | "bash" | "ash" | "dash") {
            if let Some(i) = argv.iter().position(|a| a == "-c" || a == "-ec" || a == "-xc" || a == "-ce") {
                let script = argv.get(i + 1).map_or("", String::as_str);
                let args: Vec<String> = argv.iter().skip(i + 2).cloned().collect();
                let parsed = self.parsed(script);
                return Process::shell_parsed(&parsed, args, env, &cwd, flavor);
            }
        }
        Process::argv(argv, env, &cwd, flavor)
    }
}

impl Core {
    fn setup_volumes(&mut self) {
        let ns = self.pod.namespace().to_string();
        let automount = self.pod.spec.automount_service_account_token != Some(false);
        if automount {
            let mut fs = Fs::new();
            fs.put("/namespace", &ns);
            fs.put("/token", "eyJhbGciOiJSUzI1NiJ9.simulated.token");
            fs.put("/ca.crt", "-----BEGIN CERTIFICATE-----\nsimulated\n-----END CERTIFICATE-----\n");
            self.volumes.insert("\u{0}kube-api-access".to_string(), fs);
        }
        let vols = self.pod.spec.volumes.clone().unwrap_or_default();
        for v in vols {
            let mut fs = Fs::new();
            if let Some(h) = &v.host_path {
                let p = normalize("/", &h.path);
                match h.type_.as_deref() {
                    Some("File" | "FileOrCreate") => {
                        if self.node.get(&p).is_none() {
                            self.node.put(&p, "");
                        }
                    }
                    _ => self.node.ensure_dir(&p),
                }
                continue;
            }
            let items = |list: &Option<Vec<serde_yaml::Value>>| -> Vec<String> {
                list.iter()
                    .flatten()
                    .filter_map(|i| {
                        i.get("path").or_else(|| i.get("key")).and_then(|p| p.as_str()).map(str::to_string)
                    })
                    .collect()
            };
            // ConfigMap and Secret contents live outside the document: empty files, said aloud.
            let unknown = match (&v.config_map, &v.secret) {
                (Some(cm), _) => Some(("ConfigMap", cm.name.clone(), &cm.items)),
                (None, Some(sec)) => Some(("Secret", sec.secret_name.clone(), &sec.items)),
                (None, None) => None,
            };
            if let Some((kind, name, listed)) = unknown {
                let files = items(listed);
                for f in &files {
                    fs.put(&normalize("/", f), "");
                }
                let mut args = vec![
                    format!("{:?}", v.name),
                    kind.to_string(),
                    format!("{:?}", name.unwrap_or_default()),
                ];
                let key = if files.is_empty() {
                    Key::VolumeUnknownNoFiles
                } else {
                    args.push(files.join(", "));
                    Key::VolumeUnknownEmptyFiles
                };
                self.notes.add(Phrase { key, args });
            } else if let Some(d) = &v.downward_api {
                for item in d.get("items").and_then(|i| i.as_sequence()).into_iter().flatten() {
                    let Some(path) = item.get("path").and_then(|p| p.as_str()) else { continue };
                    let field = item
                        .get("fieldRef")
                        .and_then(|f| f.get("fieldPath"))
                        .and_then(|f| f.as_str())
                        .unwrap_or("");
                    fs.put(&normalize("/", path), &self.field(field));
                }
            } else if v.empty_dir.is_none() {
                self.notes.add(Phrase::new(Key::VolumeAsEmptyDir, [format!("{:?}", v.name)]));
            }
            self.volumes.insert(v.name.clone(), fs);
        }
    }

    /// A Downward API field's value.
    fn field(&self, path: &str) -> String {
        let meta = &self.pod.metadata;
        let map_text = |m: &Option<BTreeMap<String, String>>| {
            m.iter().flatten().map(|(k, v)| format!("{k}=\"{v}\"")).collect::<Vec<_>>().join("\n")
        };
        match path {
            "metadata.name" => meta.name.clone().unwrap_or_default(),
            "metadata.namespace" => self.pod.namespace().to_string(),
            "metadata.uid" => meta.uid.clone().unwrap_or_default(),
            "metadata.labels" => map_text(&meta.labels),
            "metadata.annotations" => map_text(&meta.annotations),
            "status.podIP" => self.pod_ip.clone(),
            "status.hostIP" => "172.18.0.2".to_string(),
            "spec.nodeName" => self.pod.spec.node_name.clone().unwrap_or_else(|| "node-1".to_string()),
            "spec.serviceAccountName" => {
                self.pod.spec.service_account_name.clone().unwrap_or_else(|| "default".to_string())
            }
            p => {
                if let Some(key) = p.strip_prefix("metadata.labels['").and_then(|k| k.strip_suffix("']")) {
                    return meta.labels.as_ref().and_then(|l| l.get(key)).cloned().unwrap_or_default();
                }
                if let Some(key) = p.strip_prefix("metadata.annotations['").and_then(|k| k.strip_suffix("']"))
                {
                    return meta.annotations.as_ref().and_then(|l| l.get(key)).cloned().unwrap_or_default();
                }
                String::new()
            }
        }
    }

    fn add_container(&mut self, c: &Container) {
        let image = c.image.clone().unwrap_or_default();
        let profile = image::profile(&image);
        if let Some(n) = &profile.loose {
            self.notes.add(n.clone());
        }
        let mut mounts = Vec::new();
        // Volumes by name, the first of a repeated name winning (as a search from the front would):
        // a search per mount was quadratic (15k volumes and mounts took seconds). A sorted list, not
        // a map: a new map type would cost the page ~3 KB.
        let volumes: Vec<_> = self.pod.spec.volumes.iter().flatten().collect();
        let mut by_name: Vec<(&str, usize)> =
            volumes.iter().enumerate().map(|(i, v)| (v.name.as_str(), i)).collect();
        crate::sort::by(&mut by_name, |a, b| a.0.cmp(b.0));
        for m in c.volume_mounts.iter().flatten() {
            let path = normalize("/", &m.mount_path);
            let sub = m.sub_path.clone().unwrap_or_default();
            let at = by_name.partition_point(|(n, _)| *n < m.name.as_str());
            let Some(&(_, i)) = by_name.get(at).filter(|(n, _)| *n == m.name) else { continue };
            let vol = volumes[i];
            let ro_source = vol.config_map.is_some() || vol.secret.is_some() || vol.downward_api.is_some();
            let read_only = m.read_only == Some(true) || ro_source;
            let (store, base) = match &vol.host_path {
                Some(h) => (Store::Node, normalize(&normalize("/", &h.path), &sub)),
                None => (Store::Vol(vol.name.clone()), normalize("/", &sub)),
            };
            mounts.push(Mount { path, store, base, read_only });
        }
        if self.volumes.contains_key("\u{0}kube-api-access") {
            mounts.push(Mount {
                path: "/var/run/secrets/kubernetes.io/serviceaccount".to_string(),
                store: Store::Vol("\u{0}kube-api-access".to_string()),
                base: "/".to_string(),
                read_only: true,
            });
        }
        // Longest mount path first: the most specific mount wins.
        crate::sort::by(&mut mounts, |a, b| b.path.len().cmp(&a.path.len()).then(a.path.cmp(&b.path)));
        let mut env = BTreeMap::new();
        env.insert(
            "PATH".to_string(),
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
        );
        env.insert("HOSTNAME".to_string(), self.hostname());
        env.insert("HOME".to_string(), "/root".to_string());
        env.insert("KUBERNETES_SERVICE_HOST".to_string(), KUBERNETES_SVC_IP.to_string());
        env.insert("KUBERNETES_SERVICE_PORT".to_string(), "443".to_string());
        env.insert("KUBERNETES_PORT".to_string(), format!("tcp://{KUBERNETES_SVC_IP}:443"));
        let mut longest = longest_name(&env);
        for e in c.env.iter().flatten() {
            let value = match (&e.value, &e.value_from) {
                (Some(v), _) => expand_k8s_vars(v, &env, longest),
                (None, Some(src)) => {
                    if let Some(f) = &src.field_ref {
                        self.field(&f.field_path)
                    } else if src.resource_field_ref.is_some() {
                        "0".to_string()
                    } else {
                        self.notes.add(Phrase::new(
                            Key::EnvFromUnknownSource,
                            [format!("{:?}", e.name), format!("{:?}", c.name)],
                        ));
                        String::new()
                    }
                }
                (None, None) => String::new(),
            };
            longest = longest.max(e.name.len());
            env.insert(e.name.clone(), value);
        }
        self.ctrs.insert(
            c.name.clone(),
            Ctr { profile, mounts, env, spec: c.clone(), pristine: None, exec_cache: Vec::new() },
        );
    }

    fn hostname(&self) -> String {
        self.pod.spec.hostname.clone().unwrap_or_else(|| self.pod.name().to_string())
    }

    /// Where `path` of container `ctr` lives: (store, path inside it, read-only).
    fn locate(&self, ctr: &str, path: &str) -> Option<(Store, String, bool)> {
        let c = self.ctrs.get(ctr)?;
        for m in &c.mounts {
            let rest = if path == m.path {
                Some("")
            } else if m.path == "/" {
                Some(path)
            } else {
                path.strip_prefix(&m.path).filter(|r| r.starts_with('/'))
            };
            if let Some(rest) = rest {
                let inner = normalize(&m.base, rest.trim_start_matches('/'));
                return Some((m.store.clone(), inner, m.read_only));
            }
        }
        Some((Store::Root(ctr.to_string()), path.to_string(), false))
    }

    fn fs(&self, s: &Store) -> Option<&Fs> {
        match s {
            Store::Root(c) => self.roots.get(c).map(|fs| &**fs),
            Store::Vol(v) => self.volumes.get(v),
            Store::Node => Some(&self.node),
        }
    }

    fn fs_mut(&mut self, s: &Store) -> Option<&mut Fs> {
        match s {
            Store::Root(c) => Some(Rc::make_mut(self.roots.entry(c.clone()).or_default())),
            Store::Vol(v) => self.volumes.get_mut(v),
            Store::Node => Some(&mut self.node),
        }
    }

    /// A fresh writable layer for `ctr`, with its mount points as directories.
    fn fresh_root(&mut self, ctr: &str) {
        let Some(c) = self.ctrs.get_mut(ctr) else { return };
        let fs = c
            .pristine
            .get_or_insert_with(|| {
                let mut fs = image::root_fs(&c.profile);
                for m in &c.mounts {
                    fs.ensure_dir(&m.path);
                }
                Rc::new(fs)
            })
            .clone();
        self.roots.insert(ctr.to_string(), fs);
    }

    /// An HTTP GET served by whatever listens on `port` in the pod.
    fn http(&self, port: i64, path: &str, now: SimTime) -> Result<(u16, String), String> {
        let Some((ctr, l)) = self.servers.iter().rev().find(|(_, l)| l.port == port) else {
            return Err("connect: connection refused".to_string());
        };
        let path = path.split(['?', '#']).next().unwrap_or("/");
        match &l.kind {
            ServerKind::Fixed { code, body } => Ok((*code, body.clone())),
            ServerKind::Tcp => Err("EOF".to_string()),
            ServerKind::AgnhostLiveness { since } => {
                if path != "/healthz" {
                    return Ok((404, "404 page not found\n".to_string()));
                }
                let up = now.since(*since);
                if up < 10_000 {
                    Ok((200, "ok".to_string()))
                } else {
                    Ok((500, format!("error: {}", crate::time::go_duration(up))))
                }
            }
            ServerKind::Static { root, forbid_dirs } => {
                let full = normalize(root, path.trim_start_matches('/'));
                let read = |p: &str| -> Result<String, FsError> {
                    let (store, inner, _) = self.locate(ctr, p).ok_or(FsError::NotFound)?;
                    let fs = self.fs(&store).ok_or(FsError::NotFound)?;
                    fs.read(&inner).map(str::to_string)
                };
                match read(&full) {
                    Ok(body) => Ok((200, body)),
                    Err(FsError::IsDir) => match read(&normalize(&full, "index.html")) {
                        Ok(body) => Ok((200, body)),
                        Err(_) if *forbid_dirs => Ok((403, forbidden())),
                        Err(_) => Ok((404, not_found())),
                    },
                    Err(_) => Ok((404, not_found())),
                }
            }
        }
    }

    fn resolve(&self, name: &str) -> Option<(String, String)> {
        let ns = self.pod.namespace();
        let name = name.trim_end_matches('.');
        let suffixes =
            [format!(".{ns}.svc.cluster.local"), format!(".{ns}.svc"), format!(".{ns}"), String::new()];
        for suf in &suffixes {
            let Some(short) = name.strip_suffix(suf.as_str()) else { continue };
            if short.contains('.') {
                continue;
            }
            let fqdn = format!("{short}.{ns}.svc.cluster.local");
            if short == "kubernetes" && ns == "default" {
                return Some((fqdn, KUBERNETES_SVC_IP.to_string()));
            }
            if self.services.iter().any(|s| s.name == short) {
                return Some((fqdn, service_ip(short)));
            }
        }
        if name == "kubernetes.default" || name == "kubernetes.default.svc.cluster.local" {
            return Some(("kubernetes.default.svc.cluster.local".to_string(), KUBERNETES_SVC_IP.to_string()));
        }
        None
    }
}

/// A stable ClusterIP for a Service name.
pub fn service_ip(name: &str) -> String {
    let h = crate::sim::rng::fnv1a(name);
    format!("10.96.{}.{}", (h >> 8) % 250 + 1, h % 250 + 2)
}

fn not_found() -> String {
    "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n</body>\r\n</html>\r\n".to_string()
}

fn forbidden() -> String {
    "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n</body>\r\n</html>\r\n".to_string()
}

/// The length of the longest name in `env` (what [`expand_k8s_vars`] needs to know).
fn longest_name(env: &BTreeMap<String, String>) -> usize {
    env.keys().map(String::len).max().unwrap_or(0)
}

/// Kubernetes' `$(VAR)` expansion in command, args and env values (`$$(` escapes), `longest` being
/// the longest name in `env`. The caller keeps it: a container's env is built one variable at a
/// time, each expanded against those before it, and its command and args are each expanded against
/// all of it; measuring every name again for each was quadratic (30k variables took seconds).
pub fn expand_k8s_vars(s: &str, env: &BTreeMap<String, String>, longest: usize) -> String {
    let mut out = String::new();
    let mut rest = s;
    // Only a name of a defined variable expands, so the `)` is never further than the longest name:
    // looking further would make `$($($(…` quadratic in the length of the text.
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(t) = tail.strip_prefix("$$") {
            out.push('$');
            rest = t;
        } else if let Some(t) = tail.strip_prefix("$(") {
            match t.bytes().take(longest + 1).position(|b| b == b')') {
                Some(j) if env.contains_key(&t[..j]) => {
                    out.push_str(env.get(&t[..j]).map_or("", String::as_str));
                    rest = &t[j + 1..];
                }
                _ => {
                    out.push('$');
                    rest = &tail[1..];
                }
            }
        } else {
            out.push('$');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

impl Host for View<'_> {
    fn now(&self) -> SimTime {
        self.now
    }
    fn flavor(&self) -> Flavor {
        self.core.ctrs.get(&self.ctr).map_or(Flavor::Busybox, |c| c.profile.flavor)
    }
    fn read(&self, path: &str) -> Result<String, FsError> {
        let (s, inner, _) = self.core.locate(&self.ctr, path).ok_or(FsError::NotFound)?;
        self.core.fs(&s).ok_or(FsError::NotFound)?.read(&inner).map(str::to_string)
    }
    fn write(&mut self, path: &str, data: &str, append: bool) -> Result<(), FsError> {
        self.impure.set(true);
        if path == "/dev/null" {
            return Ok(());
        }
        let (s, inner, ro) = self.core.locate(&self.ctr, path).ok_or(FsError::NotFound)?;
        if ro {
            return Err(FsError::ReadOnly);
        }
        self.core.fs_mut(&s).ok_or(FsError::NotFound)?.write(&inner, data, append)
    }
    fn stat(&self, path: &str) -> Option<(bool, usize)> {
        let (s, inner, _) = self.core.locate(&self.ctr, path)?;
        match self.core.fs(&s)?.get(&inner)? {
            super::fs::Entry::Dir => Some((true, 0)),
            super::fs::Entry::File(c) => Some((false, c.len())),
        }
    }
    fn mkdir(&mut self, path: &str, parents: bool) -> Result<(), FsError> {
        self.impure.set(true);
        let (s, inner, ro) = self.core.locate(&self.ctr, path).ok_or(FsError::NotFound)?;
        if ro {
            return Err(FsError::ReadOnly);
        }
        self.core.fs_mut(&s).ok_or(FsError::NotFound)?.mkdir(&inner, parents)
    }
    fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        self.impure.set(true);
        let (s, inner, ro) = self.core.locate(&self.ctr, path).ok_or(FsError::NotFound)?;
        if ro {
            return Err(FsError::ReadOnly);
        }
        self.core.fs_mut(&s).ok_or(FsError::NotFound)?.remove(&inner, recursive)
    }
    fn list(&self, path: &str) -> Result<Vec<String>, FsError> {
        let (s, inner, _) = self.core.locate(&self.ctr, path).ok_or(FsError::NotFound)?;
        let mut names = self.core.fs(&s).ok_or(FsError::NotFound)?.list(&inner);
        // Mount points directly below show up too.
        if let Some(c) = self.core.ctrs.get(&self.ctr) {
            for m in &c.mounts {
                if super::fs::parent(&m.path) == path {
                    let n = super::fs::base_name(&m.path).to_string();
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
            }
        }
        crate::sort::ascending(&mut names);
        Ok(names)
    }
    fn resolve(&self, name: &str) -> Option<(String, String)> {
        self.core.resolve(name)
    }
    fn http(&self, host: &str, port: i64, path: &str) -> Result<(u16, String), String> {
        if self.is_local(host) {
            self.impure.set(true);
            return self.core.http(port, path, self.now);
        }
        match self.core.resolve(host) {
            Some(_) => Err("connect: connection refused".to_string()),
            None => Err(format!("dial tcp: lookup {host}: no such host")),
        }
    }
    fn connect(&self, host: &str, port: i64) -> bool {
        self.is_local(host) && self.core.servers.iter().any(|(_, l)| l.port == port)
    }
    fn hostname(&self) -> String {
        self.core.hostname()
    }
    fn pod_ip(&self) -> String {
        self.core.pod_ip.clone()
    }
    fn listen(&mut self, l: Listen) {
        self.impure.set(true);
        self.core.servers.retain(|(c, x)| !(c == &self.ctr && x.port == l.port));
        self.core.servers.push((self.ctr.clone(), l));
    }
    fn kill(&mut self, target: &str, sig: Sig) -> bool {
        self.impure.set(true);
        self.core.kills.push((self.ctr.clone(), target.to_string(), sig));
        true
    }
    fn note(&mut self, p: Phrase) {
        self.impure.set(true);
        self.core.notes.add_for(&self.ctr, p);
    }
    fn wall_rfc1123z(&self) -> String {
        self.impure.set(true);
        self.core.epoch.plus_millis(self.now.ms()).to_rfc1123z()
    }
    fn image_base(&self) -> String {
        self.core.ctrs.get(&self.ctr).map(|c| c.profile.name.clone()).unwrap_or_default()
    }
    fn busybox_legacy(&self) -> bool {
        self.core.ctrs.get(&self.ctr).is_some_and(|c| c.profile.busybox_legacy)
    }
    fn assume_server(&mut self, program: &str) -> Option<Vec<Listen>> {
        self.impure.set(true);
        let c = self.core.ctrs.get(&self.ctr)?;
        if c.profile.known {
            return None;
        }
        let ports: Vec<i64> = c.spec.ports.iter().flatten().map(|p| p.container_port).collect();
        let image = c.spec.image.clone().unwrap_or_default();
        let mut args = vec![format!("{image:?}"), format!("{program:?}"), format!("{:?}", self.ctr)];
        let key = if ports.is_empty() {
            Key::ImageAssumedServerNoPorts
        } else {
            args.push(ports.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", "));
            Key::ImageAssumedServer
        };
        self.core.notes.add(Phrase { key, args });
        Some(
            ports
                .into_iter()
                .map(|port| Listen { port, kind: ServerKind::Fixed { code: 200, body: "OK".to_string() } })
                .collect(),
        )
    }
}

impl View<'_> {
    fn is_local(&self, host: &str) -> bool {
        matches!(host, "localhost" | "127.0.0.1" | "0.0.0.0" | "::1" | "[::1]")
            || host == self.core.pod_ip
            || host == self.core.hostname()
    }
}

impl Behavior for PodWorld {
    fn start(&mut self, c: ContainerRef<'_>, now: SimTime) -> ProcessOutcome {
        self.sync_ref(&c);
        self.gen += 1;
        let name = c.spec.name.clone();
        self.busy_execs.retain(|(ctr, _), _| ctr != &name);
        self.core.fresh_root(&name);
        self.core.logs.remove(&name);
        self.core.servers.retain(|(x, _)| x != &name);
        let Some(ctr) = self.core.ctrs.get(&name) else { return ProcessOutcome::RunsForever };
        let (command, args) = match (&c.spec.command, &c.spec.args) {
            (Some(cmd), a) => (cmd.clone(), a.clone().unwrap_or_default()),
            (None, Some(a)) => (ctr.profile.entrypoint.clone(), a.clone()),
            (None, None) => (ctr.profile.entrypoint.clone(), ctr.profile.cmd.clone()),
        };
        let env = ctr.env.clone();
        let longest = longest_name(&env);
        let mut argv: Vec<String> =
            command.into_iter().chain(args).map(|a| expand_k8s_vars(&a, &env, longest)).collect();
        // The nginx/redis entrypoint scripts exec their arguments.
        if argv.first().is_some_and(|a| a.ends_with("docker-entrypoint.sh")) && argv.len() > 1 {
            argv.remove(0);
        }
        if argv.is_empty() {
            if !ctr.profile.known {
                // An unknown image's default entrypoint: the declared-ports assumption.
                argv.push(image::image_base(c.spec.image.as_deref().unwrap_or("")).to_string());
            } else {
                return ProcessOutcome::Exits { after_ms: 0, code: 0 };
            }
        }
        let mut p = self.spawn(&name, &argv);
        let st = {
            let mut v = self.view(&name, now);
            p.run(&mut v)
        };
        for n in p.take_notes() {
            self.core.notes.add_for(&name, n);
        }
        let alive = !matches!(st, ProcStatus::Exited(_));
        if !alive {
            self.core.servers.retain(|(x, _)| x != &name);
        }
        self.keep(&name, p, alive);
        self.deliver_kills(now);
        Self::outcome(st, now)
    }

    fn resume(&mut self, c: ContainerRef<'_>, now: SimTime) -> ProcessOutcome {
        self.sync_ref(&c);
        self.gen += 1;
        let o = self.run_main(&c.spec.name, now);
        self.deliver_kills(now);
        o
    }

    fn exec(&mut self, c: ContainerRef<'_>, argv: &[String], now: SimTime) -> ExecResult {
        // The common case first (a probe every second, nothing changed): a cached result for a known
        // container, with one lookup; `sync_ref` below would find nothing to do.
        if self.core.pod_ip == c.pod_ip {
            let known = self.core.ctrs.get(&c.spec.name).filter(|k| k.spec.image == c.spec.image);
            if let Some(hit) = known.and_then(|k| k.cached_exec(self.gen, argv)) {
                return hit;
            }
        }
        self.sync_ref(&c);
        // Checked first: a cache hit needs none of the lookups below (they depend on state that
        // bumps the generation when it changes).
        if let Some(hit) = self.cached_exec(&c.spec.name, argv) {
            return hit;
        }
        let name = c.spec.name.clone();
        if !self.procs.contains_key(&name) {
            return ExecResult {
                exit_code: 126,
                output: "cannot exec in a stopped state: unknown".to_string(),
                duration_ms: EXEC_OVERHEAD_MS,
            };
        }
        let has_shell = self.core.ctrs.get(&name).is_none_or(|x| x.profile.has_shell);
        let arg0 = argv.first().map(|a| a.rsplit('/').next().unwrap_or(a)).unwrap_or("");
        if !has_shell && matches!(arg0, "sh" | "bash") {
            return ExecResult {
                exit_code: 126,
                output: format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: exec: {:?}: executable file not found in $PATH: unknown",
                    argv.first().cloned().unwrap_or_default()
                ),
                duration_ms: EXEC_OVERHEAD_MS,
            };
        }
        let key = (name.clone(), argv.to_vec());
        if let Some(output) = self.busy_execs.get(&key) {
            return ExecResult { exit_code: -1, output: output.clone(), duration_ms: i64::MAX / 4 };
        }
        let p = self.spawn(&name, argv);
        let (out, impure) = {
            let mut v = self.view(&name, now);
            let out = p.run_to_end(&mut v);
            (out, v.impure.get())
        };
        self.deliver_kills(now);
        if impure {
            self.gen += 1;
        }
        if out.code.is_none() {
            self.core
                .notes
                .add(Phrase::new(Key::ExecNeverFinishes, [format!("{name:?}"), format!("{argv:?}")]));
            self.busy_execs.insert(key.clone(), out.output.clone());
        }
        let result = ExecResult {
            exit_code: out.code.map_or(-1, i64::from),
            output: out.output,
            duration_ms: match out.code {
                Some(_) => out.elapsed_ms.saturating_add(EXEC_OVERHEAD_MS),
                None => i64::MAX / 4,
            },
        };
        if !impure && out.code.is_some() {
            self.remember_exec(key.0, key.1, result.clone());
        }
        result
    }

    fn http_get(&mut self, c: ContainerRef<'_>, port: i64, path: &str, now: SimTime) -> HttpResult {
        self.sync_ref(&c);
        match self.core.http(port, path, now) {
            Ok((code, body)) => HttpResult::Status { code, body },
            Err(e) if e.contains("refused") => HttpResult::ConnectionRefused,
            Err(e) => HttpResult::Failed(e),
        }
    }

    fn tcp_connect(&mut self, c: ContainerRef<'_>, port: i64, _now: SimTime) -> bool {
        self.sync_ref(&c);
        self.core.servers.iter().any(|(_, l)| l.port == port)
    }

    fn signal(&mut self, c: ContainerRef<'_>, sig: Signal, now: SimTime) -> SignalOutcome {
        self.sync_ref(&c);
        self.gen += 1;
        let name = c.spec.name.clone();
        let stop = match c.spec.lifecycle.as_ref().and_then(|l| l.stop_signal.as_deref()).and_then(Sig::parse)
        {
            Some(s) => s,
            None => self.core.ctrs.get(&name).map_or(Sig::Term, |x| x.profile.stop_signal),
        };
        let sig = match sig {
            Signal::Term => stop,
            Signal::Kill => Sig::Kill,
        };
        let Some(mut p) = self.procs.remove(&name) else { return SignalOutcome::Ignored };
        let r = {
            let mut v = self.view(&name, now);
            p.signal(sig, &mut v)
        };
        let out = match r {
            Some((ms, code)) => SignalOutcome::ExitsAfter { after_ms: ms, code: i64::from(code) },
            None => {
                // A trap may have started running: report where it stands.
                let st = {
                    let mut v = self.view(&name, now);
                    p.run(&mut v)
                };
                match st {
                    ProcStatus::Exited(code) => {
                        SignalOutcome::ExitsAfter { after_ms: 0, code: i64::from(code) }
                    }
                    other => {
                        self.changes.push((name.clone(), Self::outcome(other, now)));
                        SignalOutcome::Ignored
                    }
                }
            }
        };
        let alive = p.exit_code().is_none();
        self.keep(&name, p, alive);
        out
    }

    fn stopped(&mut self, c: ContainerRef<'_>, _now: SimTime) {
        self.gen += 1;
        let name = &c.spec.name;
        if let Some(p) = self.procs.remove(name) {
            self.keep(name, p, false);
        }
        self.core.servers.retain(|(x, _)| x != name);
    }

    fn notes(&self) -> Vec<Phrase> {
        self.core.notes.0.iter().map(|(_, p)| p.clone()).collect()
    }

    fn generation(&self) -> Option<u64> {
        Some(self.gen)
    }

    fn take_changes(&mut self) -> Vec<(String, ProcessOutcome)> {
        std::mem::take(&mut self.changes)
    }

    fn set_services(&mut self, services: &[ServiceSpec], _now: SimTime) {
        self.gen += 1;
        self.core.services = services.to_vec();
    }

    fn node_file(&mut self, path: &str, content: &str, _now: SimTime) {
        self.gen += 1;
        self.core.node.put(&normalize("/", path), content);
    }

    fn termination_message(&mut self, c: ContainerRef<'_>, exit_code: i64) -> Option<String> {
        let spec = c.spec;
        let path = spec.termination_message_path.as_deref().unwrap_or(DEFAULT_TERMINATION_MESSAGE_PATH);
        let file = self.read_file(&spec.name, path).unwrap_or_default();
        let file = truncate_to(&file, MAX_TERMINATION_MESSAGE_BYTES, false);
        let fallback = spec.termination_message_policy.as_deref() == Some("FallbackToLogsOnError");
        if file.is_empty() && fallback && exit_code != 0 {
            let log = match self.procs.get(&spec.name) {
                Some(p) => p.output().to_string(),
                None => self.core.logs.get(&spec.name).cloned().unwrap_or_default(),
            };
            let tail: Vec<&str> = log.lines().rev().take(FALLBACK_LOG_LINES).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            let text = truncate_to(&tail.join("\n"), FALLBACK_LOG_BYTES, true);
            return (!text.is_empty()).then_some(text);
        }
        (!file.is_empty()).then_some(file)
    }
}

#[cfg(test)]
mod truncate_tests {
    use super::truncate_to;

    #[test]
    fn cuts_on_character_boundaries_at_either_end() {
        // "探针" is 6 bytes: a 4-byte budget fits one 3-byte character from either end.
        assert_eq!(truncate_to("探针", 4, false), "探");
        assert_eq!(truncate_to("探针", 4, true), "针");
        assert_eq!(truncate_to("ab探", 3, true), "探");
        assert_eq!(truncate_to("short", 10, false), "short");
    }
}

#[cfg(test)]
mod expand_tests {
    use super::{expand_k8s_vars, longest_name};
    use std::collections::BTreeMap;

    #[test]
    fn expands_defined_variables_and_unescapes_dollars() {
        let env: BTreeMap<String, String> =
            [("A".to_string(), "1".to_string()), ("LONG_NAME".to_string(), "2".to_string())].into();
        for (input, want) in [
            ("$(A)-$(LONG_NAME)", "1-2"),
            ("$$(A)", "$(A)"),
            ("$$$(A)", "$1"),
            ("$(B) $(A", "$(B) $(A"),
            ("a$$b$$$c$", "a$b$$c$"),
            ("no dollars", "no dollars"),
        ] {
            assert_eq!(expand_k8s_vars(input, &env, longest_name(&env)), want, "{input}");
        }
        // The longest name bounds the search for `)`: one too short misses LONG_NAME.
        assert_eq!(expand_k8s_vars("$(LONG_NAME)", &env, 9), "2");
        assert_eq!(expand_k8s_vars("$(LONG_NAME)", &env, 8), "$(LONG_NAME)");
    }
}
