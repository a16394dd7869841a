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
    /// Reads a round's stored settings (JSON); fields left out keep the defaults.
    pub fn from_json(text: &str) -> Result<Settings, String> {
        let unreadable =
            |e: serde_json::Error| format!("the round's matching settings are not readable: {e}");
        let mut value = serde_json::to_value(Settings::default()).expect("settings serialise");
        merge(&mut value, serde_json::from_str(text).map_err(unreadable)?);
        let s: Settings = serde_json::from_value(value).map_err(unreadable)?;
        s.validate()?;
        Ok(s)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("settings serialise")
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
        assert_eq!(Settings::from_json(&s.to_json()).unwrap(), s);
    }

    #[test]
    fn partial_round_settings_keep_defaults() {
        let s = Settings::from_json(r#"{"weights": {"sector": 30}}"#).unwrap();
        assert_eq!(s.weights.sector, 30);
        assert_eq!(s.weights.place, Settings::default().weights.place);
        assert_eq!(Settings::from_json("{}").unwrap(), Settings::default());
        assert!(Settings::from_json(r#"{"weights": {"sectr": 3}}"#).is_err());
        assert!(Settings::from_json(r#"{"weights": {"sector": -3}}"#).is_err());
    }
}
