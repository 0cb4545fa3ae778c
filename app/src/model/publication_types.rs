//! Publication types assigned to departments (PrintShop Mail Web): which
//! types of product each department's members may see and order.

use serde::{Deserialize, Serialize};

/// The most publication types one department may be limited to.
pub const MAX_ASSIGNED_TYPES: usize = 50;

/// One department and what it orders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentTypesRow {
    pub department_id: i64,
    pub name: String,
    /// `None`: every publication type.
    pub types: Option<Vec<String>>,
}

/// A company's departments and the publication types its products have
/// (those a department may be limited to).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyPublicationTypes {
    pub company_id: i64,
    pub company: String,
    pub known: Vec<String>,
    pub departments: Vec<DepartmentTypesRow>,
}

/// A limit as the form sent it, checked against the company's types:
/// trimmed, each once, sorted. `None` (every type) passes as it is; an
/// empty limit would hide the whole catalog, so it is refused.
pub fn checked_limit(
    limit: Option<Vec<String>>,
    known: &[String],
) -> Result<Option<Vec<String>>, String> {
    let Some(limit) = limit else {
        return Ok(None);
    };
    let too_many = || {
        format!("A department may be limited to at most {MAX_ASSIGNED_TYPES} publication types.")
    };
    if limit.len() > 4 * MAX_ASSIGNED_TYPES {
        return Err(too_many());
    }
    let mut out: Vec<String> = Vec::with_capacity(limit.len());
    for t in limit {
        let t = t.trim();
        if !known.iter().any(|k| k == t) {
            let shown: String = t.chars().take(60).collect();
            return Err(format!(
                "\u{201c}{shown}\u{201d} is not a publication type of the company's products."
            ));
        }
        if !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    }
    if out.is_empty() {
        return Err(
            "Choose at least one publication type, or let the department order every type.".into(),
        );
    }
    if out.len() > MAX_ASSIGNED_TYPES {
        return Err(too_many());
    }
    out.sort();
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        vec!["Stationery".into(), "Brochures".into()]
    }

    #[test]
    fn a_limit_is_trimmed_deduplicated_and_sorted() {
        let limit = Some(vec![
            " Stationery".into(),
            "Brochures".into(),
            "Stationery".into(),
        ]);
        assert_eq!(
            checked_limit(limit, &known()),
            Ok(Some(vec!["Brochures".into(), "Stationery".into()]))
        );
    }

    #[test]
    fn every_type_needs_no_list() {
        assert_eq!(checked_limit(None, &known()), Ok(None));
    }

    #[test]
    fn an_empty_limit_or_an_unknown_type_is_refused() {
        assert!(checked_limit(Some(vec![]), &known()).is_err());
        let unknown = checked_limit(Some(vec!["Posters".into()]), &known());
        assert_eq!(
            unknown,
            Err(
                "\u{201c}Posters\u{201d} is not a publication type of the company's products."
                    .into()
            )
        );
    }
}
