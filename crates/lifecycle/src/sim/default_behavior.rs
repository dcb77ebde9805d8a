//! A deliberately small process model, enough for the canonical pods: `sleep N`, `exit N`, and
//! `sh -c "touch F; sleep N; rm F; ..."` scripts with file probes (`test -e`, `cat`, `ls`); nginx and
//! httpd serving `/` on port 80; busybox/alpine exiting at once without a command; unknown images as
//! long-running servers answering 200 on their declared ports (an assumption recorded as a note).
//! The bounded `sh` interpreter written elsewhere replaces this module wholesale.

use super::behavior::{
    Behavior, ContainerRef, ExecResult, HttpResult, ProcessOutcome, Signal, SignalOutcome,
};
use super::clock::SimTime;
use std::collections::{BTreeMap, BTreeSet};

/// Time a modelled short command (touch, test, cat…) takes inside an exec.
const EXEC_COMMAND_MS: i64 = 15;
/// Time a server takes to shut down after its stop signal.
const SERVER_SHUTDOWN_MS: i64 = 120;
/// Time an image's default shell takes to exit when it has no terminal.
const SHELL_EXIT_MS: i64 = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
enum FsOp {
    Create(String),
    Remove(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    /// busybox-style error texts (busybox, alpine).
    Busybox,
    /// GNU coreutils error texts (debian-based images).
    Gnu,
}

#[derive(Debug, Clone)]
struct World {
    flavor: Flavor,
    files: BTreeSet<String>,
    timeline: Vec<(SimTime, FsOp)>,
    applied: usize,
    ports: BTreeSet<i64>,
    /// `None`: any path answers 200; `Some`: these paths answer 200, others 404.
    paths: Option<Vec<String>>,
    on_term: SignalOutcome,
}

impl World {
    fn advance(&mut self, now: SimTime) {
        while let Some((at, op)) = self.timeline.get(self.applied) {
            if *at > now {
                break;
            }
            match op {
                FsOp::Create(p) => {
                    self.files.insert(p.clone());
                }
                FsOp::Remove(p) => {
                    self.remove(&p.clone());
                }
            }
            self.applied += 1;
        }
    }

    fn remove(&mut self, path: &str) {
        let prefix = format!("{}/", path.trim_end_matches('/'));
        self.files.retain(|f| f != path && !f.starts_with(&prefix));
    }

    fn exists(&self, path: &str) -> bool {
        let prefix = format!("{}/", path.trim_end_matches('/'));
        self.files.iter().any(|f| f == path || f.starts_with(&prefix))
    }
}

/// The default process model; see the module docs.
#[derive(Debug, Clone, Default)]
pub struct DefaultBehavior {
    worlds: BTreeMap<String, World>,
    notes: BTreeSet<String>,
}

impl DefaultBehavior {
    /// An empty model.
    pub fn new() -> Self {
        Self::default()
    }
}

/// The image's repository name without registry, tag or digest (`docker.io/library/nginx:1.27` → `nginx`).
pub fn image_base(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last = no_digest.rsplit('/').next().unwrap_or(no_digest);
    last.split(':').next().unwrap_or(last)
}

fn is_shell(arg0: &str) -> bool {
    matches!(arg0, "sh" | "/bin/sh" | "bash" | "/bin/bash" | "ash" | "/bin/ash")
}

/// Splits a script into simple commands (on `;`, `&&`, `||`, newlines) and words, honouring quotes.
fn parse_script(script: &str) -> Vec<Vec<String>> {
    let mut cmds = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = script.chars().peekable();
    let flush_word = |cur: &mut String, in_word: &mut bool, words: &mut Vec<String>| {
        if *in_word {
            words.push(std::mem::take(cur));
            *in_word = false;
        }
    };
    while let Some(ch) = chars.next() {
        match ch {
            '\'' | '"' => {
                in_word = true;
                for c in chars.by_ref() {
                    if c == ch {
                        break;
                    }
                    cur.push(c);
                }
            }
            ';' | '\n' => {
                flush_word(&mut cur, &mut in_word, &mut words);
                if !words.is_empty() {
                    cmds.push(std::mem::take(&mut words));
                }
            }
            '&' | '|' if chars.peek() == Some(&ch) => {
                chars.next();
                flush_word(&mut cur, &mut in_word, &mut words);
                if !words.is_empty() {
                    cmds.push(std::mem::take(&mut words));
                }
            }
            '>' => {
                flush_word(&mut cur, &mut in_word, &mut words);
                let mut op = String::from(">");
                if chars.peek() == Some(&'>') {
                    chars.next();
                    op.push('>');
                }
                words.push(op);
            }
            c if c.is_whitespace() => flush_word(&mut cur, &mut in_word, &mut words),
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    flush_word(&mut cur, &mut in_word, &mut words);
    if !words.is_empty() {
        cmds.push(words);
    }
    cmds
}

fn parse_seconds(text: &str) -> Option<i64> {
    if text == "infinity" || text == "inf" {
        return Some(i64::MAX);
    }
    let t = text.trim_end_matches('s');
    let v: f64 = t.parse().ok()?;
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    Some((v * 1000.0).round() as i64)
}

/// Files a command line creates through redirection (`echo x > F`), and the words before it.
fn split_redirect(words: &[String]) -> (&[String], Option<&str>) {
    match words.iter().position(|w| w == ">" || w == ">>") {
        Some(i) => (&words[..i], words.get(i + 1).map(String::as_str)),
        None => (words, None),
    }
}

fn file_args(words: &[String]) -> impl Iterator<Item = &String> {
    words.iter().skip(1).filter(|w| !w.starts_with('-'))
}

impl DefaultBehavior {
    fn note(&mut self, text: String) {
        self.notes.insert(text);
    }

    /// Builds the world of a new instance and decides how its main process ends.
    fn plan(&mut self, c: ContainerRef<'_>, now: SimTime) -> (World, ProcessOutcome) {
        let image = c.spec.image.as_deref().unwrap_or("");
        let base = image_base(image);
        let declared: BTreeSet<i64> = c.spec.ports.iter().flatten().map(|p| p.container_port).collect();
        let flavor = if matches!(base, "busybox" | "alpine") { Flavor::Busybox } else { Flavor::Gnu };
        let mut w = World {
            flavor,
            files: BTreeSet::new(),
            timeline: Vec::new(),
            applied: 0,
            ports: BTreeSet::new(),
            paths: None,
            on_term: SignalOutcome::Ignored,
        };
        let mut argv: Vec<String> = c.spec.command.clone().unwrap_or_default();
        argv.extend(c.spec.args.clone().unwrap_or_default());
        let web_server = matches!(base, "nginx" | "httpd");

        if argv.is_empty() {
            return match base {
                _ if web_server => {
                    serve_web(&mut w);
                    (w, ProcessOutcome::RunsForever)
                }
                "busybox" | "alpine" | "ubuntu" | "debian" => {
                    (w, ProcessOutcome::Exits { after_ms: SHELL_EXIT_MS, code: 0 })
                }
                _ => {
                    self.note(format!(
                        "image {image:?} is not modelled: container {:?} is assumed to be a long-running server answering 200 on its declared ports",
                        c.spec.name
                    ));
                    w.ports = declared;
                    w.on_term = SignalOutcome::ExitsAfter { after_ms: SERVER_SHUTDOWN_MS, code: 0 };
                    (w, ProcessOutcome::RunsForever)
                }
            };
        }

        let arg0 = argv[0].as_str();
        if is_shell(arg0) && argv.get(1).map(String::as_str) == Some("-c") {
            let script = argv.get(2).cloned().unwrap_or_default();
            let outcome = self.plan_script(&mut w, &script, c, now);
            return (w, outcome);
        }
        match arg0.rsplit('/').next().unwrap_or(arg0) {
            "sleep" => {
                let ms = argv.get(1).and_then(|s| parse_seconds(s)).unwrap_or(0);
                if ms == i64::MAX {
                    (w, ProcessOutcome::RunsForever)
                } else {
                    (w, ProcessOutcome::Exits { after_ms: ms, code: 0 })
                }
            }
            "nginx" | "httpd" | "httpd-foreground" | "/docker-entrypoint.sh" => {
                serve_web(&mut w);
                (w, ProcessOutcome::RunsForever)
            }
            "true" => (w, ProcessOutcome::Exits { after_ms: 0, code: 0 }),
            "false" => (w, ProcessOutcome::Exits { after_ms: 0, code: 1 }),
            _ if web_server => {
                serve_web(&mut w);
                (w, ProcessOutcome::RunsForever)
            }
            other => {
                self.note(format!(
                    "command {other:?} in container {:?} is not modelled: assumed to be a long-running server answering 200 on its declared ports",
                    c.spec.name
                ));
                w.ports = declared;
                w.on_term = SignalOutcome::ExitsAfter { after_ms: SERVER_SHUTDOWN_MS, code: 0 };
                (w, ProcessOutcome::RunsForever)
            }
        }
    }

    fn plan_script(
        &mut self,
        w: &mut World,
        script: &str,
        c: ContainerRef<'_>,
        now: SimTime,
    ) -> ProcessOutcome {
        let mut t: i64 = 0;
        let mut status = 0;
        for words in parse_script(script) {
            let (cmd, redirect) = split_redirect(&words);
            if let Some(f) = redirect {
                w.timeline.push((now.plus(t), FsOp::Create(f.to_string())));
            }
            let Some(name) = cmd.first().map(String::as_str) else { continue };
            status = 0;
            match name {
                "sleep" => match cmd.get(1).and_then(|s| parse_seconds(s)) {
                    Some(i64::MAX) => return ProcessOutcome::RunsForever,
                    Some(ms) => t = t.saturating_add(ms),
                    None => {}
                },
                "touch" | "mkdir" => {
                    for f in file_args(cmd) {
                        w.timeline.push((now.plus(t), FsOp::Create(f.clone())));
                    }
                }
                "rm" | "rmdir" => {
                    for f in file_args(cmd) {
                        w.timeline.push((now.plus(t), FsOp::Remove(f.clone())));
                    }
                }
                "exit" => {
                    let code = cmd.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
                    return ProcessOutcome::Exits { after_ms: t, code };
                }
                "while" | "until" | "for" => {
                    // A loop in a container command is almost always "run forever"; say so.
                    self.note(format!(
                        "the loop in container {:?} is modelled as running forever",
                        c.spec.name
                    ));
                    return ProcessOutcome::RunsForever;
                }
                "trap" => {
                    w.on_term = SignalOutcome::ExitsAfter { after_ms: EXEC_COMMAND_MS, code: 0 };
                }
                "nginx" | "httpd" => {
                    serve_web(w);
                    return ProcessOutcome::RunsForever;
                }
                "false" => status = 1,
                "true" | ":" | "echo" | "printf" | "date" | "cat" | "ls" | "env" | "hostname" => {}
                other => self.note(format!(
                    "command {other:?} in container {:?} is not modelled: treated as succeeding at once",
                    c.spec.name
                )),
            }
        }
        ProcessOutcome::Exits { after_ms: t, code: status }
    }

    /// Runs one simple command against the world at `now`; returns (exit code, output, duration).
    fn run_command(&mut self, w: &mut World, words: &[String], cname: &str) -> (i64, String, i64) {
        let (cmd, redirect) = split_redirect(words);
        if let Some(f) = redirect {
            w.files.insert(f.to_string());
        }
        let Some(name) = cmd.first().map(String::as_str) else { return (0, String::new(), 0) };
        let name = name.rsplit('/').next().unwrap_or(name);
        let d = EXEC_COMMAND_MS;
        match name {
            "test" | "[" => {
                let args: Vec<&str> = cmd.iter().skip(1).map(String::as_str).filter(|a| *a != "]").collect();
                let ok = match args.as_slice() {
                    ["-e" | "-f" | "-d" | "-s" | "-r", path] => w.exists(path),
                    ["!", "-e" | "-f" | "-d" | "-s" | "-r", path] => !w.exists(path),
                    _ => true,
                };
                (i64::from(!ok), String::new(), d)
            }
            "cat" | "ls" | "stat" | "head" | "tail" => {
                let mut out = String::new();
                let mut code = 0;
                for f in file_args(cmd) {
                    if !w.exists(f) {
                        code = 1;
                        out.push_str(&missing_file_text(w.flavor, name, f));
                        out.push('\n');
                    } else if name == "ls" {
                        out.push_str(f);
                        out.push('\n');
                    }
                }
                (code, out, d)
            }
            "touch" | "mkdir" => {
                for f in file_args(cmd) {
                    w.files.insert(f.clone());
                }
                (0, String::new(), d)
            }
            "rm" | "rmdir" => {
                for f in file_args(cmd) {
                    w.remove(f);
                }
                (0, String::new(), d)
            }
            "sleep" => {
                let ms = cmd.get(1).and_then(|s| parse_seconds(s)).unwrap_or(0);
                (0, String::new(), ms)
            }
            "exit" => (cmd.get(1).and_then(|s| s.parse().ok()).unwrap_or(0), String::new(), 0),
            "false" => (1, String::new(), d),
            "true" | ":" => (0, String::new(), d),
            "echo" => (0, format!("{}\n", cmd[1..].join(" ")), d),
            other => {
                self.note(format!(
                    "exec command {other:?} in container {cname:?} is not modelled: treated as succeeding"
                ));
                (0, String::new(), d)
            }
        }
    }
}

fn serve_web(w: &mut World) {
    w.ports.insert(80);
    w.paths = Some(vec!["/".to_string(), "/index.html".to_string()]);
    w.on_term = SignalOutcome::ExitsAfter { after_ms: SERVER_SHUTDOWN_MS, code: 0 };
}

fn missing_file_text(flavor: Flavor, cmd: &str, path: &str) -> String {
    match (flavor, cmd) {
        (Flavor::Busybox, "cat") => format!("cat: can't open '{path}': No such file or directory"),
        (Flavor::Gnu, "ls") => format!("ls: cannot access '{path}': No such file or directory"),
        (Flavor::Gnu, "stat") => format!("stat: cannot statx '{path}': No such file or directory"),
        (_, c) => format!("{c}: {path}: No such file or directory"),
    }
}

impl Behavior for DefaultBehavior {
    fn start(&mut self, c: ContainerRef<'_>, now: SimTime) -> ProcessOutcome {
        let (w, outcome) = self.plan(c, now);
        self.worlds.insert(c.spec.name.clone(), w);
        outcome
    }

    fn exec(&mut self, c: ContainerRef<'_>, argv: &[String], now: SimTime) -> ExecResult {
        let Some(mut w) = self.worlds.remove(&c.spec.name) else {
            return ExecResult {
                exit_code: 126,
                output: "container not running".to_string(),
                duration_ms: 0,
            };
        };
        w.advance(now);
        let cmds: Vec<Vec<String>> = match argv {
            [sh, flag, script, ..] if is_shell(sh) && flag == "-c" => parse_script(script),
            _ => vec![argv.to_vec()],
        };
        let (mut code, mut output, mut duration) = (0, String::new(), 0);
        for words in &cmds {
            let (c2, out, d) = self.run_command(&mut w, words, &c.spec.name);
            code = c2;
            output.push_str(&out);
            duration += d;
            if words.first().map(String::as_str) == Some("exit") {
                break;
            }
        }
        self.worlds.insert(c.spec.name.clone(), w);
        ExecResult { exit_code: code, output, duration_ms: duration }
    }

    fn http_get(&mut self, c: ContainerRef<'_>, port: i64, path: &str, now: SimTime) -> HttpResult {
        let Some(w) = self.worlds.get_mut(&c.spec.name) else { return HttpResult::ConnectionRefused };
        w.advance(now);
        if !w.ports.contains(&port) {
            return HttpResult::ConnectionRefused;
        }
        match &w.paths {
            Some(paths) if !paths.iter().any(|p| p == path) => {
                HttpResult::Status { code: 404, body: "404 Not Found".to_string() }
            }
            _ => HttpResult::Status { code: 200, body: "OK".to_string() },
        }
    }

    fn tcp_connect(&mut self, c: ContainerRef<'_>, port: i64, _now: SimTime) -> bool {
        self.worlds.get(&c.spec.name).is_some_and(|w| w.ports.contains(&port))
    }

    fn signal(&mut self, c: ContainerRef<'_>, sig: Signal, _now: SimTime) -> SignalOutcome {
        match sig {
            Signal::Kill => SignalOutcome::ExitsAfter { after_ms: 0, code: 137 },
            Signal::Term => {
                self.worlds.get(&c.spec.name).map(|w| w.on_term).unwrap_or(SignalOutcome::Ignored)
            }
        }
    }

    fn stopped(&mut self, c: ContainerRef<'_>, _now: SimTime) {
        // The writable layer goes with the container; only listening sockets matter after exit.
        if let Some(w) = self.worlds.get_mut(&c.spec.name) {
            w.ports.clear();
        }
    }

    fn notes(&self) -> Vec<String> {
        self.notes.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_words() {
        let cmds = parse_script("touch /tmp/h; sleep 30 && rm -rf /tmp/h; echo 'a b' > /x");
        assert_eq!(cmds.len(), 4);
        assert_eq!(cmds[3], vec!["echo", "a b", ">", "/x"]);
    }

    #[test]
    fn base_names() {
        assert_eq!(image_base("docker.io/library/nginx:1.27"), "nginx");
        assert_eq!(image_base("busybox"), "busybox");
        assert_eq!(image_base("registry.k8s.io/e2e-test-images/agnhost:2.40"), "agnhost");
    }
}
