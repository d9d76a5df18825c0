//! The few statistics the report needs: median and range over rounds, percentiles over latencies.
//!
//! Rounds are few (five by default), so the report shows the median and the whole min-max range
//! rather than a mean and a deviation: one slow round caused by a noisy neighbour moves the max,
//! not the headline figure.
//!
//! ```ignore
//! assert_eq!(stats::median(&[3.0, 1.0, 2.0]), 2.0);
//! ```

/// The middle value; for an even count, the mean of the two middle values.
///
/// # Panics
/// If `values` is empty or holds a NaN.
pub fn median(values: &[f64]) -> f64 {
    let sorted = sorted(values);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}

/// The smallest and largest value.
///
/// # Panics
/// If `values` is empty or holds a NaN.
pub fn min_max(values: &[f64]) -> (f64, f64) {
    let sorted = sorted(values);
    (sorted[0], sorted[sorted.len() - 1])
}

/// The `p`-th percentile (`0.0..=1.0`) of values already sorted ascending, by nearest rank.
///
/// # Panics
/// If `sorted` is empty.
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    assert!(!sorted.is_empty(), "percentile of no values");
    let rank = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn sorted(values: &[f64]) -> Vec<f64> {
    assert!(!values.is_empty(), "statistics of no values");
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).expect("measurements are never NaN"));
    sorted
}
