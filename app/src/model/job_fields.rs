//! A product's options and job fields: what the orderer fills in or chooses
//! when ordering (the name on a badge, the paper), an option's choice
//! possibly adding to the price per copy. Admins write them one a line:
//!
//! - `Name on the badge*`: text the orderer types; `*` makes it required;
//! - `Finish: Matte | Gloss +0.10`: one of fixed choices, the first being
//!   the default, `+0.10` added to the price of each copy.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{money, parse_price, price_text};

/// The most fields one product may ask for.
pub const MAX_JOB_FIELDS: usize = 12;
/// The longest label of a field or a choice.
pub const MAX_FIELD_LABEL_LEN: usize = 60;
/// The most choices one option may offer.
pub const MAX_CHOICES: usize = 12;
/// The longest text an orderer may type into a field.
pub const MAX_ANSWER_LEN: usize = 200;

/// One choice of an option.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub label: String,
    /// Added to the price of each copy.
    pub extra_cents: i64,
}

/// One thing the orderer fills in or chooses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobField {
    Text { label: String, required: bool },
    Option { label: String, choices: Vec<Choice> },
}

impl JobField {
    pub fn label(&self) -> &str {
        match self {
            JobField::Text { label, .. } | JobField::Option { label, .. } => label,
        }
    }
}

impl Choice {
    /// As the order form offers it: "Gloss (+€0.10 a copy)".
    pub fn offered(&self) -> String {
        if self.extra_cents == 0 {
            self.label.clone()
        } else {
            format!("{} (+{} a copy)", self.label, money(self.extra_cents))
        }
    }
}

/// A field as the order recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobAnswer {
    pub label: String,
    pub value: String,
    /// What the choice added to each copy when ordered, so a later change
    /// of the job can take it off again.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub extra_cents: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// What the answers added to each copy.
pub fn extra_of(answers: &[JobAnswer]) -> Option<i64> {
    answers
        .iter()
        .try_fold(0i64, |sum, a| sum.checked_add(a.extra_cents))
}

/// "Name on the badge: Cora · Finish: Gloss", for lists of jobs.
pub fn answers_text(answers: &[JobAnswer]) -> String {
    answers
        .iter()
        .filter(|a| !a.value.is_empty())
        .map(|a| format!("{}: {}", a.label, a.value))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn label(text: &str, line: usize) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("Line {line}: give the field a name."));
    }
    if text.chars().count() > MAX_FIELD_LABEL_LEN || text.chars().any(char::is_control) {
        return Err(format!(
            "Line {line}: keep names to at most {MAX_FIELD_LABEL_LEN} characters."
        ));
    }
    Ok(text.to_string())
}

fn choice(text: &str, line: usize) -> Result<Choice, String> {
    let text = text.trim();
    let (name, extra) = match text.rsplit_once('+') {
        Some((name, price)) => {
            let cents = parse_price(price).ok_or_else(|| {
                format!(
                    "Line {line}: \u{201c}+{}\u{201d} is not a price; write it like +0.10.",
                    price.trim()
                )
            })?;
            (name, cents)
        }
        None => (text, 0),
    };
    Ok(Choice {
        label: label(name, line)?,
        extra_cents: extra,
    })
}

/// The fields an admin wrote, one a line (empty lines skipped).
pub fn parse_job_fields(spec: &str) -> Result<Vec<JobField>, String> {
    let mut out: Vec<JobField> = Vec::new();
    for (i, raw) in spec.lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        let field = match raw.split_once(':') {
            Some((name, choices)) => {
                let choices = choices
                    .split('|')
                    .map(|c| choice(c, line))
                    .collect::<Result<Vec<_>, _>>()?;
                if choices.len() < 2 || choices.len() > MAX_CHOICES {
                    return Err(format!(
                        "Line {line}: an option offers 2 to {MAX_CHOICES} choices, separated by |."
                    ));
                }
                for (n, c) in choices.iter().enumerate() {
                    if choices[..n]
                        .iter()
                        .any(|d| d.label.eq_ignore_ascii_case(&c.label))
                    {
                        return Err(format!(
                            "Line {line}: \u{201c}{}\u{201d} is offered twice.",
                            c.label
                        ));
                    }
                }
                JobField::Option {
                    label: label(name, line)?,
                    choices,
                }
            }
            None => match raw.strip_suffix('*') {
                Some(name) => JobField::Text {
                    label: label(name, line)?,
                    required: true,
                },
                None => JobField::Text {
                    label: label(raw, line)?,
                    required: false,
                },
            },
        };
        if out
            .iter()
            .any(|f| f.label().eq_ignore_ascii_case(field.label()))
        {
            return Err(format!(
                "Line {line}: there is already a field called \u{201c}{}\u{201d}.",
                field.label()
            ));
        }
        out.push(field);
        if out.len() > MAX_JOB_FIELDS {
            return Err(format!(
                "A product asks for at most {MAX_JOB_FIELDS} fields."
            ));
        }
    }
    Ok(out)
}

/// The fields as the admin's form shows them again.
pub fn job_fields_text(fields: &[JobField]) -> String {
    fields
        .iter()
        .map(|f| match f {
            JobField::Text { label, required } => {
                format!("{label}{}", if *required { "*" } else { "" })
            }
            JobField::Option { label, choices } => {
                let choices: Vec<String> = choices
                    .iter()
                    .map(|c| match c.extra_cents {
                        0 => c.label.clone(),
                        n => format!("{} +{}", c.label, price_text(n)),
                    })
                    .collect();
                format!("{label}: {}", choices.join(" | "))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The order's answers to `fields` and what they add to each copy. `given`
/// maps a field's position ("0", "1", …) to what the form sent; an option
/// not given is its first choice.
pub fn answer_job_fields(
    fields: &[JobField],
    given: &BTreeMap<String, String>,
) -> Result<(Vec<JobAnswer>, i64), String> {
    if given.len() > fields.len() {
        return Err("The order form does not match the product; reload the page.".into());
    }
    let mut answers = Vec::with_capacity(fields.len());
    let mut extra = 0i64;
    for (i, field) in fields.iter().enumerate() {
        let value = given.get(&i.to_string()).map(|v| v.trim());
        let mut extra_cents = 0;
        let value = match field {
            JobField::Text { label, required } => {
                let v = value.unwrap_or("");
                if *required && v.is_empty() {
                    return Err(format!("Fill in \u{201c}{label}\u{201d}."));
                }
                if v.chars().count() > MAX_ANSWER_LEN || v.chars().any(char::is_control) {
                    return Err(format!(
                        "Keep \u{201c}{label}\u{201d} to one line of at most {MAX_ANSWER_LEN} characters."
                    ));
                }
                v.to_string()
            }
            JobField::Option { label, choices } => {
                let picked = match value {
                    None | Some("") => choices.first(),
                    Some(v) => choices.iter().find(|c| c.label == v),
                };
                let picked = picked.ok_or_else(|| {
                    format!("Choose one of the offered choices for \u{201c}{label}\u{201d}.")
                })?;
                extra = extra
                    .checked_add(picked.extra_cents)
                    .ok_or_else(|| "That order is too large.".to_string())?;
                extra_cents = picked.extra_cents;
                picked.label.clone()
            }
        };
        answers.push(JobAnswer {
            label: field.label().to_string(),
            value,
            extra_cents,
        });
    }
    Ok((answers, extra))
}

/// A re-order's answers: the earlier order's, by label, against the
/// product's fields as they are now.
pub fn answer_again(
    fields: &[JobField],
    earlier: &[JobAnswer],
) -> Result<(Vec<JobAnswer>, i64), String> {
    let given: BTreeMap<String, String> = fields
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            earlier
                .iter()
                .find(|a| a.label == f.label())
                .map(|a| (i.to_string(), a.value.clone()))
        })
        .collect();
    answer_job_fields(fields, &given).map_err(|e| {
        format!("The product's fields changed since that order: {e} Order it afresh from the shop.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "Name on the badge*\n\n Job title \nFinish: Matte | Gloss +0.10";

    fn given(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn fields_are_read_one_a_line_and_written_back_the_same_way() {
        let fields = parse_job_fields(SPEC).unwrap();
        assert_eq!(
            fields,
            vec![
                JobField::Text {
                    label: "Name on the badge".into(),
                    required: true
                },
                JobField::Text {
                    label: "Job title".into(),
                    required: false
                },
                JobField::Option {
                    label: "Finish".into(),
                    choices: vec![
                        Choice {
                            label: "Matte".into(),
                            extra_cents: 0
                        },
                        Choice {
                            label: "Gloss".into(),
                            extra_cents: 10
                        },
                    ],
                },
            ]
        );
        assert_eq!(
            job_fields_text(&fields),
            "Name on the badge*\nJob title\nFinish: Matte | Gloss +0.10"
        );
        assert_eq!(parse_job_fields(&job_fields_text(&fields)).unwrap(), fields);
        assert_eq!(parse_job_fields("  \n").unwrap(), vec![]);
    }

    #[test]
    fn a_badly_written_field_says_which_line_is_wrong() {
        for (spec, want) in [
            ("Finish: Matte", "Line 1: an option offers 2 to"),
            (
                "Name\nFinish: Matte | Gloss +ten",
                "Line 2: \u{201c}+ten\u{201d} is not a price",
            ),
            ("Finish: Matte | matte", "offered twice"),
            ("Name\nname*", "already a field called"),
            ("*", "Line 1: give the field a name."),
            (": A | B", "Line 1: give the field a name."),
        ] {
            let got = parse_job_fields(spec).unwrap_err();
            assert!(got.contains(want), "{spec:?}: {got}");
        }
        let many = (0..=MAX_JOB_FIELDS)
            .map(|i| format!("Field {i}"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(parse_job_fields(&many).is_err());
    }

    #[test]
    fn an_order_answers_each_field_and_pays_for_its_choices() {
        let fields = parse_job_fields(SPEC).unwrap();
        let (answers, extra) =
            answer_job_fields(&fields, &given(&[("0", " Cora "), ("2", "Gloss")])).unwrap();
        assert_eq!(extra, 10);
        assert_eq!(
            answers_text(&answers),
            "Name on the badge: Cora · Finish: Gloss"
        );
        // An option left out is its first choice.
        let (_, extra) = answer_job_fields(&fields, &given(&[("0", "Cora")])).unwrap();
        assert_eq!(extra, 0);
        assert_eq!(
            answer_job_fields(&fields, &given(&[("2", "Gloss")])).unwrap_err(),
            "Fill in \u{201c}Name on the badge\u{201d}."
        );
        assert!(answer_job_fields(&fields, &given(&[("0", "Cora"), ("2", "Velvet")])).is_err());
        assert!(answer_job_fields(&fields, &given(&[("0", &"x".repeat(201))])).is_err());
        assert!(answer_job_fields(&[], &given(&[("0", "x")])).is_err());
    }

    #[test]
    fn a_reorder_keeps_its_answers_while_the_fields_still_fit() {
        let fields = parse_job_fields(SPEC).unwrap();
        let (earlier, _) =
            answer_job_fields(&fields, &given(&[("0", "Cora"), ("2", "Gloss")])).unwrap();
        assert_eq!(
            answer_again(&fields, &earlier).unwrap(),
            (earlier.clone(), 10)
        );
        let changed = parse_job_fields("Name on the badge*\nFinish: Matte | Satin").unwrap();
        assert!(
            answer_again(&changed, &earlier)
                .unwrap_err()
                .contains("Order it afresh")
        );
    }
}
