//! BAL: balancing (SNIP 3). Totals must equal the sums of their parts,
//! in exact decimals.

pub mod bal001_claim_total;
pub mod bal002_service_payment_balance;
pub mod bal003_claim_payment_balance;
pub mod bal004_patient_responsibility;
pub mod bal005_payment_total;
pub mod bal006_line_adjudication_balance;
pub mod bal007_other_payer_claim_balance;
pub mod bal008_claim_paid_from_lines;
pub mod bal009_other_payer_paid_from_lines;

use rust_decimal::Decimal;

use crate::model::{Adjustment, Amount};

/// Σ of the CAS amounts of `adjustments`; `only` keeps one group code
/// (`PR`).
pub(crate) fn adjusted(adjustments: &[Adjustment], only: Option<&str>) -> Decimal {
    adjustments
        .iter()
        .filter(|a| only.is_none_or(|g| a.group.as_str() == g))
        .flat_map(|a| &a.reasons)
        .filter_map(|r| r.amount)
        .map(Amount::value)
        .sum()
}

/// A sum for messages: at least two decimals (`225.00`), as payers print
/// money.
pub(crate) fn money(d: Decimal) -> String {
    if d.scale() >= 2 {
        d.to_string()
    } else {
        format!("{d:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_keeps_cents() {
        assert_eq!(money(Decimal::new(225, 0)), "225.00");
        assert_eq!(money(Decimal::new(22550, 2)), "225.50");
        assert_eq!(money(Decimal::new(-5, 1)), "-0.50");
        assert_eq!(money(Decimal::new(12345, 3)), "12.345");
    }
}
