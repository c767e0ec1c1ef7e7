//! Where each file lives, and where that answer came from (flag, environment, default).

use std::path::PathBuf;

/// How a path was chosen; shown by `doctor` and used to decide whether a
/// missing folder may be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Env,
    Default,
}

impl Origin {
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Flag => "from --progress",
            Origin::Env => "from $ROADMAP_PROGRESS",
            Origin::Default => "default location",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Paths {
    pub progress: PathBuf,
    pub progress_origin: Origin,
    /// `<config dir>/roadmap/roadmaps`, where user roadmaps live.
    pub user_roadmaps: Option<PathBuf>,
}

impl Paths {
    /// SPEC section 1: `--progress FILE` > `$ROADMAP_PROGRESS` > `<data dir>/roadmap/progress.toml`.
    /// Also turns the parsed-roadmap cache on, under [`Paths::cache_dir`].
    pub fn resolve(progress_flag: Option<PathBuf>) -> crate::Result<Paths> {
        let env = std::env::var_os("ROADMAP_PROGRESS").filter(|v| !v.is_empty());
        let (progress, progress_origin) = match (progress_flag, env) {
            (Some(flag), _) => (flag, Origin::Flag),
            (None, Some(env)) => (PathBuf::from(env), Origin::Env),
            (None, None) => match dirs::data_dir() {
                Some(dir) => (dir.join("roadmap").join("progress.toml"), Origin::Default),
                None => {
                    return Err(crate::Error::data_with_hint(
                        "cannot find a data folder for the progress file (is $HOME set?)",
                        "pass `--progress FILE` or set $ROADMAP_PROGRESS",
                    ));
                }
            },
        };
        crate::roadmap::cache::enable(Paths::cache_dir());
        Ok(Paths {
            progress,
            progress_origin,
            user_roadmaps: dirs::config_dir().map(|d| d.join("roadmap").join("roadmaps")),
        })
    }

    /// `<cache dir>/roadmap` (`$XDG_CACHE_HOME/roadmap` on Linux), where the
    /// parsed-roadmap cache lives. Never the real one in the library's unit tests.
    pub fn cache_dir() -> Option<PathBuf> {
        if cfg!(test) {
            return None;
        }
        dirs::cache_dir().map(|d| d.join("roadmap"))
    }

    /// The lock guards read-modify-write; it sits beside the file, never on it,
    /// because the atomic rename replaces the file's inode.
    pub fn lock_for(progress: &std::path::Path) -> PathBuf {
        let mut name = progress
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_else(|| "progress.toml".into());
        name.push(".lock");
        progress.with_file_name(name)
    }
}
