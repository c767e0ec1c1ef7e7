//! Embeds every `roadmap/*.yaml` in the binary, so new built-in roadmaps need no code
//! change, and fingerprints the build for the parsed-roadmap cache.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "src/roadmap/hash.rs"]
#[allow(dead_code)] // the streaming hasher is the library's
mod hash;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=roadmap");
    let dir = root.join("roadmap");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("the roadmap/ folder is part of the crate")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();

    // (file name, text, XXH64 of the text: the parsed-roadmap cache's key)
    let mut code = String::from("pub static BUILTIN_FILES: &[(&str, &str, u64)] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        let text = fs::read(path).expect("readable roadmap file");
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?}), {:#x}),\n",
            path.display().to_string(),
            hash::xxh64(&text)
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("builtin.rs");
    fs::write(out, code).expect("OUT_DIR is writable");

    println!("cargo:rustc-env=ROADMAP_BUILD_ID={:016x}", build_id(root));
}

/// A hash of everything a cache entry's layout depends on: the sources, the locked
/// dependencies, the target and the profile. A cache entry written by another build
/// (another version, a patched source, a debug beside a release binary) carries
/// another id and is ignored.
fn build_id(root: &Path) -> u64 {
    let mut inputs = Vec::new();
    for var in [
        "CARGO_PKG_VERSION",
        "TARGET",
        "PROFILE",
        "OPT_LEVEL",
        "DEBUG",
    ] {
        inputs.extend_from_slice(var.as_bytes());
        inputs.extend_from_slice(env::var(var).unwrap_or_default().as_bytes());
        inputs.push(0);
    }
    let mut files = vec![
        root.join("Cargo.toml"),
        root.join("Cargo.lock"),
        root.join("build.rs"),
    ];
    sources(&root.join("src"), &mut files);
    files.sort();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let relative = path.strip_prefix(root).unwrap_or(path);
        inputs.extend_from_slice(relative.to_string_lossy().as_bytes());
        inputs.push(0);
        let text = fs::read(path).unwrap_or_default();
        inputs.extend_from_slice(&hash::xxh64(&text).to_le_bytes());
    }
    println!("cargo:rerun-if-changed=src");
    hash::xxh64(&inputs)
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.is_dir() {
            sources(&path, out);
        } else {
            out.push(path);
        }
    }
}
