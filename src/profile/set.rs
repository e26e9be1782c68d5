//! The profiles of one run and the lookup by payer id.

use std::collections::HashMap;

use super::{Profile, ProfileError};

/// Every profile of a run: at most one default, no payer id in two
/// profiles. Read-only once built; share it across threads behind an
/// `Arc`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profiles {
    profiles: Vec<Profile>,
    /// Payer id -> index into `profiles`.
    by_id: HashMap<Box<[u8]>, usize>,
    default: Option<usize>,
}

impl Profiles {
    /// No profiles: every lookup finds nothing.
    pub fn empty() -> Self {
        Profiles::default()
    }

    /// The profiles of a run, in the order given. A payer id listed by
    /// two profiles, or a second `default = true`, is an error naming the
    /// later profile's file, line and key.
    pub fn new(profiles: Vec<Profile>) -> Result<Self, ProfileError> {
        let mut by_id: HashMap<Box<[u8]>, usize> = HashMap::new();
        let mut default = None;
        for (i, p) in profiles.iter().enumerate() {
            for (id, &line) in p.payer.ids.iter().zip(&p.lines.ids) {
                if let Some(&first) = by_id.get(id.as_bytes()) {
                    return Err(ProfileError {
                        path: p.path.clone(),
                        line,
                        key: Some("payer.ids".to_string()),
                        message: format!(
                            "\"{id}\" is also a payer id of {}",
                            profiles[first].path.display()
                        ),
                    });
                }
                by_id.insert(id.as_bytes().into(), i);
            }
            if p.payer.default {
                if let Some(first) = default {
                    let first: &Profile = &profiles[first];
                    return Err(ProfileError {
                        path: p.path.clone(),
                        line: p.lines.default,
                        key: Some("payer.default".to_string()),
                        message: format!(
                            "a second default profile ({} is the default)",
                            first.path.display()
                        ),
                    });
                }
                default = Some(i);
            }
        }
        Ok(Profiles {
            profiles,
            by_id,
            default,
        })
    }

    /// The profile for a payer id as a claim (2010BB NM109) or a
    /// remittance (N1*PR04) carries it; the default profile when no
    /// profile lists the id.
    pub fn for_payer_id(&self, id: &[u8]) -> Option<&Profile> {
        self.listing(id).or_else(|| self.default_profile())
    }

    /// The index (into [`Profiles::iter`]) of the profile for a payer id,
    /// as [`Profiles::for_payer_id`] finds it.
    pub fn position_for_payer_id(&self, id: &[u8]) -> Option<usize> {
        self.by_id.get(id).copied().or(self.default)
    }

    /// The profile that lists a payer id, without the default.
    pub fn listing(&self, id: &[u8]) -> Option<&Profile> {
        self.by_id.get(id).map(|&i| &self.profiles[i])
    }

    /// The profile marked `default = true`, if any.
    pub fn default_profile(&self) -> Option<&Profile> {
        self.default.map(|i| &self.profiles[i])
    }

    /// Every profile, in the order given.
    pub fn iter(&self) -> std::slice::Iter<'_, Profile> {
        self.profiles.iter()
    }

    pub fn len(&self) -> usize {
        self.profiles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }
}

impl<'a> IntoIterator for &'a Profiles {
    type Item = &'a Profile;
    type IntoIter = std::slice::Iter<'a, Profile>;

    fn into_iter(self) -> Self::IntoIter {
        self.profiles.iter()
    }
}

impl std::ops::Index<usize> for Profiles {
    type Output = Profile;

    fn index(&self, i: usize) -> &Profile {
        &self.profiles[i]
    }
}
