//! The programs a script can run: coreutils/busybox applets, network tools and the servers of the
//! well-known images. Each answers at once, asks to sleep, or blocks for good (a foreground server).

use super::super::fs::normalize;
use super::{Flavor, Host, Listen, ServerKind, Sig};
use crate::text::{Key, Phrase};
use std::collections::BTreeMap;

/// Standard streams of one command.
#[derive(Debug, Default)]
pub(super) struct Io<'a> {
    /// The input, lent by the shell: a command that reads it copies it then (most never do).
    pub stdin: Option<&'a str>,
    pub out: String,
    pub err: String,
    /// Ports the command opened (daemons keep them after returning).
    pub listen: Vec<Listen>,
    /// The command would have grown a file past [`super::exec::MAX_VALUE_BYTES`] (`tee -a` of a
    /// file into itself, in a loop): the shell stops the process.
    pub runaway: bool,
}

impl Io<'_> {
    /// Consumes the input (empty when there is none or it was read already).
    pub fn take_stdin(&mut self) -> String {
        self.stdin.take().unwrap_or_default().to_string()
    }
}

/// What the shell knows while running a command.
pub(super) struct CmdCtx<'a> {
    pub vars: &'a BTreeMap<String, String>,
    pub cwd: &'a str,
    pub flavor: Flavor,
    /// Run-to-end mode (exec probes): `tail -f` and servers never end.
    #[allow(dead_code)]
    pub instant: bool,
}

/// How a command ended (or did not).
#[derive(Debug)]
pub(super) enum Cmd {
    Status(i32),
    NotFound,
    Sleep(i64),
    /// Blocks for good; `handlers` are the signals it exits on as PID 1 (signal, ms, code).
    Forever {
        why: String,
        handlers: Vec<(Sig, i64, i32)>,
    },
}

fn bb(ctx: &CmdCtx<'_>) -> bool {
    ctx.flavor == Flavor::Busybox
}

/// Parses `sleep` durations: `30`, `0.5`, `1m`, `2h`, `infinity`.
pub(super) fn parse_sleep(s: &str) -> Option<i64> {
    if s == "infinity" || s == "inf" {
        return Some(i64::MAX);
    }
    let (num, mul) = match s.chars().last()? {
        's' => (&s[..s.len() - 1], 1_000.0),
        'm' => (&s[..s.len() - 1], 60_000.0),
        'h' => (&s[..s.len() - 1], 3_600_000.0),
        'd' => (&s[..s.len() - 1], 86_400_000.0),
        _ => (s, 1_000.0),
    };
    let v: f64 = num.parse().ok()?;
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    Some((v * mul).round().min(1e15) as i64)
}

fn forever(why: &str) -> Cmd {
    Cmd::Forever { why: why.to_string(), handlers: Vec::new() }
}

/// Runs `argv`.
pub(super) fn run(argv: &[String], io: &mut Io, host: &mut dyn Host, ctx: &CmdCtx<'_>) -> Cmd {
    let Some(arg0) = argv.first() else { return Cmd::Status(0) };
    let name = arg0.rsplit('/').next().unwrap_or(arg0).to_string();
    let args = &argv[1..];
    let path = |p: &str| normalize(ctx.cwd, p);
    match name.as_str() {
        "true" | ":" => Cmd::Status(0),
        "false" => Cmd::Status(1),
        "echo" => {
            let mut newline = true;
            let mut escapes = false;
            let mut rest = args;
            while let Some(f) = rest.first() {
                match f.as_str() {
                    "-n" => newline = false,
                    "-e" => escapes = true,
                    "-ne" | "-en" => {
                        newline = false;
                        escapes = true;
                    }
                    _ => break,
                }
                rest = &rest[1..];
            }
            let mut s = rest.join(" ");
            if escapes {
                s = unescape(&s);
            }
            io.out.push_str(&s);
            if newline {
                io.out.push('\n');
            }
            Cmd::Status(0)
        }
        "printf" => {
            let Some(fmt) = args.first() else {
                io.err.push_str("printf: usage: printf format [arguments]\n");
                return Cmd::Status(2);
            };
            io.out.push_str(&printf(fmt, &args[1..]));
            Cmd::Status(0)
        }
        "sleep" => {
            if args.is_empty() {
                io.err.push_str(if bb(ctx) {
                    "sleep: applet requires an argument\n"
                } else {
                    "sleep: missing operand\n"
                });
                return Cmd::Status(1);
            }
            let mut total: i64 = 0;
            for a in args {
                match parse_sleep(a) {
                    Some(i64::MAX) => return forever("sleep infinity"),
                    Some(ms) => total = total.saturating_add(ms),
                    None => {
                        io.err.push_str(&if bb(ctx) {
                            format!("sleep: invalid number '{a}'\n")
                        } else {
                            format!("sleep: invalid time interval '{a}'\n")
                        });
                        return Cmd::Status(1);
                    }
                }
            }
            if total >= 1_000_000_000_000 {
                return forever("sleep (longer than any run)");
            }
            Cmd::Sleep(total)
        }
        "cat" => {
            let files: Vec<&String> =
                args.iter().filter(|a| !a.starts_with('-') || a.as_str() == "-").collect();
            if files.is_empty() {
                io.out.push_str(io.stdin.take().unwrap_or_default());
                return Cmd::Status(0);
            }
            let mut code = 0;
            for f in files {
                if f == "-" {
                    io.out.push_str(io.stdin.take().unwrap_or_default());
                    continue;
                }
                match host.read(&path(f)) {
                    Ok(s) => io.out.push_str(&s),
                    Err(e) => {
                        code = 1;
                        io.err.push_str(&match (ctx.flavor, e) {
                            (Flavor::Busybox, super::super::fs::FsError::IsDir) => {
                                "cat: read error: Is a directory\n".to_string()
                            }
                            (Flavor::Busybox, _) => format!("cat: can't open '{f}': {}\n", e.text()),
                            (Flavor::Gnu, _) => format!("cat: {f}: {}\n", e.text()),
                        });
                    }
                }
            }
            Cmd::Status(code)
        }
        "touch" => {
            let mut code = 0;
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                let p = path(f);
                if host.stat(&p).is_some() {
                    continue;
                }
                if let Err(e) = host.write(&p, "", true) {
                    code = 1;
                    io.err.push_str(&if bb(ctx) {
                        format!("touch: {f}: {}\n", e.text())
                    } else {
                        format!("touch: cannot touch '{f}': {}\n", e.text())
                    });
                }
            }
            Cmd::Status(code)
        }
        "rm" | "rmdir" => {
            let flags: String = args.iter().filter(|a| a.starts_with('-')).flat_map(|a| a.chars()).collect();
            let recursive = name == "rmdir" || flags.contains('r') || flags.contains('R');
            let force = flags.contains('f');
            let mut code = 0;
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                if let Err(e) = host.remove(&path(f), recursive) {
                    if force && e == super::super::fs::FsError::NotFound {
                        continue;
                    }
                    code = 1;
                    io.err.push_str(&if bb(ctx) {
                        format!("rm: can't remove '{f}': {}\n", e.text())
                    } else {
                        format!("rm: cannot remove '{f}': {}\n", e.text())
                    });
                }
            }
            Cmd::Status(code)
        }
        "mkdir" => {
            let parents = args.iter().any(|a| a.starts_with('-') && a.contains('p'));
            let mut code = 0;
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                if let Err(e) = host.mkdir(&path(f), parents) {
                    code = 1;
                    io.err.push_str(&if bb(ctx) {
                        format!("mkdir: can't create directory '{f}': {}\n", e.text())
                    } else {
                        format!("mkdir: cannot create directory '{f}': {}\n", e.text())
                    });
                }
            }
            Cmd::Status(code)
        }
        "ls" => {
            let mut targets: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
            if targets.is_empty() {
                targets.push(ctx.cwd.to_string());
            }
            let mut code = 0;
            for t in &targets {
                let p = path(t);
                match host.stat(&p) {
                    Some((true, _)) => {
                        for n in host.list(&p).unwrap_or_default() {
                            io.out.push_str(&n);
                            io.out.push('\n');
                        }
                    }
                    Some((false, _)) => {
                        io.out.push_str(t);
                        io.out.push('\n');
                    }
                    None => {
                        code = if bb(ctx) { 1 } else { 2 };
                        io.err.push_str(&if bb(ctx) {
                            format!("ls: {t}: No such file or directory\n")
                        } else {
                            format!("ls: cannot access '{t}': No such file or directory\n")
                        });
                    }
                }
            }
            Cmd::Status(code)
        }
        "stat" => {
            let mut code = 0;
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                if host.stat(&path(f)).is_none() {
                    code = 1;
                    io.err.push_str(&if bb(ctx) {
                        format!("stat: can't stat '{f}': No such file or directory\n")
                    } else {
                        format!("stat: cannot statx '{f}': No such file or directory\n")
                    });
                } else {
                    io.out.push_str(&format!("  File: {f}\n"));
                }
            }
            Cmd::Status(code)
        }
        "test" | "[" => {
            let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
            if name == "[" {
                if a.last() != Some(&"]") {
                    io.err.push_str("[: missing ]\n");
                    return Cmd::Status(2);
                }
                a.pop();
            }
            match test_expr(&a, host, ctx) {
                Ok(true) => Cmd::Status(0),
                Ok(false) => Cmd::Status(1),
                Err(e) => {
                    io.err.push_str(&format!("{name}: {e}\n"));
                    Cmd::Status(2)
                }
            }
        }
        "date" => {
            io.out.push_str(&date_text(host.wall_rfc1123z()));
            io.out.push('\n');
            Cmd::Status(0)
        }
        "printenv" => {
            if let Some(n) = args.first() {
                match ctx.vars.get(n) {
                    Some(v) => {
                        io.out.push_str(v);
                        io.out.push('\n');
                        Cmd::Status(0)
                    }
                    None => Cmd::Status(1),
                }
            } else {
                print_env(io, ctx);
                Cmd::Status(0)
            }
        }
        "env" => {
            let rest: Vec<String> =
                args.iter().skip_while(|a| a.contains('=') || a.starts_with('-')).cloned().collect();
            if rest.is_empty() {
                print_env(io, ctx);
                return Cmd::Status(0);
            }
            run(&rest, io, host, ctx)
        }
        "hostname" => {
            io.out.push_str(&host.hostname());
            io.out.push('\n');
            Cmd::Status(0)
        }
        "pwd" => {
            io.out.push_str(ctx.cwd);
            io.out.push('\n');
            Cmd::Status(0)
        }
        "whoami" => {
            io.out.push_str("root\n");
            Cmd::Status(0)
        }
        "id" => {
            io.out.push_str("uid=0(root) gid=0(root) groups=0(root)\n");
            Cmd::Status(0)
        }
        "uname" => {
            io.out.push_str("Linux\n");
            Cmd::Status(0)
        }
        "basename" => {
            io.out.push_str(
                args.first().map(|a| super::super::fs::base_name(a.trim_end_matches('/'))).unwrap_or(""),
            );
            io.out.push('\n');
            Cmd::Status(0)
        }
        "dirname" => {
            io.out
                .push_str(super::super::fs::parent(&normalize("/", args.first().map_or("", String::as_str))));
            io.out.push('\n');
            Cmd::Status(0)
        }
        "chmod" | "chown" | "sync" | "ulimit" | "umask" | "set" | "clear" => Cmd::Status(0),
        "seq" => {
            let nums: Vec<i64> = args.iter().filter_map(|a| a.parse().ok()).collect();
            let (a, b) = match nums.as_slice() {
                [b] => (1, *b),
                [a, b, ..] => (*a, *b),
                _ => return Cmd::Status(1),
            };
            for i in a..=b.min(a.saturating_add(100_000)) {
                io.out.push_str(&format!("{i}\n"));
            }
            Cmd::Status(0)
        }
        "expr" => {
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            let v = match a.as_slice() {
                [x, op, y] => {
                    let (x, y): (i64, i64) = (x.parse().unwrap_or(0), y.parse().unwrap_or(0));
                    match *op {
                        "+" => x.wrapping_add(y),
                        "-" => x.wrapping_sub(y),
                        "*" => x.wrapping_mul(y),
                        "/" => x.checked_div(y).unwrap_or(0),
                        "%" => x.checked_rem(y).unwrap_or(0),
                        _ => 0,
                    }
                }
                [x] => x.parse().unwrap_or(0),
                _ => 0,
            };
            io.out.push_str(&format!("{v}\n"));
            Cmd::Status(i32::from(v == 0))
        }
        "grep" => {
            let quiet = args.iter().any(|a| a == "-q");
            let invert = args.iter().any(|a| a == "-v");
            let ignore = args.iter().any(|a| a == "-i");
            let rest: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let Some(pat) = rest.first() else { return Cmd::Status(2) };
            let text = match rest.get(1) {
                Some(f) => match host.read(&path(f)) {
                    Ok(s) => s,
                    Err(e) => {
                        io.err.push_str(&format!("grep: {f}: {}\n", e.text()));
                        return Cmd::Status(2);
                    }
                },
                None => io.take_stdin(),
            };
            let mut found = false;
            for line in text.lines() {
                let hit = if ignore {
                    line.to_lowercase().contains(&pat.to_lowercase())
                } else {
                    line.contains(pat.as_str())
                };
                if hit != invert {
                    found = true;
                    if !quiet {
                        io.out.push_str(line);
                        io.out.push('\n');
                    }
                }
            }
            Cmd::Status(i32::from(!found))
        }
        "head" | "tail" => {
            if name == "tail" && args.iter().any(|a| a == "-f" || a == "-F") {
                return forever("tail -f");
            }
            let n: usize =
                args.windows(2).find(|w| w[0] == "-n").and_then(|w| w[1].parse().ok()).unwrap_or(10);
            let file = args.iter().filter(|a| !a.starts_with('-')).find(|a| a.parse::<usize>().is_err());
            let text = match file {
                Some(f) => match host.read(&path(f)) {
                    Ok(s) => s,
                    Err(e) => {
                        io.err.push_str(&format!("{name}: {f}: {}\n", e.text()));
                        return Cmd::Status(1);
                    }
                },
                None => io.take_stdin(),
            };
            let lines: Vec<&str> = text.lines().collect();
            let sel = if name == "head" {
                &lines[..n.min(lines.len())]
            } else {
                &lines[lines.len().saturating_sub(n)..]
            };
            for l in sel {
                io.out.push_str(l);
                io.out.push('\n');
            }
            Cmd::Status(0)
        }
        "wc" => {
            let text = match args.iter().find(|a| !a.starts_with('-')) {
                Some(f) => host.read(&path(f)).unwrap_or_default(),
                None => io.take_stdin(),
            };
            let v = if args.iter().any(|a| a == "-c") { text.len() } else { text.lines().count() };
            io.out.push_str(&format!("{v}\n"));
            Cmd::Status(0)
        }
        "tee" => {
            let input = io.take_stdin();
            let append = args.iter().any(|a| a == "-a");
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                let p = path(f);
                let size = if append { host.stat(&p).map_or(0, |(_, n)| n) } else { 0 };
                if size + input.len() > super::exec::MAX_VALUE_BYTES {
                    io.runaway = true;
                    return Cmd::Status(1);
                }
                let _ = host.write(&p, &input, append);
            }
            io.out.push_str(&input);
            Cmd::Status(0)
        }
        "cp" | "mv" | "ln" => {
            let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let [src, dst] = files.as_slice() else { return Cmd::Status(1) };
            match host.read(&path(src)) {
                Ok(data) => {
                    let mut d = path(dst);
                    if host.stat(&d).is_some_and(|(dir, _)| dir) {
                        d = format!("{d}/{}", super::super::fs::base_name(src));
                    }
                    let _ = host.write(&d, &data, false);
                    if name == "mv" {
                        let _ = host.remove(&path(src), false);
                    }
                    Cmd::Status(0)
                }
                Err(e) => {
                    io.err.push_str(&format!("{name}: can't stat '{src}': {}\n", e.text()));
                    Cmd::Status(1)
                }
            }
        }
        "nslookup" => nslookup(args, io, host, ctx),
        "wget" => wget(args, io, host, ctx),
        "curl" => {
            if bb(ctx) {
                return Cmd::NotFound;
            }
            curl(args, io, host, ctx)
        }
        "nc" | "netcat" => nc(args, io, host),
        "kill" | "killall" | "pkill" => {
            let mut sig = Sig::Term;
            let mut code = 0;
            let mut targets = Vec::new();
            let mut it = args.iter().peekable();
            while let Some(a) = it.next() {
                if a == "-s" {
                    if let Some(s) = it.next().and_then(|s| Sig::parse(s)) {
                        sig = s;
                    }
                } else if let Some(s) = a.strip_prefix('-').and_then(Sig::parse) {
                    sig = s;
                } else if a == "-l" {
                    io.out
                        .push_str("HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM\n");
                    return Cmd::Status(0);
                } else {
                    targets.push(a.clone());
                }
            }
            for t in targets {
                if !host.kill(&t, sig) {
                    code = 1;
                    io.err.push_str(&if name == "kill" {
                        format!("sh: can't kill pid {t}: No such process\n")
                    } else {
                        format!("{name}: {t}: no process killed\n")
                    });
                }
            }
            Cmd::Status(code)
        }
        "sh" | "bash" | "ash" | "dash" => Cmd::Status(0),
        "docker-entrypoint.sh" | "entrypoint.sh" => {
            if args.is_empty() {
                return Cmd::Status(0);
            }
            run(args, io, host, ctx)
        }
        _ => servers(&name, args, io, host, ctx),
    }
}

/// The long-running programs of well-known images; unknown images get the declared-ports assumption.
fn servers(name: &str, args: &[String], io: &mut Io, host: &mut dyn Host, ctx: &CmdCtx<'_>) -> Cmd {
    let image = host.image_base();
    let graceful = |sigs: &[Sig], code: i32| sigs.iter().map(|s| (*s, 100, code)).collect::<Vec<_>>();
    match name {
        "nginx" if image == "nginx" => {
            let joined = args.join(" ");
            if args.iter().any(|a| a == "-s") {
                let sig = match args.iter().skip_while(|a| *a != "-s").nth(1).map(String::as_str) {
                    Some("stop") => Sig::Term,
                    Some("reload") => Sig::Hup,
                    _ => Sig::Quit,
                };
                host.kill("nginx", sig);
                return Cmd::Status(0);
            }
            if args.iter().any(|a| a == "-t" || a == "-v" || a == "-V") {
                io.err.push_str("nginx: configuration file /etc/nginx/nginx.conf test is successful\n");
                return Cmd::Status(0);
            }
            let l = Listen {
                port: 80,
                kind: ServerKind::Static { root: "/usr/share/nginx/html".to_string(), forbid_dirs: true },
            };
            if joined.contains("daemon off") {
                host.listen(l);
                Cmd::Forever {
                    why: "nginx serves port 80".to_string(),
                    handlers: graceful(&[Sig::Quit, Sig::Term, Sig::Int], 0),
                }
            } else {
                // Without `daemon off;` nginx forks into the background and the command returns.
                io.listen.push(l);
                Cmd::Status(0)
            }
        }
        "httpd-foreground" | "httpd" | "apachectl" if image == "httpd" => {
            let l = Listen {
                port: 80,
                kind: ServerKind::Static {
                    root: "/usr/local/apache2/htdocs".to_string(),
                    forbid_dirs: false,
                },
            };
            if name == "httpd-foreground" || args.iter().any(|a| a == "-DFOREGROUND") {
                host.listen(l);
                Cmd::Forever {
                    why: "httpd serves port 80".to_string(),
                    handlers: graceful(&[Sig::Winch, Sig::Term, Sig::Int], 0),
                }
            } else {
                io.listen.push(l);
                Cmd::Status(0)
            }
        }
        "httpd" if ctx.flavor == Flavor::Busybox => busybox_httpd(args, io, host, ctx),
        "python" | "python3"
            if args.first().map(String::as_str) == Some("-m")
                && args.get(1).map(String::as_str) == Some("http.server") =>
        {
            let port = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(8000);
            let root = args
                .windows(2)
                .find(|w| w[0] == "-d" || w[0] == "--directory")
                .map(|w| normalize(ctx.cwd, &w[1]))
                .unwrap_or_else(|| ctx.cwd.to_string());
            host.listen(Listen { port, kind: ServerKind::Static { root, forbid_dirs: false } });
            // Python installs no SIGTERM handler: as PID 1 it ignores the stop signal.
            forever(&format!("python3 -m http.server serves port {port}"))
        }
        "redis-server" if image == "redis" => {
            let port =
                args.windows(2).find(|w| w[0] == "--port").and_then(|w| w[1].parse().ok()).unwrap_or(6379);
            host.listen(Listen { port, kind: ServerKind::Tcp });
            Cmd::Forever {
                why: format!("redis serves port {port}"),
                handlers: graceful(&[Sig::Term, Sig::Int], 0),
            }
        }
        "agnhost" if image == "agnhost" => agnhost(args, io, host),
        "goproxy" if image == "goproxy" => {
            host.listen(Listen {
                port: 8080,
                kind: ServerKind::Fixed {
                    code: 500,
                    body: "This is a proxy server. Does not respond to non-proxy requests.\n".to_string(),
                },
            });
            // [INF] a Go program as PID 1 without signal.Notify exits with status 2 on SIGTERM.
            Cmd::Forever {
                why: "goproxy serves port 8080".to_string(),
                handlers: vec![(Sig::Term, 0, 2), (Sig::Int, 0, 2)],
            }
        }
        "pause" => {
            Cmd::Forever { why: "pause".to_string(), handlers: vec![(Sig::Term, 0, 0), (Sig::Int, 0, 0)] }
        }
        "node" if image == "kubernetes-bootcamp" => {
            let body = format!("Hello Kubernetes bootcamp! | Running on: {} | v=1\n", host.hostname());
            host.listen(Listen { port: 8080, kind: ServerKind::Fixed { code: 200, body } });
            // Node installs no SIGTERM handler by default: as PID 1 it ignores the stop signal.
            forever("node server.js serves port 8080")
        }
        _ => match host.assume_server(name) {
            Some(listen) => {
                for l in listen {
                    host.listen(l);
                }
                Cmd::Forever {
                    why: format!("{name}: assumed long-running server"),
                    handlers: graceful(&[Sig::Term, Sig::Int, Sig::Quit], 0),
                }
            }
            None => Cmd::NotFound,
        },
    }
}

/// busybox `httpd [-f] [-p PORT] [-h HOME]`, with getopt's handling of `-h DIR` glued in one word.
fn busybox_httpd(args: &[String], io: &mut Io, host: &mut dyn Host, ctx: &CmdCtx<'_>) -> Cmd {
    let mut foreground = false;
    let mut port: i64 = 80;
    let mut home = ".".to_string();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        let Some(flags) = a.strip_prefix('-') else { continue };
        let chars: Vec<char> = flags.chars().collect();
        let mut k = 0;
        while k < chars.len() {
            let c = chars[k];
            k += 1;
            match c {
                'f' | 'v' | 'i' => foreground |= c == 'f',
                'p' | 'h' | 'c' | 'r' | 'u' | 'm' | 'e' | 'd' => {
                    // getopt: the value is the rest of this word, else the next word.
                    let value: String = if k < chars.len() {
                        chars[k..].iter().collect()
                    } else {
                        let v = args.get(i).cloned().unwrap_or_default();
                        i += 1;
                        v
                    };
                    k = chars.len();
                    match c {
                        'p' => port = value.rsplit(':').next().and_then(|p| p.parse().ok()).unwrap_or(80),
                        'h' => home = value,
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }
    let root = normalize(ctx.cwd, &home);
    // busybox httpd chdir()s to HOME before serving; the path is used exactly as given.
    let ok = !home.starts_with(' ') && host.stat(&root).is_some_and(|(dir, _)| dir);
    if !ok {
        io.err.push_str(&format!("httpd: can't change directory to '{home}': No such file or directory\n"));
        return Cmd::Status(1);
    }
    let l = Listen { port, kind: ServerKind::Static { root, forbid_dirs: false } };
    if foreground {
        host.listen(l);
        // busybox httpd installs no SIGTERM handler: as PID 1 it ignores the stop signal.
        forever(&format!("httpd serves port {port}"))
    } else {
        io.listen.push(l);
        Cmd::Status(0)
    }
}

fn agnhost(args: &[String], io: &mut Io, host: &mut dyn Host) -> Cmd {
    let sub = args.first().map(String::as_str).unwrap_or("");
    let flag = |name: &str| {
        args.iter()
            .find_map(|a| a.strip_prefix(&format!("--{name}=")).map(str::to_string))
            .or_else(|| args.windows(2).find(|w| w[0] == format!("--{name}")).map(|w| w[1].clone()))
    };
    // [INF] a Go program as PID 1 without signal.Notify exits with status 2 on SIGTERM.
    let go = vec![(Sig::Term, 0, 2), (Sig::Int, 0, 2)];
    match sub {
        "liveness" => {
            host.listen(Listen { port: 8080, kind: ServerKind::AgnhostLiveness { since: host.now() } });
            Cmd::Forever { why: "agnhost liveness serves port 8080".to_string(), handlers: go }
        }
        "netexec" => {
            let port = flag("http-port").and_then(|p| p.parse().ok()).unwrap_or(8080);
            host.listen(Listen {
                port,
                kind: ServerKind::Fixed { code: 200, body: "NOW: 2026-01-01 00:00:00".to_string() },
            });
            if let Some(udp) = flag("udp-port").and_then(|p| p.parse::<i64>().ok()) {
                let _ = udp;
            }
            Cmd::Forever { why: format!("agnhost netexec serves port {port}"), handlers: go }
        }
        "serve-hostname" => {
            let port = flag("port").and_then(|p| p.parse().ok()).unwrap_or(9376);
            host.listen(Listen { port, kind: ServerKind::Fixed { code: 200, body: host.hostname() } });
            Cmd::Forever { why: format!("agnhost serve-hostname serves port {port}"), handlers: go }
        }
        "test-webserver" => {
            let port = flag("port").and_then(|p| p.parse().ok()).unwrap_or(80);
            host.listen(Listen { port, kind: ServerKind::Fixed { code: 200, body: "hello".to_string() } });
            Cmd::Forever { why: format!("agnhost test-webserver serves port {port}"), handlers: go }
        }
        "pause" => Cmd::Forever {
            why: "agnhost pause".to_string(),
            handlers: vec![(Sig::Term, 0, 0), (Sig::Int, 0, 0)],
        },
        "" => {
            io.out.push_str("Usage:\n  agnhost [command]\n");
            Cmd::Status(0)
        }
        other => {
            host.note(Phrase::new(Key::ShAgnhostNotModelled, [format!("{other:?}")]));
            match host.assume_server(&format!("agnhost {other}")) {
                Some(ls) => {
                    for l in ls {
                        host.listen(l);
                    }
                    Cmd::Forever { why: format!("agnhost {other}"), handlers: go }
                }
                None => Cmd::Forever { why: format!("agnhost {other}"), handlers: go },
            }
        }
    }
}

fn print_env(io: &mut Io, ctx: &CmdCtx<'_>) {
    for (k, v) in ctx.vars {
        if k.starts_with('\u{0}') {
            continue;
        }
        io.out.push_str(&format!("{k}={v}\n"));
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('r') => out.push('\r'),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn printf(fmt: &str, args: &[String]) -> String {
    let mut out = String::new();
    let mut ai = 0;
    let fmt = unescape(fmt);
    loop {
        let mut it = fmt.chars().peekable();
        while let Some(c) = it.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            // Skip flags and width.
            let mut spec = String::new();
            while let Some(&n) = it.peek() {
                if n.is_ascii_digit() || n == '-' || n == '.' {
                    spec.push(n);
                    it.next();
                } else {
                    break;
                }
            }
            match it.next() {
                Some('%') => out.push('%'),
                Some('s') | Some('b') => {
                    out.push_str(args.get(ai).map_or("", String::as_str));
                    ai += 1;
                }
                Some('d') | Some('i') => {
                    let v: i64 = args.get(ai).and_then(|s| s.parse().ok()).unwrap_or(0);
                    out.push_str(&v.to_string());
                    ai += 1;
                }
                Some(o) => {
                    out.push('%');
                    out.push(o);
                }
                None => out.push('%'),
            }
        }
        if ai == 0 || ai >= args.len() {
            break;
        }
    }
    out
}

/// `Tue, 06 Oct 2026 11:32:44 +0000` → `Tue Oct  6 11:32:44 UTC 2026` (date's default format).
fn date_text(rfc1123z: String) -> String {
    let p: Vec<&str> = rfc1123z.split_whitespace().collect();
    match p.as_slice() {
        [wd, day, mon, year, time, _] => {
            let day: u32 = day.parse().unwrap_or(1);
            format!("{} {mon} {day:>2} {time} UTC {year}", wd.trim_end_matches(','))
        }
        _ => rfc1123z,
    }
}

fn test_expr(a: &[&str], host: &dyn Host, ctx: &CmdCtx<'_>) -> Result<bool, String> {
    if let Some(i) = a.iter().position(|x| *x == "-o") {
        return Ok(test_expr(&a[..i], host, ctx)? || test_expr(&a[i + 1..], host, ctx)?);
    }
    if let Some(i) = a.iter().position(|x| *x == "-a") {
        if i > 0 {
            return Ok(test_expr(&a[..i], host, ctx)? && test_expr(&a[i + 1..], host, ctx)?);
        }
    }
    let int = |s: &str| s.trim().parse::<i64>().map_err(|_| format!("{s}: bad number"));
    match a {
        [] => Ok(false),
        ["!", rest @ ..] => Ok(!test_expr(rest, host, ctx)?),
        [s] => Ok(!s.is_empty()),
        [op, v] => {
            let p = normalize(ctx.cwd, v);
            Ok(match *op {
                "-n" => !v.is_empty(),
                "-z" => v.is_empty(),
                "-e" | "-r" | "-w" | "-x" | "-L" | "-h" => host.stat(&p).is_some(),
                "-f" => host.stat(&p).is_some_and(|(d, _)| !d),
                "-d" => host.stat(&p).is_some_and(|(d, _)| d),
                "-s" => host.stat(&p).is_some_and(|(d, n)| d || n > 0),
                _ => return Err(format!("{op}: unknown operand")),
            })
        }
        [x, op, y] => Ok(match *op {
            "=" | "==" => x == y,
            "!=" => x != y,
            "-eq" => int(x)? == int(y)?,
            "-ne" => int(x)? != int(y)?,
            "-lt" => int(x)? < int(y)?,
            "-le" => int(x)? <= int(y)?,
            "-gt" => int(x)? > int(y)?,
            "-ge" => int(x)? >= int(y)?,
            _ => return Err(format!("{op}: unknown operand")),
        }),
        _ => Err("syntax error".to_string()),
    }
}

fn nslookup(args: &[String], io: &mut Io, host: &mut dyn Host, ctx: &CmdCtx<'_>) -> Cmd {
    if !bb(ctx) {
        // Debian-based images do not ship nslookup (it is in dnsutils).
        return Cmd::NotFound;
    }
    let Some(name) = args.iter().find(|a| !a.starts_with('-')) else {
        io.err.push_str("BusyBox v1.36.1 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n");
        return Cmd::Status(1);
    };
    let legacy = host.busybox_legacy();
    let found = host.resolve(name);
    if legacy {
        // busybox ≤ 1.28 format.
        io.out.push_str(
            "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n",
        );
        match found {
            Some((fqdn, ip)) => {
                io.out.push_str(&format!("Name:      {name}\nAddress 1: {ip} {fqdn}\n"));
                Cmd::Status(0)
            }
            None => {
                io.err.push_str(&format!("nslookup: can't resolve '{name}'\n"));
                Cmd::Status(1)
            }
        }
    } else {
        io.out.push_str("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n");
        match found {
            Some((fqdn, ip)) => {
                io.out.push_str(&format!("Name:\t{fqdn}\nAddress: {ip}\n\n"));
                Cmd::Status(0)
            }
            None => {
                let line = format!("** server can't find {name}: NXDOMAIN\n\n");
                io.out.push_str(&line);
                io.out.push_str(&line);
                Cmd::Status(1)
            }
        }
    }
}

/// `http://host:port/path` → (host, port, path).
fn parse_url(url: &str) -> Option<(String, i64, String)> {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    if rest.starts_with("https://") {
        return None;
    }
    let (hp, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (h, port) = match hp.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse().ok()?),
        None => (hp.to_string(), 80),
    };
    Some((h, port, path))
}

fn reason_phrase(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn wget(args: &[String], io: &mut Io, host: &mut dyn Host, ctx: &CmdCtx<'_>) -> Cmd {
    let quiet = args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('q'));
    let spider = args.iter().any(|a| a == "--spider" || a == "-s");
    let mut out_file: Option<String> = None;
    for w in args.windows(2) {
        if w[0] == "-O" || w[0] == "-qO" {
            out_file = Some(w[1].clone());
        }
    }
    for a in args {
        if let Some(f) = a.strip_prefix("-qO").or_else(|| a.strip_prefix("-O")).filter(|f| !f.is_empty()) {
            out_file = Some(f.to_string());
        }
    }
    let Some(url) = args.iter().rev().find(|a| !a.starts_with('-') && Some(*a) != out_file.as_ref()) else {
        io.err.push_str("wget: missing URL\n");
        return Cmd::Status(1);
    };
    let Some((h, port, p)) = parse_url(url) else {
        io.err.push_str(&format!("wget: bad address '{url}'\n"));
        return Cmd::Status(1);
    };
    if !quiet {
        io.err.push_str(&format!("Connecting to {h}:{port} ({h}:{port})\n"));
    }
    match host.http(&h, port, &p) {
        Err(e) if e.contains("no such host") => {
            io.err.push_str(&format!("wget: bad address '{h}:{port}'\n"));
            Cmd::Status(1)
        }
        Err(_) => {
            io.err.push_str(&format!("wget: can't connect to remote host ({h}): Connection refused\n"));
            Cmd::Status(1)
        }
        Ok((code, _)) if !(200..300).contains(&code) => {
            io.err
                .push_str(&format!("wget: server returned error: HTTP/1.1 {code} {}\n", reason_phrase(code)));
            Cmd::Status(1)
        }
        Ok((_, body)) => {
            if spider {
                if !quiet {
                    io.err.push_str("remote file exists\n");
                }
                return Cmd::Status(0);
            }
            match out_file.as_deref() {
                Some("-") => io.out.push_str(&body),
                other => {
                    let name = other.map(str::to_string).unwrap_or_else(|| {
                        let b = super::super::fs::base_name(&p).to_string();
                        if b.is_empty() {
                            "index.html".to_string()
                        } else {
                            b
                        }
                    });
                    if !quiet {
                        io.err.push_str(&format!("saving to '{name}'\n"));
                    }
                    let _ = host.write(&normalize(ctx.cwd, &name), &body, false);
                }
            }
            Cmd::Status(0)
        }
    }
}

fn curl(args: &[String], io: &mut Io, host: &mut dyn Host, ctx: &CmdCtx<'_>) -> Cmd {
    let fail = args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('f'))
        || args.iter().any(|a| a == "--fail");
    let silent = args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('s'));
    let show_err = args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('S'));
    let out_file = args.windows(2).find(|w| w[0] == "-o").map(|w| w[1].clone());
    let Some(url) = args.iter().rev().find(|a| !a.starts_with('-') && Some(*a) != out_file.as_ref()) else {
        io.err.push_str("curl: try 'curl --help' for more information\n");
        return Cmd::Status(2);
    };
    let Some((h, port, p)) = parse_url(url) else {
        io.err.push_str("curl: (1) Protocol not supported\n");
        return Cmd::Status(1);
    };
    let say = |io: &mut Io, s: String| {
        if !silent || show_err {
            io.err.push_str(&s);
        }
    };
    match host.http(&h, port, &p) {
        Err(e) if e.contains("no such host") => {
            say(io, format!("curl: (6) Could not resolve host: {h}\n"));
            Cmd::Status(6)
        }
        Err(_) => {
            say(
                io,
                format!(
                    "curl: (7) Failed to connect to {h} port {port} after 0 ms: Couldn't connect to server\n"
                ),
            );
            Cmd::Status(7)
        }
        Ok((code, _)) if fail && code >= 400 => {
            say(io, format!("curl: (22) The requested URL returned error: {code}\n"));
            Cmd::Status(22)
        }
        Ok((_, body)) => {
            match out_file {
                Some(f) if f != "/dev/null" => {
                    let _ = host.write(&normalize(ctx.cwd, &f), &body, false);
                }
                Some(_) => {}
                None => io.out.push_str(&body),
            }
            Cmd::Status(0)
        }
    }
}

fn nc(args: &[String], io: &mut Io, host: &mut dyn Host) -> Cmd {
    let flags: String = args.iter().filter(|a| a.starts_with('-')).flat_map(|a| a.chars()).collect();
    let listen = flags.contains('l');
    let plain: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if listen {
        let port = args
            .windows(2)
            .find(|w| w[0] == "-p" || w[0].ends_with('p') && w[0].starts_with('-'))
            .and_then(|w| w[1].parse().ok())
            .or_else(|| plain.last().and_then(|p| p.parse().ok()))
            .unwrap_or(0);
        host.listen(Listen { port, kind: ServerKind::Tcp });
        host.note(Phrase::new(Key::ShNcListens, [port.to_string()]));
        return forever(&format!("nc listens on port {port}"));
    }
    let (Some(h), Some(port)) = (plain.first(), plain.get(1).and_then(|p| p.parse::<i64>().ok())) else {
        io.err.push_str("nc: missing hostname and port\n");
        return Cmd::Status(1);
    };
    if host.connect(h, port) {
        Cmd::Status(0)
    } else {
        if !flags.contains('z') || flags.contains('v') {
            io.err.push_str(&format!("nc: {h} ({h}:{port}): Connection refused\n"));
        }
        Cmd::Status(1)
    }
}
