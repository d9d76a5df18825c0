//! [`Histogram`]: delivery latencies in a fixed few kilobytes, for percentiles over windows of
//! any length.
//!
//! A 30-minute soak delivers hundreds of millions of lines; keeping each latency to sort later
//! (what the chat scenario does for its few seconds) would cost gigabytes. So latencies are
//! counted in buckets instead: exact below 64 µs, then 64 buckets per power of two, so any
//! percentile read back is within 1/64 (1.6%) of the true value. That is the idea of
//! HdrHistogram, at its simplest. Windows merge by adding counts, which is how the verdict
//! gets "the first minute" out of six 10-second windows.
//!
//! ```ignore
//! let mut h = Histogram::default();
//! h.record(Duration::from_micros(150));
//! assert!(h.percentile(0.99).unwrap().as_micros().abs_diff(150) <= 3);
//! ```

use std::time::Duration;

/// Sub-buckets per power of two; also the bound below which buckets are exact microseconds.
const SUB: u64 = 64;

/// Counts of latencies by bucket (see the module doc).
#[derive(Clone, Debug, Default)]
pub struct Histogram {
    /// `counts[bucket(µs)]`; grown on demand, so it is as long as the largest value needs.
    counts: Vec<u64>,
    /// Sum of `counts`.
    total: u64,
}

/// The bucket of a latency in whole microseconds.
fn bucket(us: u64) -> usize {
    if us < SUB {
        return us as usize;
    }
    // `us` has `bits` significant bits; keep its top 7 (the leading 1 and 6 more).
    let bits = 64 - us.leading_zeros() as u64;
    let shift = bits - 7;
    let top = us >> shift; // 64..=127
    ((shift + 1) * SUB + (top - SUB)) as usize
}

/// The smallest latency (µs) that falls in `index`: the inverse of [`bucket`].
fn lower_bound(index: usize) -> u64 {
    let index = index as u64;
    if index < SUB {
        return index;
    }
    let shift = index / SUB - 1;
    (SUB + index % SUB) << shift
}

impl Histogram {
    /// Counts one latency.
    pub fn record(&mut self, latency: Duration) {
        let index = bucket(latency.as_micros() as u64);
        if index >= self.counts.len() {
            self.counts.resize(index + 1, 0);
        }
        self.counts[index] += 1;
        self.total += 1;
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &Histogram) {
        if other.counts.len() > self.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            *mine += theirs;
        }
        self.total += other.total;
    }

    /// The `p`-th percentile (`0.0..=1.0`) by nearest rank, as its bucket's lower bound;
    /// `None` if nothing was recorded.
    pub fn percentile(&self, p: f64) -> Option<Duration> {
        if self.total == 0 {
            return None;
        }
        let rank = ((self.total - 1) as f64 * p).round() as u64;
        let mut seen = 0;
        for (index, &count) in self.counts.iter().enumerate() {
            seen += count;
            if seen > rank {
                return Some(Duration::from_micros(lower_bound(index)));
            }
        }
        unreachable!("rank {rank} is below the total {}", self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_monotonic_and_invert() {
        let mut last = 0;
        for us in 0..1_000_000u64 {
            let index = bucket(us);
            assert!(index >= last);
            last = index;
            let low = lower_bound(index);
            assert!(
                low <= us && us - low <= us / SUB,
                "{us} -> {index} -> {low}"
            );
        }
    }

    #[test]
    fn percentiles_are_within_the_resolution() {
        let mut h = Histogram::default();
        for us in 1..=10_000 {
            h.record(Duration::from_micros(us));
        }
        let p99 = h.percentile(0.99).unwrap().as_micros() as u64;
        assert!(p99.abs_diff(9_900) <= 9_900 / SUB, "{p99}");
        assert_eq!(h.percentile(0.0), Some(Duration::from_micros(1)));
        assert_eq!(Histogram::default().percentile(0.5), None);
    }
}
