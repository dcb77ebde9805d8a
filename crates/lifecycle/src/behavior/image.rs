//! Image profiles: what a well-known image runs by default, its STOPSIGNAL, its userland (error
//! wording) and the files it ships. Unknown images are assumed to be servers on their declared ports.

use super::fs::Fs;
use super::sh::{Flavor, Sig};
use crate::text::{Key, Phrase};

/// The nginx welcome page (`/usr/share/nginx/html/index.html`).
pub const NGINX_INDEX: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n</body>\n</html>\n";
/// nginx's error page (`/usr/share/nginx/html/50x.html`).
pub const NGINX_50X: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n";
/// Apache httpd's default page.
pub const HTTPD_INDEX: &str = "<html><body><h1>It works!</h1></body></html>\n";

/// What podlife knows about an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The profile's name (`nginx`, `busybox`…); the image's own base name when unknown.
    pub name: String,
    /// False when podlife does not know the image.
    pub known: bool,
    /// Userland, for error texts.
    pub flavor: Flavor,
    /// ENTRYPOINT.
    pub entrypoint: Vec<String>,
    /// CMD.
    pub cmd: Vec<String>,
    /// STOPSIGNAL.
    pub stop_signal: Sig,
    /// The image has `/bin/sh`.
    pub has_shell: bool,
    /// WORKDIR.
    pub workdir: String,
    /// busybox ≤ 1.28 (old `nslookup`).
    pub busybox_legacy: bool,
    /// How a name was matched loosely (`my-nginx` → nginx), for a note.
    pub loose: Option<Phrase>,
}

/// The image's repository name without registry, tag or digest (`docker.io/library/nginx:1.27` → `nginx`).
pub fn image_base(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last = no_digest.rsplit('/').next().unwrap_or(no_digest);
    last.split(':').next().unwrap_or(last)
}

fn tag(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last = no_digest.rsplit('/').next().unwrap_or(no_digest);
    last.split_once(':').map_or("latest", |(_, t)| t)
}

fn words(s: &[&str]) -> Vec<String> {
    s.iter().map(|w| w.to_string()).collect()
}

const KNOWN: [&str; 14] = [
    "nginx",
    "busybox",
    "alpine",
    "debian",
    "ubuntu",
    "httpd",
    "redis",
    "agnhost",
    "goproxy",
    "pause",
    "kubernetes-bootcamp",
    "python",
    "centos",
    "fedora",
];

/// The profile of `image`.
pub fn profile(image: &str) -> Profile {
    let base = image_base(image).to_string();
    let t = tag(image);
    let (name, loose) = if KNOWN.contains(&base.as_str()) {
        (base.clone(), None)
    } else if let Some(k) =
        ["nginx", "httpd", "redis", "busybox", "alpine"].iter().find(|k| base.contains(*k))
    {
        let note =
            Phrase::new(Key::ImageMatchedLoosely, [format!("{image:?}"), k.to_string(), format!("{k:?}")]);
        (k.to_string(), Some(note))
    } else {
        (base.clone(), None)
    };
    let alpine_tag = t.contains("alpine");
    let mut p = Profile {
        name: name.clone(),
        known: true,
        flavor: if alpine_tag { Flavor::Busybox } else { Flavor::Gnu },
        entrypoint: Vec::new(),
        cmd: Vec::new(),
        stop_signal: Sig::Term,
        has_shell: true,
        workdir: "/".to_string(),
        busybox_legacy: false,
        loose,
    };
    match name.as_str() {
        "nginx" => {
            p.entrypoint = words(&["/docker-entrypoint.sh"]);
            p.cmd = words(&["nginx", "-g", "daemon off;"]);
            p.stop_signal = Sig::Quit;
        }
        "busybox" => {
            p.flavor = Flavor::Busybox;
            p.cmd = words(&["sh"]);
            p.busybox_legacy = legacy_busybox(t);
        }
        "alpine" => {
            p.flavor = Flavor::Busybox;
            p.cmd = words(&["/bin/sh"]);
        }
        "debian" | "ubuntu" | "centos" | "fedora" => p.cmd = words(&["bash"]),
        "python" => p.cmd = words(&["python3"]),
        "httpd" => {
            p.cmd = words(&["httpd-foreground"]);
            p.stop_signal = Sig::Winch;
            p.workdir = "/usr/local/apache2".to_string();
        }
        "redis" => {
            p.entrypoint = words(&["docker-entrypoint.sh"]);
            p.cmd = words(&["redis-server"]);
            p.workdir = "/data".to_string();
        }
        "agnhost" => p.entrypoint = words(&["/agnhost"]),
        "goproxy" => {
            p.cmd = words(&["/goproxy"]);
            p.has_shell = false;
        }
        "pause" => {
            p.entrypoint = words(&["/pause"]);
            p.has_shell = false;
        }
        "kubernetes-bootcamp" => p.cmd = words(&["node", "server.js"]),
        _ => p.known = false,
    }
    p
}

/// busybox 1.28 and older print the old `nslookup` format.
fn legacy_busybox(tag: &str) -> bool {
    let mut it = tag.split(['.', '-']);
    let major: Option<u32> = it.next().and_then(|s| s.parse().ok());
    let minor: Option<u32> = it.next().and_then(|s| s.parse().ok());
    matches!((major, minor), (Some(1), Some(m)) if m <= 28) || matches!(major, Some(0))
}

/// The files an image ships (its lower layers), as a fresh writable layer sees them.
pub fn root_fs(p: &Profile) -> Fs {
    let mut fs = Fs::new();
    for d in [
        "/bin", "/dev", "/etc", "/home", "/proc", "/root", "/run", "/sys", "/tmp", "/usr/bin", "/var/log",
        "/var/run",
    ] {
        fs.ensure_dir(d);
    }
    fs.put("/dev/null", "");
    fs.put("/dev/termination-log", "");
    fs.put("/etc/hosts", "127.0.0.1\tlocalhost\n");
    fs.put("/etc/resolv.conf", "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
    fs.put("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
    fs.ensure_dir(&p.workdir);
    match p.name.as_str() {
        "nginx" => {
            fs.put("/usr/share/nginx/html/index.html", NGINX_INDEX);
            fs.put("/usr/share/nginx/html/50x.html", NGINX_50X);
            fs.put("/etc/nginx/nginx.conf", "user  nginx;\nworker_processes  auto;\n");
            fs.put(
                "/etc/nginx/conf.d/default.conf",
                "server {\n    listen       80;\n    root   /usr/share/nginx/html;\n}\n",
            );
            fs.put("/docker-entrypoint.sh", "#!/bin/sh\n");
        }
        "httpd" => {
            fs.put("/usr/local/apache2/htdocs/index.html", HTTPD_INDEX);
            fs.put("/usr/local/apache2/conf/httpd.conf", "Listen 80\n");
        }
        "redis" => fs.ensure_dir("/data"),
        _ => {}
    }
    fs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles() {
        assert_eq!(image_base("docker.io/library/nginx:1.27"), "nginx");
        assert_eq!(image_base("registry.k8s.io/e2e-test-images/agnhost:2.40"), "agnhost");
        let n = profile("nginx:1.27-alpine");
        assert_eq!((n.name.as_str(), n.flavor, n.stop_signal), ("nginx", Flavor::Busybox, Sig::Quit));
        assert!(profile("busybox:1.28").busybox_legacy);
        assert!(!profile("busybox").busybox_legacy);
        assert!(profile("sun2010wg/my-nginx:v2").loose.is_some());
        assert!(!profile("quay.io/kubernetes-for-developers/flask:0.3.0").known);
        assert!(root_fs(&profile("nginx")).read("/usr/share/nginx/html/index.html").is_ok());
    }
}
