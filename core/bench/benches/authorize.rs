//! `authorize` and `visibility` of the permission core, and the same
//! questions through cedar-policy, in one run. `make bench` prints the ratios.
//!
//! Nothing is timed until core and Cedar agree on every timed decision, a
//! broader generated set and every list; a disagreement ends the run with a
//! failure naming the first case.

use std::hint::black_box;
use std::process::ExitCode;

use cedar_policy::Authorizer;
use criterion::Criterion;
use imprimatur_bench::{Checked, by_authorize, by_cedar, by_filter, checked, policies};
use imprimatur_core::authorize;

fn decisions(c: &mut Criterion, checked: &Checked) {
    let authorizer = Authorizer::new();
    for case in &checked.cases {
        let mut group = c.benchmark_group(case.name);
        group.bench_function("core", |b| {
            b.iter(|| {
                authorize(
                    black_box(&case.principal),
                    black_box(case.action),
                    black_box(&case.resource),
                )
            })
        });
        group.bench_function("cedar", |b| {
            b.iter(|| {
                authorizer.is_authorized(
                    black_box(&case.cedar_request),
                    &checked.policies,
                    &case.cedar_entities,
                )
            })
        });
        group.finish();
    }
}

/// Each way does the whole job: from the person and the loaded rows to the
/// ids of the rows they may approve.
fn lists(c: &mut Criterion, checked: &Checked) {
    let authorizer = Authorizer::new();
    for list in &checked.lists {
        let mut group = c.benchmark_group(list.name);
        // A Cedar pass over 10,000 rows takes tens of milliseconds.
        group.sample_size(20);
        group.bench_function("core visibility filter, built and applied", |b| {
            b.iter(|| by_filter(black_box(&list.principal), black_box(&list.rows)))
        });
        group.bench_function("core authorize on each row", |b| {
            b.iter(|| by_authorize(black_box(&list.principal), black_box(&list.rows)))
        });
        group.bench_function("cedar on each row", |b| {
            b.iter(|| by_cedar(&authorizer, &checked.policies, black_box(list)))
        });
        group.finish();
    }
}

fn main() -> ExitCode {
    let checked = match policies().and_then(checked) {
        Ok(checked) => checked,
        Err(e) => {
            eprintln!("core and cedar do not agree, so nothing is timed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let visible: Vec<String> = checked
        .lists
        .iter()
        .zip(&checked.visible)
        .map(|(l, v)| format!("{v} of {} rows for \"{}\"", l.rows.len(), l.name))
        .collect();
    eprintln!(
        "core and cedar agree on the {} timed decisions, {} generated ones and every list ({})",
        checked.cases.len(),
        checked.generated,
        visible.join("; ")
    );
    let mut c = Criterion::default().configure_from_args();
    decisions(&mut c, &checked);
    lists(&mut c, &checked);
    c.final_summary();
    ExitCode::SUCCESS
}
