//! A system's conditions — its councils, lots, evidence types and questionnaire — are
//! read on every application and review page, and change only through `repo::lock`,
//! which bumps the system's version in the same transaction. So they are kept in
//! memory per (system, version): a reader that sees version v reuses what was read at
//! v, and a change on any server moves every reader to v + 1 as it commits. The row
//! itself (status, window, award) is never cached. Fill it only from reads whose
//! transaction has not locked the system: a rolled-back change must not be kept.

#[cfg(test)]
use crate::ids::SectionId;
use crate::ids::SystemId;
use crate::systems::model::{Council, EvidenceType, Lot, Section};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// More systems than any region runs; past it the cache starts again.
const MAX_SYSTEMS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conditions {
    pub participants: Vec<Council>,
    pub lots: Vec<Lot>,
    pub evidence_types: Vec<EvidenceType>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Default)]
pub struct SystemCache {
    entries: Mutex<HashMap<SystemId, (i64, Arc<Conditions>)>>,
}

impl SystemCache {
    /// The conditions read at exactly this version, if kept.
    pub fn get(&self, id: SystemId, version: i64) -> Option<Arc<Conditions>> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(&id)
            .filter(|(kept, _)| *kept == version)
            .map(|(_, conditions)| conditions.clone())
    }

    /// Keeps what was read at `version`, unless a newer version is already kept.
    pub fn put(&self, id: SystemId, version: i64, conditions: Arc<Conditions>) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.get(&id).is_some_and(|(kept, _)| *kept > version) {
            return;
        }
        if entries.len() >= MAX_SYSTEMS && !entries.contains_key(&id) {
            entries.clear();
        }
        entries.insert(id, (version, conditions));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conditions(title: &str) -> Arc<Conditions> {
        Arc::new(Conditions {
            participants: vec![],
            lots: vec![],
            evidence_types: vec![],
            sections: vec![Section {
                id: SectionId(1),
                title: title.into(),
                questions: vec![],
            }],
        })
    }

    #[test]
    fn conditions_are_served_only_for_the_version_they_were_read_at() {
        let cache = SystemCache::default();
        let id = SystemId(7);
        assert!(cache.get(id, 1).is_none());
        cache.put(id, 1, conditions("v1"));
        assert_eq!(cache.get(id, 1).unwrap().sections[0].title, "v1");
        // Another server changed it: version 2 is read afresh.
        assert!(cache.get(id, 2).is_none());
        cache.put(id, 2, conditions("v2"));
        assert_eq!(cache.get(id, 2).unwrap().sections[0].title, "v2");
        assert!(cache.get(id, 1).is_none());
    }

    #[test]
    fn a_slow_reader_of_an_old_version_does_not_replace_a_newer_one() {
        let cache = SystemCache::default();
        let id = SystemId(7);
        cache.put(id, 3, conditions("v3"));
        cache.put(id, 2, conditions("v2"));
        assert_eq!(cache.get(id, 3).unwrap().sections[0].title, "v3");
    }
}
