//! What a publisher decides for each source: where its stories go, what its topics are
//! called here, what it may change, and the licence terms its stories are shown under.

use crate::{IncomingStory, Status, VersionDecision};
use serde::Deserialize;
use std::collections::BTreeMap;
use time::{Duration, OffsetDateTime};

/// The rules for one source, from the `[sources.NAME]` table of the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SourceRules {
    /// The section its stories go to, whatever section a story names.
    pub section: Option<String>,
    /// Sections its stories are listed in, whatever section a story names; after
    /// `section` when both are given. The first is a story's home.
    pub sections: Vec<String>,
    /// New stories wait in the wire queue until an editor releases them.
    pub hold: bool,
    /// The source's topic names mapped to this site's ("Local government" → "City
    /// Hall"); a topic mapped to "" is dropped.
    pub topics: BTreeMap<String, String>,
    /// Whether a newer version from this source replaces what the site shows.
    pub may_update: bool,
    /// Whether this source may withdraw its stories.
    pub may_kill: bool,
    /// The credit line the licence asks for, shown on each story.
    pub credit: Option<String>,
    /// Licence: how many days after publication a story may be shown. A story's own
    /// expiry from the wire wins.
    pub show_days: Option<u32>,
}

impl Default for SourceRules {
    fn default() -> Self {
        Self {
            section: None,
            sections: Vec::new(),
            hold: false,
            topics: BTreeMap::new(),
            may_update: true,
            may_kill: true,
            credit: None,
            show_days: None,
        }
    }
}

/// Why a copy is kept out although it is newer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    UpdateNotAllowed,
    KillNotAllowed,
}

impl Refusal {
    pub fn reason(self) -> &'static str {
        match self {
            Self::UpdateNotAllowed => {
                "this source may not update its stories (sources.NAME.may_update)"
            }
            Self::KillNotAllowed => {
                "this source may not withdraw its stories (sources.NAME.may_kill)"
            }
        }
    }
}

impl SourceRules {
    /// Whether these rules keep out a copy the version rule would let in.
    pub fn refuses(&self, decision: VersionDecision, incoming: Status) -> Option<Refusal> {
        let changes = matches!(decision, VersionDecision::Publish | VersionDecision::Update);
        match incoming {
            Status::Killed if changes && !self.may_kill => Some(Refusal::KillNotAllowed),
            _ if decision == VersionDecision::Update && !self.may_update => {
                Some(Refusal::UpdateNotAllowed)
            }
            _ => None,
        }
    }

    /// The sections the rules route to, home first, each once.
    fn routed_sections(&self) -> Vec<&String> {
        let mut sections: Vec<&String> = Vec::new();
        for section in self.section.iter().chain(&self.sections) {
            if !sections.contains(&section) {
                sections.push(section);
            }
        }
        sections
    }

    /// What readers may see of a new story whose copy alone would show as `arriving`:
    /// a held source's story waits for an editor, unless it is a kill (nothing to show).
    pub fn status_of_new(&self, arriving: Status) -> Status {
        if self.hold && arriving != Status::Killed {
            Status::Held
        } else {
            arriving
        }
    }

    /// Applies the rules to an arriving story received at `now`.
    pub fn apply(&self, story: &mut IncomingStory, now: OffsetDateTime) {
        if let Some((home, more)) = self.routed_sections().split_first() {
            story.section = Some((*home).clone());
            story.also_in = more.iter().map(|s| (*s).clone()).collect();
        }
        if !self.topics.is_empty() {
            let mut topics: Vec<String> = Vec::new();
            for topic in story.topics.drain(..) {
                let renamed = self.topics.get(&topic).cloned().unwrap_or(topic);
                if !renamed.is_empty() && !topics.contains(&renamed) {
                    topics.push(renamed);
                }
            }
            story.topics = topics;
        }
        if self.credit.is_some() {
            story.credit_line = self.credit.clone();
        }
        if story.expires_at.is_none() {
            if let Some(days) = self.show_days {
                let from = story.published_at.unwrap_or(now);
                story.expires_at = Some(from + Duration::days(i64::from(days)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn story() -> IncomingStory {
        IncomingStory {
            section: Some("World".into()),
            topics: vec!["Local government".into(), "Weather".into(), "Sport".into()],
            published_at: Some(datetime!(2026-03-01 08:00 UTC)),
            ..IncomingStory::default()
        }
    }

    #[test]
    fn rules_route_rename_credit_and_limit_a_story() {
        let rules = SourceRules {
            section: Some("Local News".into()),
            topics: BTreeMap::from([
                ("Local government".into(), "City Hall".into()),
                ("Sport".into(), String::new()),
            ]),
            credit: Some("Coastline Wire via Coastal Syndicate".into()),
            show_days: Some(30),
            ..SourceRules::default()
        };
        let mut story = story();
        rules.apply(&mut story, datetime!(2026-03-02 00:00 UTC));
        assert_eq!(story.section.as_deref(), Some("Local News"));
        assert_eq!(story.topics, ["City Hall", "Weather"]);
        assert_eq!(
            story.credit_line.as_deref(),
            Some("Coastline Wire via Coastal Syndicate")
        );
        assert_eq!(story.expires_at, Some(datetime!(2026-03-31 08:00 UTC)));
    }

    #[test]
    fn several_sections_route_a_story_home_first() {
        let rules = SourceRules {
            section: Some("Current News".into()),
            sections: vec!["Business".into(), "Current News".into(), "Harbour".into()],
            ..SourceRules::default()
        };
        let mut story = story();
        rules.apply(&mut story, datetime!(2026-03-02 00:00 UTC));
        assert_eq!(story.section.as_deref(), Some("Current News"));
        assert_eq!(story.also_in, ["Business", "Harbour"]);

        let listed_only = SourceRules {
            sections: vec!["Business".into()],
            ..SourceRules::default()
        };
        let mut story = self::story();
        listed_only.apply(&mut story, datetime!(2026-03-02 00:00 UTC));
        assert_eq!(story.section.as_deref(), Some("Business"));
        assert!(story.also_in.is_empty());
    }

    #[test]
    fn a_held_source_holds_new_stories_but_not_kills() {
        let held = SourceRules {
            hold: true,
            ..SourceRules::default()
        };
        assert_eq!(held.status_of_new(Status::Published), Status::Held);
        assert_eq!(held.status_of_new(Status::Embargoed), Status::Held);
        assert_eq!(held.status_of_new(Status::Killed), Status::Killed);
        assert_eq!(
            SourceRules::default().status_of_new(Status::Published),
            Status::Published
        );
    }

    #[test]
    fn a_source_may_be_kept_from_updating_or_killing() {
        let locked = SourceRules {
            may_update: false,
            may_kill: false,
            ..SourceRules::default()
        };
        use VersionDecision::*;
        assert_eq!(locked.refuses(Publish, Status::Published), None);
        assert_eq!(
            locked.refuses(Update, Status::Published),
            Some(Refusal::UpdateNotAllowed)
        );
        assert_eq!(
            locked.refuses(Update, Status::Killed),
            Some(Refusal::KillNotAllowed)
        );
        assert_eq!(
            locked.refuses(Publish, Status::Killed),
            Some(Refusal::KillNotAllowed)
        );
        assert_eq!(locked.refuses(Unchanged, Status::Killed), None);
        assert_eq!(SourceRules::default().refuses(Update, Status::Killed), None);
    }

    #[test]
    fn the_wires_own_expiry_wins_and_no_rules_change_nothing() {
        let rules = SourceRules {
            show_days: Some(30),
            ..SourceRules::default()
        };
        let mut story = story();
        story.expires_at = Some(datetime!(2026-03-05 00:00 UTC));
        rules.apply(&mut story, datetime!(2026-03-02 00:00 UTC));
        assert_eq!(story.expires_at, Some(datetime!(2026-03-05 00:00 UTC)));

        let mut untouched = self::story();
        SourceRules::default().apply(&mut untouched, datetime!(2026-03-02 00:00 UTC));
        assert_eq!(untouched, self::story());
    }
}
