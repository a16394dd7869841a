//! Matching weights and rules: defaults from `assets/matching.toml`, overridden per round.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub sector: i64,
    pub career_stage: i64,
    pub place: i64,
    pub interests: i64,
    pub interests_cap: u32,
    pub time_zone: i64,
    pub languages: i64,
    pub priority_percent: i64,
    pub priority_bonus: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Objective {
    /// As many people matched as possible, then the highest total score.
    MostMatched,
    /// The highest total score.
    HighestTotal,
}

impl Objective {
    pub const ALL: [Objective; 2] = [Objective::MostMatched, Objective::HighestTotal];

    pub fn name(self) -> &'static str {
        match self {
            Objective::MostMatched => "most-matched",
            Objective::HighestTotal => "highest-total",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// 0 means no limit.
    pub max_time_zone_gap_hours: u32,
    pub allow_trios: bool,
    pub objective: Objective,
    /// Best candidates per person in the first sparse solve.
    pub candidates: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub weights: Weights,
    pub rules: Rules,
}

const DEFAULTS: &str = include_str!("../../assets/matching.toml");

/// The shipped defaults, read once. Every field is required there, so the file is complete.
fn shipped() -> &'static Settings {
    static SHIPPED: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(|| toml::from_str(DEFAULTS).expect("assets/matching.toml is complete"))
}

/// The field names of a serialised struct, in alphabetical order.
fn field_names(value: serde_json::Result<serde_json::Value>) -> Vec<String> {
    match value {
        Ok(serde_json::Value::Object(o)) => o.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

impl Default for Settings {
    fn default() -> Self {
        shipped().clone()
    }
}

/// Lays `over` onto `base`, object by object, so a partial override keeps the rest.
fn merge(base: &mut serde_json::Value, over: serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(b), serde_json::Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

impl Settings {
    /// These settings with `partial` laid over them, object by object: fields left out of
    /// `partial` keep their value here. Refuses unknown fields, wrong types and values out of
    /// range (see [`Settings::validate`]).
    pub fn overlay(&self, partial: serde_json::Value) -> Result<Settings, String> {
        let mut value = serde_json::to_value(self).expect("settings serialise");
        merge(&mut value, partial);
        let s: Settings = serde_json::from_value(value).map_err(|e| e.to_string())?;
        s.validate()?;
        Ok(s)
    }

    /// The names of the weights (`sector`, `career_stage`…), as a round's settings and the
    /// config file spell them, in alphabetical order.
    pub fn weight_names() -> Vec<String> {
        field_names(serde_json::to_value(&shipped().weights))
    }

    /// The names of the rules (`allow_trios`…), in alphabetical order.
    pub fn rule_names() -> Vec<String> {
        field_names(serde_json::to_value(&shipped().rules))
    }

    /// Checks the ranges that keep scores meaningful and integer arithmetic safe.
    pub fn validate(&self) -> Result<(), String> {
        let w = &self.weights;
        for (name, v) in [
            ("sector", w.sector),
            ("career_stage", w.career_stage),
            ("place", w.place),
            ("interests", w.interests),
            ("time_zone", w.time_zone),
            ("languages", w.languages),
            ("priority_bonus", w.priority_bonus),
        ] {
            if !(0..=1000).contains(&v) {
                return Err(format!(
                    "weight {name} = {v}: use a whole number from 0 to 1000"
                ));
            }
        }
        if !(0..=500).contains(&w.priority_percent) {
            return Err(format!(
                "priority_percent = {}: use 0 to 500",
                w.priority_percent
            ));
        }
        if w.interests_cap > 20 {
            return Err("interests_cap: use 0 to 20".into());
        }
        if self.rules.max_time_zone_gap_hours > 24 {
            return Err("max_time_zone_gap_hours: use 0 (no limit) to 24".into());
        }
        if !(1..=500).contains(&self.rules.candidates) {
            return Err("candidates: use 1 to 500".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_defaults_are_complete_and_valid() {
        let s = Settings::default();
        s.validate().unwrap();
        assert_eq!(s.rules.objective, Objective::MostMatched);
        assert_eq!(s.overlay(serde_json::to_value(&s).unwrap()).unwrap(), s);
    }

    #[test]
    fn a_partial_overlay_keeps_the_rest() {
        let d = Settings::default();
        let s = d
            .overlay(serde_json::json!({"weights": {"sector": 30}}))
            .unwrap();
        assert_eq!(s.weights.sector, 30);
        assert_eq!(s.weights.place, d.weights.place);
        assert_eq!(d.overlay(serde_json::json!({})).unwrap(), d);
        // Over other settings, the rest comes from those.
        let t = s
            .overlay(serde_json::json!({"rules": {"allow_trios": false}}))
            .unwrap();
        assert_eq!(t.weights.sector, 30);
        assert!(!t.rules.allow_trios);
        assert!(
            d.overlay(serde_json::json!({"weights": {"sectr": 3}}))
                .is_err()
        );
        assert!(
            d.overlay(serde_json::json!({"weights": {"sector": -3}}))
                .is_err()
        );
    }

    #[test]
    fn names_every_weight_and_rule() {
        let w = Settings::weight_names();
        assert_eq!(w.len(), 9);
        assert!(w.iter().any(|n| n == "career_stage"));
        let r = Settings::rule_names();
        assert_eq!(r.len(), 4);
        assert!(r.iter().any(|n| n == "allow_trios"));
        for o in Objective::ALL {
            let json = serde_json::to_value(o).unwrap();
            assert_eq!(json.as_str(), Some(o.name()));
        }
    }
}
