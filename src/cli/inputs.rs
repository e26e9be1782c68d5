//! Turning PATH arguments into the list of inputs to validate.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// One thing to validate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// Expand arguments: `-` is stdin, a directory is every file under it
/// (recursively, sorted by path, hidden entries skipped), a file is
/// itself. Paths that do not exist come back as errors, in order.
pub fn expand(args: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if arg.is_dir() {
            walk(arg, &mut inputs, &mut errors);
        } else if arg.exists() {
            inputs.push(Input::File(arg.clone()));
        } else {
            errors.push(format!(
                "cannot read {}: no such file or directory",
                arg.display()
            ));
        }
    }
    (inputs, errors)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|s| s.starts_with('.') && s != "." && s != "..")
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<String>) {
    let before = inputs.len();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => inputs.push(Input::File(e.into_path())),
            Ok(_) => {}
            Err(e) => errors.push(format!("cannot read {}: {e}", dir.display())),
        }
    }
    // A directory with nothing in it must not pass as "no findings".
    if inputs.len() == before {
        errors.push(format!("no files found under {}", dir.display()));
    }
}
