//! Medians and 95th percentiles of the samples, by scenario and contender.

use serde_json::Value;
use std::collections::BTreeMap;

/// The middle and the 95th percentile (nearest rank) of some numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// How many numbers.
    pub n: usize,
    /// The median (the mean of the two middle numbers for an even count).
    pub median: f64,
    /// The 95th percentile, nearest rank.
    pub p95: f64,
}

/// Summarises `values`; `None` when there are none.
pub fn summarise(values: &[f64]) -> Option<Summary> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    let rank = ((0.95 * n as f64).ceil() as usize).clamp(1, n);
    Some(Summary {
        n,
        median,
        p95: sorted[rank - 1],
    })
}

/// Samples grouped by `(scenario, contender)`: each metric's values.
#[derive(Default)]
pub struct Table {
    cells: BTreeMap<(String, String), BTreeMap<String, Vec<f64>>>,
}

impl Table {
    /// Adds one sample (a JSON object with `scenario` and numeric metrics) of `contender`.
    pub fn add(&mut self, contender: &str, sample: &Value) {
        let Some(scenario) = sample.get("scenario").and_then(Value::as_str) else {
            return;
        };
        let cell = self
            .cells
            .entry((scenario.to_string(), contender.to_string()))
            .or_default();
        if let Some(object) = sample.as_object() {
            for (metric, value) in object {
                if let Some(number) = value.as_f64() {
                    cell.entry(metric.clone()).or_default().push(number);
                }
            }
        }
    }

    /// The summary of `metric` for `scenario` and `contender`.
    pub fn get(&self, scenario: &str, contender: &str, metric: &str) -> Option<Summary> {
        self.cells
            .get(&(scenario.to_string(), contender.to_string()))
            .and_then(|cell| cell.get(metric))
            .and_then(|values| summarise(values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_p95() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        let s = summarise(&values).unwrap();
        assert_eq!(s.n, 100);
        assert_eq!(s.median, 50.5);
        assert_eq!(s.p95, 95.0);
        assert_eq!(summarise(&[3.0]).unwrap().p95, 3.0);
        assert!(summarise(&[]).is_none());
    }

    #[test]
    fn groups_by_scenario_and_contender() {
        let mut t = Table::default();
        t.add("a", &serde_json::json!({"scenario": "s", "paint": 2.0}));
        t.add("a", &serde_json::json!({"scenario": "s", "paint": 4.0}));
        t.add("b", &serde_json::json!({"scenario": "s", "paint": 9.0}));
        assert_eq!(t.get("s", "a", "paint").unwrap().median, 3.0);
        assert_eq!(t.get("s", "b", "paint").unwrap().n, 1);
        assert!(t.get("s", "c", "paint").is_none());
    }
}
