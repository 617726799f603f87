//! `rensa validate FILE… [--strict]`: every error and warning of each scenario, as
//! `file:line:col`, in the language asked for; `--strict` also runs each scenario under its
//! playbook ([`crate::probe`]) and fails on warnings too.

use super::{cannot_write, diagnostics_lang, library_cmd, report_load_error_in, write_stdout};
use crate::present::Lang;
use crate::scenario::Diagnostics;
use crate::scenario::diagnostics::Source;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Validates `files`: exit 0 when all are valid (and, with `strict`, without warnings),
/// 2 otherwise.
pub(super) fn validate(files: &[PathBuf], strict: bool, lang: Lang) -> ExitCode {
    let mut bad = false;
    for f in files {
        let (s, text, mut warnings) = match library_cmd::load_checked(f) {
            Ok(loaded) => loaded,
            Err(e) => {
                bad = true;
                report_load_error_in(&e, lang);
                continue;
            }
        };
        if strict {
            let mut src = Source::new(f.display().to_string(), &text);
            warnings
                .0
                .extend(src.render(crate::probe::probe(&s, crate::probe::RUNS)));
            warnings.0.sort_by_key(|d| d.pos);
        }
        let n = warnings.0.len();
        bad |= strict && n > 0;
        if n > 0 {
            let shown = Diagnostics(warnings.0).render(diagnostics_lang(lang));
            let _ = std::io::stderr().lock().write_all(shown.as_bytes());
        }
        let (o, sv, d, i) = (
            s.infra.operators.len(),
            s.infra.services.len(),
            s.infra.dependencies.len(),
            s.injects.len(),
        );
        let counts = match lang {
            Lang::En => format!("{o} operators, {sv} services, {d} dependencies, {i} injects"),
            Lang::Ja => format!("事業者 {o}、サービス {sv}、依存関係 {d}、インジェクト {i}"),
        };
        let line = match (lang, n) {
            (Lang::En, 0) => format!("{}: ok ({counts})\n", f.display()),
            (Lang::En, n) => format!("{}: ok with {n} warning(s) ({counts})\n", f.display()),
            (Lang::Ja, 0) => format!("{}: 問題なし（{counts}）\n", f.display()),
            (Lang::Ja, n) => format!("{}: 警告 {n} 件（{counts}）\n", f.display()),
        };
        if let Err(e) = write_stdout(&line) {
            return cannot_write(&e);
        }
    }
    if bad {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
