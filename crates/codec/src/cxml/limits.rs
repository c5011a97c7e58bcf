//! Platform limits on a returned cart (PunchOutOrderMessage content).
//!
//! Source: reference `punchout.md` §1.6 "Platform limits on POOM content" and §1.13, which cite
//! njp970/punchoutsandbox §2. What each platform gets from [`Limits::for_platform`]:
//!
//! | platform | IDs (SupplierPartID, AuxID) | Description | UNSPSC | unit price | UoM |
//! |---|---|---|---|---|---|
//! | Generic, Coupa, SAP SRM | ≤ 100 chars | ≤ 255 chars | 8 digits | as is | Rec 20 as is |
//! | Ariba | ≤ 100 chars, no `?` `{` `}` | ≤ 2000 UTF-8 bytes; warning over 255 chars (PO shows 255) | 8 digits | as is | as is |
//! | JAGGAER | ≤ 100 chars | ≤ 255 chars | 8 digits | ≤ 4 decimals, rounded half-up | as is |
//! | Oracle | ≤ 100 chars | ≤ 255 chars | 8 digits | as is | `EA`, `C62` → `EACH` ("Oracle wants EACH") |
//!
//! Violations that cannot be fixed without breaking the item's identity (an ID too long or with
//! a forbidden character) are **errors** in the returned issues and the value is written
//! unchanged; fixable ones (truncation, punctuation stripped, rounding, unit mapping) are
//! **warnings**. UNSPSC codes always lose punctuation and spaces (`44.12.17.08` → `44121708`);
//! one that is still not 8 digits is written as is with a warning.

use model::partner::Platform;
use rust_decimal::{Decimal, RoundingStrategy};

use super::xml::limit;
use crate::{Issue, Location};

/// What a buyer platform accepts in a returned cart. Build with [`Limits::for_platform`]; the
/// fields are public so a partner profile can tighten them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The platform these limits are for.
    pub platform: Platform,
    /// Longest `SupplierPartID` / `SupplierPartAuxiliaryID`, in characters.
    pub max_id_chars: usize,
    /// Characters a part ID or auxiliary ID must not contain.
    pub forbidden_id_chars: &'static [char],
    /// Longest description in characters; longer ones are truncated (warning).
    pub max_description_chars: Option<usize>,
    /// Longest description in UTF-8 bytes; longer ones are truncated on a character boundary.
    pub max_description_bytes: Option<usize>,
    /// Warn (without truncating) when a description is longer than this many characters.
    pub description_display_chars: Option<usize>,
    /// Strip punctuation from UNSPSC codes and warn when they are not 8 digits.
    pub normalize_unspsc: bool,
    /// Most decimals allowed in a unit price; more are rounded half-up (warning).
    pub max_price_decimals: Option<u32>,
    /// Unit-of-measure replacements `(from, to)` applied to each item (warning).
    pub uom_map: &'static [(&'static str, &'static str)],
    /// Unit written when an item has none (the DTD requires one), after `uom_map`.
    pub default_uom: &'static str,
}

impl Default for Limits {
    fn default() -> Self {
        Self::for_platform(Platform::Generic)
    }
}

impl Limits {
    /// The limits of `platform` (see the module docs for the table).
    pub fn for_platform(platform: Platform) -> Self {
        let generic = Self {
            platform,
            max_id_chars: 100,
            forbidden_id_chars: &[],
            max_description_chars: Some(255),
            max_description_bytes: None,
            description_display_chars: None,
            normalize_unspsc: true,
            max_price_decimals: None,
            uom_map: &[],
            default_uom: "EA",
        };
        match platform {
            Platform::Generic | Platform::Coupa | Platform::SapSrm => generic,
            Platform::Ariba => Self {
                forbidden_id_chars: &['?', '{', '}'],
                max_description_chars: None,
                max_description_bytes: Some(2000),
                description_display_chars: Some(255),
                ..generic
            },
            Platform::Jaggaer => Self {
                max_price_decimals: Some(4),
                ..generic
            },
            Platform::Oracle => Self {
                uom_map: &[("EA", "EACH"), ("C62", "EACH")],
                ..generic
            },
        }
    }

    /// Check a part ID / auxiliary ID; problems are errors (IDs are never altered).
    pub(crate) fn check_id(&self, what: &str, value: &str, path: &str, issues: &mut Vec<Issue>) {
        let chars = value.chars().count();
        if chars > self.max_id_chars {
            issues.push(
                Issue::error(
                    Location::at_path(path),
                    format!(
                        "{what} is {chars} characters long; {:?} accepts at most {}",
                        self.platform, self.max_id_chars
                    ),
                )
                .with_code("id_too_long"),
            );
        }
        if let Some(c) = value.chars().find(|c| self.forbidden_id_chars.contains(c)) {
            issues.push(
                Issue::error(
                    Location::at_path(path),
                    format!(
                        "{what} {} contains {c:?}, which {:?} rejects",
                        limit(value, 40),
                        self.platform
                    ),
                )
                .with_code("id_forbidden_char"),
            );
        }
    }

    /// Fit a description to the limits, truncating on a character boundary (warning).
    pub(crate) fn fit_description(
        &self,
        desc: &str,
        path: &str,
        issues: &mut Vec<Issue>,
    ) -> String {
        let mut out = desc.to_owned();
        if let Some(max) = self.max_description_chars {
            let chars = out.chars().count();
            if chars > max {
                out = out.chars().take(max).collect();
                issues.push(
                    Issue::warning(
                        Location::at_path(path),
                        format!("Description truncated from {chars} to {max} characters"),
                    )
                    .with_code("truncated"),
                );
            }
        }
        if let Some(max) = self.max_description_bytes {
            if out.len() > max {
                let before = out.len();
                let mut end = max;
                while end > 0 && !out.is_char_boundary(end) {
                    end -= 1;
                }
                out.truncate(end);
                issues.push(
                    Issue::warning(
                        Location::at_path(path),
                        format!(
                            "Description truncated from {before} to {} UTF-8 bytes",
                            out.len()
                        ),
                    )
                    .with_code("truncated"),
                );
            }
        }
        if let Some(display) = self.description_display_chars {
            let chars = out.chars().count();
            if chars > display {
                issues.push(
                    Issue::warning(
                        Location::at_path(path),
                        format!(
                            "Description has {chars} characters; {:?} shows only the first \
                             {display} on the purchase order",
                            self.platform
                        ),
                    )
                    .with_code("long_description"),
                );
            }
        }
        out
    }

    /// Normalise a classification `(domain, code)`: UNSPSC (also spelled `SPSC`) codes lose
    /// punctuation and whitespace (warning) and are checked for 8 digits (warning).
    pub(crate) fn fit_classification(
        &self,
        domain: &str,
        code: &str,
        path: &str,
        issues: &mut Vec<Issue>,
    ) -> (String, String) {
        let is_unspsc =
            domain.eq_ignore_ascii_case("UNSPSC") || domain.eq_ignore_ascii_case("SPSC");
        if !is_unspsc || !self.normalize_unspsc {
            return (domain.to_owned(), code.to_owned());
        }
        let trimmed = code.trim();
        let stripped: String = trimmed
            .chars()
            .filter(|c| !(c.is_ascii_punctuation() || c.is_whitespace()))
            .collect();
        if stripped != trimmed {
            issues.push(
                Issue::warning(
                    Location::at_path(path),
                    format!(
                        "UNSPSC code {} written as {} (punctuation removed)",
                        limit(code, 40),
                        limit(&stripped, 40)
                    ),
                )
                .with_code("unspsc_normalized"),
            );
        }
        if !stripped.is_empty()
            && (stripped.len() != 8 || !stripped.bytes().all(|b| b.is_ascii_digit()))
        {
            issues.push(
                Issue::warning(
                    Location::at_path(path),
                    format!("UNSPSC code {} is not 8 digits", limit(&stripped, 40)),
                )
                .with_code("unspsc_shape"),
            );
        }
        ("UNSPSC".to_owned(), stripped)
    }

    /// Round a unit price to the allowed decimals, half away from zero (warning).
    pub(crate) fn fit_price(&self, price: Decimal, path: &str, issues: &mut Vec<Issue>) -> Decimal {
        match self.max_price_decimals {
            Some(dp) if price.normalize().scale() > dp => {
                let rounded =
                    price.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
                issues.push(
                    Issue::warning(
                        Location::at_path(path),
                        format!(
                            "Unit price {price} rounded to {rounded}: {:?} accepts at most {dp} \
                             decimals",
                            self.platform
                        ),
                    )
                    .with_code("price_rounded"),
                );
                rounded
            }
            _ => price,
        }
    }

    /// Map a unit of measure (warning when changed); `None` gives the default unit (warning).
    pub(crate) fn fit_uom(&self, uom: Option<&str>, path: &str, issues: &mut Vec<Issue>) -> String {
        let Some(uom) = uom else {
            let unit = self.map_uom(self.default_uom);
            issues.push(
                Issue::warning(
                    Location::at_path(path),
                    format!("Item has no unit of measure; {unit} written"),
                )
                .with_code("uom_default"),
            );
            return unit.to_owned();
        };
        let mapped = self.map_uom(uom);
        if mapped != uom {
            issues.push(
                Issue::warning(
                    Location::at_path(path),
                    format!(
                        "Unit of measure {uom} written as {mapped} for {:?}",
                        self.platform
                    ),
                )
                .with_code("uom_mapped"),
            );
        }
        mapped.to_owned()
    }

    fn map_uom<'a>(&self, uom: &'a str) -> &'a str {
        self.uom_map
            .iter()
            .find(|(from, _)| *from == uom)
            .map_or(uom, |(_, to)| to)
    }
}
