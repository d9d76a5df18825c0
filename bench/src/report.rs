//! The markdown table the run prints: one row per scenario, case and metric; for each
//! implementation the median and min-max over rounds; then the ratios of the medians.
//!
//! A scenario hands over its per-round samples (a `Duration`, or a struct of several figures from
//! one echo run) together with the [`Metric`]s to read out of them, so one run of the load client
//! fills several rows (throughput, latencies, server CPU) without running again.
//!
//! Cells read `median (min–max)`. `n/a` marks a slot not filled yet (ours, until the runtime
//! lands); `–` marks an implementation that does not apply (mio has no tasks to spawn). Each
//! metric's name ends in `↑` or `↓` to say which way is better, so a ratio above 1 is a win for
//! `ours` on a `↑` row and a loss on a `↓` row.
//!
//! ```ignore
//! let mut table = Table::default();
//! table.add("spawn", "1,000,000 tasks", &[Metric::MILLIS], &outcomes);
//! println!("{}", table.render());
//! ```

use std::fmt::Write as _;
use std::time::Duration;

use crate::rounds::{Impl, Outcome};
use crate::stats;

/// How to read one figure out of a sample, and what to call it.
#[derive(Debug)]
pub struct Metric<S> {
    /// Column label, with its unit and `↑`/`↓` for which way is better.
    pub name: &'static str,
    /// Extracts the figure from one round's sample.
    pub value: fn(&S) -> f64,
}

impl Metric<Duration> {
    /// Wall-clock time of a round in milliseconds, for the in-process scenarios.
    pub const MILLIS: Metric<Duration> = Metric {
        name: "time ms ↓",
        value: |d| d.as_secs_f64() * 1e3,
    };
}

/// One implementation's cell in a row.
#[derive(Debug)]
enum Cell {
    /// The implementation does not exist for this scenario.
    NotApplicable,
    /// The implementation's slot is not filled yet.
    Unavailable,
    /// One figure per round.
    Values(Vec<f64>),
}

impl Cell {
    /// The median of the values, if there are any.
    fn median(&self) -> Option<f64> {
        match self {
            Cell::Values(values) => Some(stats::median(values)),
            _ => None,
        }
    }
}

/// One line of the table.
#[derive(Debug)]
struct Row {
    /// Scenario name, as accepted by `--only`.
    scenario: &'static str,
    /// The size or shape of this case, e.g. `100 conns × 64 B`.
    case: String,
    /// The metric's name, see [`Metric::name`].
    metric: &'static str,
    /// Indexed by [`Impl::index`].
    cells: [Cell; 3],
}

/// Rows collected so far, printed once at the end.
#[derive(Debug, Default)]
pub struct Table {
    /// In the order they were added.
    rows: Vec<Row>,
}

impl Table {
    /// Adds one row per metric for a case. Implementations missing from `outcomes` are shown as
    /// not applicable.
    pub fn add<S>(
        &mut self,
        scenario: &'static str,
        case: impl Into<String>,
        metrics: &[Metric<S>],
        outcomes: &[(Impl, Outcome<S>)],
    ) {
        let case = case.into();
        for metric in metrics {
            let mut cells = [
                Cell::NotApplicable,
                Cell::NotApplicable,
                Cell::NotApplicable,
            ];
            for (imp, outcome) in outcomes {
                cells[imp.index()] = match outcome {
                    Outcome::Unavailable => Cell::Unavailable,
                    Outcome::Samples(samples) => {
                        Cell::Values(samples.iter().map(metric.value).collect())
                    }
                };
            }
            self.rows.push(Row {
                scenario,
                case: case.clone(),
                metric: metric.name,
                cells,
            });
        }
    }

    /// The whole table as markdown.
    pub fn render(&self) -> String {
        let mut out = String::from(
            "| scenario | case | metric | ours | tokio | mio | ours/tokio | ours/mio | tokio/mio |\n\
             |---|---|---|---|---|---|---|---|---|\n",
        );
        for row in &self.rows {
            let [ours, tokio, mio] = &row.cells;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                row.scenario,
                row.case,
                row.metric,
                cell_text(ours),
                cell_text(tokio),
                cell_text(mio),
                ratio(ours, tokio),
                ratio(ours, mio),
                ratio(tokio, mio),
            );
        }
        out
    }
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::NotApplicable => "–".to_string(),
        Cell::Unavailable => "n/a".to_string(),
        Cell::Values(values) => {
            let (min, max) = stats::min_max(values);
            format!(
                "{} ({}–{})",
                number(stats::median(values)),
                number(min),
                number(max)
            )
        }
    }
}

fn ratio(numerator: &Cell, denominator: &Cell) -> String {
    match (numerator.median(), denominator.median()) {
        (Some(a), Some(b)) if b != 0.0 => format!("{:.2}", a / b),
        _ => "–".to_string(),
    }
}

/// `n` with thousands separated, `1,000,000`, for case labels.
pub fn count(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// About three significant digits: enough to compare, few enough to read.
fn number(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}
