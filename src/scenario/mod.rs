//! The scenario data layer: the RON schema, loading, and validation with precise errors.
//! It turns files into validated [`crate::model::Scenario`] values; the engine never sees
//! RON.

pub mod diagnostics;
pub mod drill_log;
pub mod load;
pub mod schema;
pub mod spans;

pub use diagnostics::{Diagnostic, Diagnostics};
pub use load::{DEFAULT_INFRA, LoadError, NoFiles, Resolver, load_str};

use std::path::{Path, PathBuf};

/// The bundled default drill, embedded so `rensa run` works from any directory.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/telecom-ddos.ron");
/// The name the default drill is reported under.
pub const DEFAULT_SCENARIO_NAME: &str = "scenarios/telecom-ddos.ron";

/// Reads files relative to a directory (the scenario file's).
pub struct FsResolver {
    /// The directory relative paths start from.
    pub base: PathBuf,
}

impl Resolver for FsResolver {
    fn read(&self, name: &str) -> Result<(String, String), String> {
        let path = self.base.join(name);
        std::fs::read_to_string(&path)
            .map(|t| (path.display().to_string(), t))
            .map_err(|e| format!("{} ({})", e, path.display()))
    }
}

/// Loads and validates a scenario file from disk.
pub fn load_path(path: &Path) -> Result<crate::model::Scenario, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|e| LoadError::Io {
        file: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    load_str(&path.display().to_string(), &text, &FsResolver { base })
}

/// Loads the bundled default drill.
pub fn load_default() -> crate::model::Scenario {
    load_str(DEFAULT_SCENARIO_NAME, DEFAULT_SCENARIO, &NoFiles)
        .expect("the bundled default scenario is valid (tested)")
}
