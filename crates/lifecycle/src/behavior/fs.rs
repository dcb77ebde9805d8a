//! A small in-memory file tree: one per container writable layer, per volume and for the node
//! (hostPath). Paths are absolute and normalised; the mount table that glues the trees together
//! lives in the pod world.

use std::collections::BTreeMap;

/// A file or a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A directory.
    Dir,
    /// A regular file and its content.
    File(String),
}

/// Why a file operation failed (the errno the tools print).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FsError {
    /// ENOENT.
    NotFound,
    /// ENOTDIR.
    NotDir,
    /// EISDIR.
    IsDir,
    /// EROFS.
    ReadOnly,
    /// ENOTEMPTY.
    NotEmpty,
    /// EEXIST.
    Exists,
}

impl FsError {
    /// The C library's text for the errno.
    pub const fn text(self) -> &'static str {
        match self {
            FsError::NotFound => "No such file or directory",
            FsError::NotDir => "Not a directory",
            FsError::IsDir => "Is a directory",
            FsError::ReadOnly => "Read-only file system",
            FsError::NotEmpty => "Directory not empty",
            FsError::Exists => "File exists",
        }
    }
}

/// Joins `path` onto `cwd` and resolves `.`, `..` and repeated slashes.
pub fn normalize(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') { path.to_string() } else { format!("{cwd}/{path}") };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The parent directory of a normalised path (`/` for `/`).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

/// The last component of a path.
pub fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// A file tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fs {
    entries: BTreeMap<String, Entry>,
}

impl Default for Fs {
    fn default() -> Self {
        Self::new()
    }
}

impl Fs {
    /// A tree holding only `/`.
    pub fn new() -> Self {
        let mut entries = BTreeMap::new();
        entries.insert("/".to_string(), Entry::Dir);
        Fs { entries }
    }

    /// The entry at `path`.
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path)
    }

    /// True when `path` is a directory.
    pub fn is_dir(&self, path: &str) -> bool {
        matches!(self.entries.get(path), Some(Entry::Dir))
    }

    /// Creates `path` and its parents as directories (set-up; never fails).
    pub fn ensure_dir(&mut self, path: &str) {
        let mut cur = String::new();
        for p in path.split('/').filter(|p| !p.is_empty()) {
            cur.push('/');
            cur.push_str(p);
            // Looked up first: most parents exist, and the entry API would copy the path each time.
            if !self.entries.contains_key(cur.as_str()) {
                self.entries.insert(cur.clone(), Entry::Dir);
            }
        }
    }

    /// Creates a file with its parent directories (set-up; never fails).
    pub fn put(&mut self, path: &str, content: &str) {
        self.ensure_dir(parent(path));
        self.entries.insert(path.to_string(), Entry::File(content.to_string()));
    }

    /// Reads a file.
    pub fn read(&self, path: &str) -> Result<&str, FsError> {
        match self.entries.get(path) {
            Some(Entry::File(s)) => Ok(s),
            Some(Entry::Dir) => Err(FsError::IsDir),
            None => Err(self.missing(path)),
        }
    }

    /// ENOENT, or ENOTDIR when a parent is a file.
    fn missing(&self, path: &str) -> FsError {
        let mut p = parent(path);
        loop {
            match self.entries.get(p) {
                Some(Entry::File(_)) => return FsError::NotDir,
                Some(Entry::Dir) => return FsError::NotFound,
                None if p == "/" => return FsError::NotFound,
                None => p = parent(p),
            }
        }
    }

    /// Writes (or appends to) a file; the parent directory must exist.
    pub fn write(&mut self, path: &str, data: &str, append: bool) -> Result<(), FsError> {
        match self.entries.get_mut(path) {
            Some(Entry::Dir) => return Err(FsError::IsDir),
            Some(Entry::File(s)) => {
                if !append {
                    s.clear();
                }
                s.push_str(data);
                return Ok(());
            }
            None => {}
        }
        match self.entries.get(parent(path)) {
            Some(Entry::Dir) => {
                self.entries.insert(path.to_string(), Entry::File(data.to_string()));
                Ok(())
            }
            Some(Entry::File(_)) => Err(FsError::NotDir),
            None => Err(self.missing(path)),
        }
    }

    /// `mkdir [-p]`.
    pub fn mkdir(&mut self, path: &str, parents: bool) -> Result<(), FsError> {
        match self.entries.get(path) {
            Some(Entry::Dir) if parents => return Ok(()),
            Some(_) => return Err(FsError::Exists),
            None => {}
        }
        if parents {
            let mut cur = String::new();
            for p in path.split('/').filter(|p| !p.is_empty()) {
                cur.push('/');
                cur.push_str(p);
                match self.entries.get(&cur) {
                    Some(Entry::File(_)) => return Err(FsError::NotDir),
                    Some(Entry::Dir) => {}
                    None => {
                        self.entries.insert(cur.clone(), Entry::Dir);
                    }
                }
            }
            return Ok(());
        }
        match self.entries.get(parent(path)) {
            Some(Entry::Dir) => {
                self.entries.insert(path.to_string(), Entry::Dir);
                Ok(())
            }
            Some(Entry::File(_)) => Err(FsError::NotDir),
            None => Err(FsError::NotFound),
        }
    }

    /// `rm [-r]`: a directory needs `recursive`.
    pub fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        match self.entries.get(path) {
            None => Err(self.missing(path)),
            Some(Entry::File(_)) => {
                self.entries.remove(path);
                Ok(())
            }
            Some(Entry::Dir) if !recursive => Err(FsError::IsDir),
            Some(Entry::Dir) => {
                let prefix = if path == "/" { "/".to_string() } else { format!("{path}/") };
                let doomed: Vec<String> = self
                    .entries
                    .range(prefix.clone()..)
                    .take_while(|(k, _)| k.starts_with(&prefix))
                    .map(|(k, _)| k.clone())
                    .collect();
                for k in doomed {
                    self.entries.remove(&k);
                }
                if path != "/" {
                    self.entries.remove(path);
                }
                Ok(())
            }
        }
    }

    /// Names directly inside directory `path`, sorted.
    pub fn list(&self, path: &str) -> Vec<String> {
        let prefix = if path == "/" { "/".to_string() } else { format!("{path}/") };
        self.entries
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter_map(|(k, _)| {
                let rest = &k[prefix.len()..];
                (!rest.is_empty() && !rest.contains('/')).then(|| rest.to_string())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise() {
        assert_eq!(normalize("/", "tmp//x/./y/../z"), "/tmp/x/z");
        assert_eq!(normalize("/usr/share/nginx/html", "index.html"), "/usr/share/nginx/html/index.html");
        assert_eq!(normalize("/", ".."), "/");
        assert_eq!(parent("/a/b"), "/a");
        assert_eq!(parent("/a"), "/");
    }

    #[test]
    fn files_and_dirs() {
        let mut fs = Fs::new();
        assert_eq!(fs.write("/tmp/x", "a", false), Err(FsError::NotFound));
        fs.ensure_dir("/tmp");
        fs.write("/tmp/x", "a", false).unwrap_or_default();
        fs.write("/tmp/x", "b", true).unwrap_or_default();
        assert_eq!(fs.read("/tmp/x"), Ok("ab"));
        assert_eq!(fs.read("/tmp/x/y"), Err(FsError::NotDir));
        assert_eq!(fs.remove("/tmp", false), Err(FsError::IsDir));
        assert_eq!(fs.list("/tmp"), vec!["x".to_string()]);
        fs.remove("/tmp", true).unwrap_or_default();
        assert_eq!(fs.read("/tmp/x"), Err(FsError::NotFound));
        fs.mkdir("/data/web/html", true).unwrap_or_default();
        assert!(fs.is_dir("/data/web"));
    }
}
