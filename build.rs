//! Embeds every `roadmap/*.yaml` in the binary, so new built-in roadmaps need no code change.

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=roadmap");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("roadmap");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("the roadmap/ folder is part of the crate")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();

    // (file name, text, FNV-1a hash of the text: the parsed-roadmap cache's key)
    let mut code = String::from("pub static BUILTIN_FILES: &[(&str, &str, u64)] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        let text = fs::read(path).expect("readable roadmap file");
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?}), {:#x}),\n",
            path.display().to_string(),
            fnv1a(&text)
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("builtin.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}

/// The same hash as `roadmap::cache::fnv1a`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
