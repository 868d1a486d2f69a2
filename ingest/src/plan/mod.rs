//! The plan parser: here is the text of a plan in the official layout (a PDF converted to
//! text), give me a typed [`Plan`].
//!
//! [`parse_plan`] reads the body (title, preamble, numbered clauses, signature, reporting duty),
//! the targets table (PHỤ LỤC 01) and the task table (PHỤ LỤC 02) of any plan in this layout:
//! the province's, a department's or a commune's. Nothing about a particular plan is written
//! here: rows are anchored on their numbering, agencies on how their names are formed,
//! timelines and deliverables on their vocabulary, and columns on their width. What the source
//! does not give is recorded as missing, with a [`Warning`]; nothing is guessed from a
//! neighbour row.
//!
//! The text is normalised first (BOM stripped, `\r\n` as `\n`, every line in NFC), so the
//! same plan saved with other line endings or in NFD gives the same [`Plan`], line numbers
//! included.

mod agency;
mod body;
mod error;
mod layout;
mod legal;
mod model;
mod quads;
mod targets;
mod tasks;
pub(crate) mod text;
mod timeline;

pub use error::PlanError;
pub use model::{
    AgencyKind, AgencyRef, Clause, ClauseKind, ClauseRole, Comparator, Indicator, LegalRef,
    LineRange, PartialDate, Plan, ReportingDuty, Target, Task, TaskField, TaskGroup, Timeline,
    TimelineKind, Warning,
};

pub(crate) use quads::{date_literal, plan_quads};

use layout::TableKind;
use text::{roman, word_overlap};

/// Reads a whole plan text (the content of the file).
///
/// # Errors
/// - [`PlanError::Empty`] when the text has no content;
/// - [`PlanError::NotAPlan`] when it has no task table (PHỤ LỤC 02) or the table has no task;
/// - [`PlanError::Malformed`] when a task row cannot be read (a row without text, a last row
///   cut short in a file that looks truncated).
pub fn parse_plan(text: &str) -> Result<Plan, PlanError> {
    let lines = text::normalise_lines(text);
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Err(PlanError::Empty);
    }
    let mut warnings = Vec::new();
    let lay = layout::layout(&lines);
    let Some(task_table) = lay.tables.iter().find(|t| t.kind == TableKind::Tasks) else {
        return Err(PlanError::NotAPlan {
            reason: "no task assignment table (PHỤ LỤC 02 with an STT / Nhiệm vụ header)".into(),
        });
    };
    let body = body::parse_body(&lines, lay.appendix_start, &mut warnings);

    let (targets, target_texts) = match lay.tables.iter().find(|t| t.kind == TableKind::Targets) {
        Some(t) => targets::parse_targets(t, &mut warnings),
        None => {
            warnings.push(Warning::new(
                lay.appendix_start.min(lines.len()),
                "targets",
                "the plan has no targets table (PHỤ LỤC 01)",
            ));
            (Vec::new(), Vec::new())
        }
    };
    let table = tasks::parse_tasks(task_table, &mut warnings)?;
    if table.tasks.is_empty() {
        return Err(PlanError::NotAPlan {
            reason: format!(
                "the task table under PHỤ LỤC on line {} has no task row",
                task_table.heading_line
            ),
        });
    }

    let mut texts = body.texts;
    texts.extend(target_texts);
    texts.extend(table.texts);

    let mut plan = Plan {
        title: body.title,
        issuer: body.issuer,
        signer: body.signer,
        lines: LineRange::new(1, lines.len()),
        clauses: body.clauses,
        targets,
        task_groups: table.groups,
        tasks: table.tasks,
        legal_refs: legal::legal_refs(&texts),
        reporting: body.reporting,
        warnings: Vec::new(),
    };
    link_narrative_tasks(&mut plan, &mut warnings);
    check_objectives(&plan, &mut warnings);
    canonicalise_agencies(&mut plan);
    warnings.sort_by_key(|w| w.line);
    plan.warnings = warnings;
    Ok(plan)
}

/// Texts agree when at least this share of their words is common.
const SAME_TASK: f64 = 0.6;

/// Links the task items of the body's tasks part to the PHỤ LỤC 02 rows that implement them.
///
/// The body numbers its tasks part "1. … ngay", "2. … giai đoạn", "3. … thường xuyên" in the
/// order of the table's sections I, II, III, so body "III.2.2.1.(3)" is row "II.2.1.3" and
/// body "III.3.2" is row "III.2". A link is made only when that row exists and its text agrees.
fn link_narrative_tasks(plan: &mut Plan, warnings: &mut Vec<Warning>) {
    let Some(part) = plan
        .clauses
        .iter()
        .find(|c| c.kind == ClauseKind::Part && c.role == Some(ClauseRole::Tasks))
        .map(|c| c.code.clone())
    else {
        return;
    };
    let prefix = format!("{part}.");
    let n = plan.clauses.len();
    for i in 0..n {
        let c = &plan.clauses[i];
        let Some(rest) = c.code.strip_prefix(&prefix) else {
            continue;
        };
        let children: Vec<&Clause> = plan
            .clauses
            .iter()
            .filter(|k| k.parent.as_deref() == Some(c.code.as_str()))
            .collect();
        let paragraph_heading = c.kind == ClauseKind::Heading
            && !children.is_empty()
            && children.iter().all(|k| k.kind == ClauseKind::Paragraph);
        if c.kind != ClauseKind::Item && !paragraph_heading {
            continue;
        }
        let numbers: Option<Vec<String>> = rest
            .split('.')
            .map(|p| {
                let p = p.trim_start_matches('(').trim_end_matches(')');
                p.parse::<u32>().ok().map(|n| n.to_string())
            })
            .collect();
        let Some(numbers) = numbers else {
            continue;
        };
        let mut text = c.text.clone();
        if paragraph_heading {
            for k in &children {
                text.push(' ');
                text.push_str(&k.text);
            }
        }
        let (line, code) = (c.lines.start, c.code.clone());
        let candidate = match numbers.split_first() {
            Some((first, rest)) if !rest.is_empty() => {
                let section: u32 = first.parse().unwrap_or(0);
                Some(format!("{}.{}", roman(section), rest.join(".")))
            }
            _ => None,
        };
        let linked = candidate.as_ref().and_then(|cand| {
            let row = plan.task(cand);
            match row {
                Some(t) if word_overlap(&text, &t.text) >= SAME_TASK => Some(cand.clone()),
                Some(_) => {
                    warnings.push(Warning::new(
                        line,
                        "task_code",
                        format!("narrative task {code} does not match row {cand} of PHỤ LỤC 02: their texts differ"),
                    ));
                    None
                }
                None => {
                    warnings.push(Warning::new(
                        line,
                        "task_code",
                        format!("narrative task {code} has no row {cand} in PHỤ LỤC 02"),
                    ));
                    None
                }
            }
        });
        let c = &mut plan.clauses[i];
        c.is_narrative_task = true;
        c.task_code = linked;
    }
}

/// Warns about specific objectives of the body without a target row.
fn check_objectives(plan: &Plan, warnings: &mut Vec<Warning>) {
    if plan.targets.is_empty() {
        return;
    }
    for c in &plan.clauses {
        if let Some(n) = &c.target_number
            && plan.target(n).is_none()
        {
            warnings.push(Warning::new(
                c.lines.start,
                "target_number",
                format!("specific objective ({n}) has no row {n} in PHỤ LỤC 01"),
            ));
        }
    }
}

/// Gives every agency the spelling printed most often for its key.
fn canonicalise_agencies(plan: &mut Plan) {
    let names = {
        let mut refs: Vec<&AgencyRef> = Vec::new();
        refs.extend(plan.issuer.iter());
        refs.extend(plan.reporting.iter().map(|r| &r.recipient));
        for t in &plan.targets {
            refs.extend(t.lead.iter().chain(&t.monitor));
        }
        for t in &plan.tasks {
            refs.extend(t.lead.iter().chain(&t.partners));
        }
        agency::canonical_names(&refs)
    };
    let rename = |a: &mut AgencyRef| {
        if let Some((_, n)) = names.iter().find(|(k, _)| *k == a.key) {
            a.name.clone_from(n);
        }
    };
    plan.issuer.iter_mut().for_each(rename);
    plan.reporting
        .iter_mut()
        .for_each(|r| rename(&mut r.recipient));
    for t in &mut plan.targets {
        t.lead
            .iter_mut()
            .chain(t.monitor.iter_mut())
            .for_each(rename);
    }
    for t in &mut plan.tasks {
        t.lead
            .iter_mut()
            .chain(t.partners.iter_mut())
            .for_each(rename);
    }
}
