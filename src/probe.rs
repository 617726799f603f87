//! What only running a scenario shows its author (`rensa validate --strict`): a reacting
//! inject that fires in every run or in none, and an objective decided the same way in
//! every run, found by running the scenario a few times with every role — the players'
//! too — following the scenario's policies (the playbook). The problems are warnings at
//! the inject's trigger or the objective's goal, in both languages, like the data layer's.
//!
//! **Architecture Invariant:** runs go through the session API only, with seeds from the
//! scenario's seed and the run's index alone, so the warnings are the same on every
//! machine.

use crate::engine::timeline::Happening;
use crate::model::objective::ObjectiveStatus;
use crate::model::{InjectTrigger, Scenario};
use crate::scenario::diagnostics::Problem;
use crate::scenario::spans::Path;
use crate::session::{EngineOptions, Prepared, Session};
use std::sync::Arc;

/// How many runs `validate --strict` makes: enough that "in every run" is rarely luck
/// (an event of probability 0.9 happens in all 20 runs one time in eight; assumption).
pub const RUNS: u32 = 20;

/// What `runs` runs of `scenario` under its playbook show: warnings at the inject or
/// objective they are about.
pub fn probe(scenario: &Scenario, runs: u32) -> Vec<Problem> {
    let mut playbook = scenario.clone();
    playbook.drill.players.clear();
    let prepared = Prepared::new(Arc::new(playbook));
    let (n_injects, n_objectives) = (scenario.injects.len(), scenario.drill.objectives.len());
    let mut fired = vec![0u32; n_injects];
    let mut met = vec![0u32; n_objectives];
    let mut missed = vec![0u32; n_objectives];
    for k in 0..runs {
        let seed = crate::twin::luck_seed(scenario.seed, k);
        let outcome =
            Session::from_prepared(&prepared, seed, &[], EngineOptions { timeline: true }).finish();
        let mut seen = vec![false; n_injects];
        for e in &outcome.timeline {
            match e.what {
                Happening::InjectFired { inject, .. } | Happening::Narrated { inject, .. }
                    if inject < n_injects =>
                {
                    seen[inject] = true;
                }
                Happening::ObjectiveDecided {
                    objective, status, ..
                } if objective < n_objectives => match status {
                    ObjectiveStatus::Met => met[objective] += 1,
                    ObjectiveStatus::Missed => missed[objective] += 1,
                    _ => {}
                },
                _ => {}
            }
        }
        for (i, s) in seen.into_iter().enumerate() {
            fired[i] += u32::from(s);
        }
    }
    let mut out = Vec::new();
    let root = Path::root();
    for (i, inject) in scenario.injects.iter().enumerate() {
        let path = root.field("injects").index(i);
        let (at, reacts) = match inject.trigger {
            InjectTrigger::When { .. } => (path.field("when"), true),
            InjectTrigger::After { .. } => (path.field("after"), false),
            InjectTrigger::At(_) | InjectTrigger::Manual => continue,
        };
        let key = &inject.key;
        if fired[i] == 0 {
            out.push(
                Problem::new(
                    at,
                    (
                        format!("inject \"{key}\" fired in none of {runs} runs under the playbook"),
                        format!("インジェクト \"{key}\" はプレイブックどおりの {runs} 回の実行で一度も発生しませんでした"),
                    ),
                )
                .helps(
                    "check its condition and deadline (`rensa run --detail full` says why it was skipped)",
                    "条件と期限を確かめます（見送られた理由は `rensa run --detail full` で表示されます）",
                )
                .warning(),
            );
        } else if reacts && fired[i] == runs {
            out.push(
                Problem::new(
                    at,
                    (
                        format!("inject \"{key}\" fired in all {runs} runs under the playbook: its condition held in every one"),
                        format!("インジェクト \"{key}\" はプレイブックどおりの {runs} 回の実行すべてで発生しました。条件が何も分けていません"),
                    ),
                )
                .helps(
                    "if it is meant to fire in every drill, write `at` or `after`; if not, make the condition one the players can change",
                    "毎回発生させるなら `at` か `after` で書きます。そうでなければ、プレイヤーが変えられる条件にします",
                )
                .warning(),
            );
        }
    }
    for (k, o) in scenario.drill.objectives.iter().enumerate() {
        let at = root.field("objectives").index(k).field("goal");
        let key = &o.key;
        let problem = if met[k] == runs {
            Problem::new(
                at,
                (
                    format!("objective \"{key}\" was met in all {runs} runs under the playbook: it may not tell one drill from another"),
                    format!("目標 \"{key}\" はプレイブックどおりの {runs} 回の実行すべてで達成されました。演習の良し悪しを分けないかもしれません"),
                ),
            )
            .helps(
                "`rensa run` (the players idle) shows whether doing nothing misses it",
                "`rensa run`（プレイヤーは何もしない）で、何もしなければ未達成になるかを確かめます",
            )
        } else if missed[k] == runs {
            Problem::new(
                at,
                (
                    format!("objective \"{key}\" was missed in all {runs} runs under the playbook: even the playbook never meets it"),
                    format!("目標 \"{key}\" はプレイブックどおりの {runs} 回の実行すべてで未達成でした。プレイブックでも達成できません"),
                ),
            )
            .helps(
                "lower its level, lengthen `within`, or say what is expected with `expected`",
                "水準を下げるか `within` を延ばすか、`expected` で期待する達成度を示します",
            )
        } else {
            continue;
        };
        out.push(problem.warning());
    }
    out
}
