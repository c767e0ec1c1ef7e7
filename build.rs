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

    let mut code = String::from("pub static BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("builtin.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
