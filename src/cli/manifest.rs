//! `validate --manifest FILE` and the configuration's `manifest`: reading
//! the run's documentation manifest.

use std::path::PathBuf;

use crate::config::ManifestRef;
use crate::manifest::{Manifest, load};

/// The run's manifest: the one `--manifest` names, else the
/// configuration's, else none. One manifest per run: `--manifest` twice is
/// an error. The file is read once, before any input. Errors are one line:
/// `ORIGIN: cannot read FILE: REASON` or the first of the loader's
/// `FILE:LINE: COLUMN: MESSAGE`.
pub fn load_manifest(
    configured: Option<&ManifestRef>,
    flags: &[PathBuf],
) -> Result<Manifest, String> {
    let flag = match flags {
        [] => None,
        [one] => Some(ManifestRef {
            path: one.clone(),
            origin: "--manifest".to_string(),
        }),
        _ => return Err("--manifest can be given only once (one manifest per run)".to_string()),
    };
    let Some(r) = flag.as_ref().or(configured) else {
        return Ok(Manifest::empty());
    };
    let name = r.path.display().to_string();
    let bytes =
        std::fs::read(&r.path).map_err(|e| format!("{}: cannot read {name}: {e}", r.origin))?;
    load::parse(&name, &bytes).map_err(|errors| {
        errors
            .first()
            .map_or_else(|| format!("{name}: not a manifest"), |e| e.to_string())
    })
}
