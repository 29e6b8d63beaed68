//! Enumerations whose values travel as the lower-case labels users know
//! (`"waiting for reply"`, `"unit-manager"`), in JSON and forms alike; the
//! database stores the hottest of them by position ([`Labelled`]).

/// A closed set of values, each with its label and its position in the set.
///
/// The position is what the database stores (`store/src/code.rs`), so a
/// set may grow at its end but its values never change places: the
/// migrations write the same positions into lookup tables, and a storage
/// test compares the two.
pub trait Labelled: Copy + Send + Sync + 'static {
    /// The field these values fill, for error messages.
    const FIELD: &'static str;
    /// Every value, in declaration order.
    const VALUES: &'static [Self];

    /// This value's position in [`Labelled::VALUES`].
    fn position(self) -> usize;

    /// The label users and the API know.
    fn label(self) -> &'static str;

    /// The value at `position`, if there is one.
    fn at_position(position: usize) -> Option<Self> {
        Self::VALUES.get(position).copied()
    }
}

/// Declares an enum with one label per variant, plus `as_str`, `parse`,
/// `ALL`, `Display`, serde as that label, and [`Labelled`].
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        $name:ident, field = $field:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $label:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every label, in declaration order: `LABELS[v.index()]` is `v.as_str()`.
            pub const LABELS: &'static [&'static str] = &[$($label),+];

            /// This value's position in [`Self::ALL`] and [`Self::LABELS`].
            pub fn index(self) -> usize {
                self as usize
            }

            /// The label users and the API know.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a label; the error names the field and the accepted values.
            pub fn parse(label: &str) -> Result<Self, $crate::ValidationError> {
                match label {
                    $($label => Ok($name::$variant),)+
                    other => Err($crate::ValidationError::new(
                        $field,
                        format!(
                            "unknown value {:?}; expected one of: {}",
                            other,
                            [$($label),+].join(", ")
                        ),
                    )),
                }
            }
        }

        impl $crate::label::Labelled for $name {
            const FIELD: &'static str = $field;
            const VALUES: &'static [Self] = Self::ALL;

            fn position(self) -> usize {
                self.index()
            }

            fn label(self) -> &'static str {
                self.as_str()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let label = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::parse(&label).map_err(|e| serde::de::Error::custom(e.message))
            }
        }
    };
}

pub(crate) use labelled_enum;

#[cfg(test)]
mod tests {
    use super::Labelled;
    use crate::priority::Priority;
    use crate::status::{Qualifier, Status};

    #[test]
    fn a_value_is_found_by_its_index_among_the_labels() {
        for status in Status::ALL {
            assert_eq!(Status::LABELS[status.index()], status.as_str());
            assert_eq!(Status::ALL[status.index()], *status);
        }
        for qualifier in Qualifier::ALL {
            assert_eq!(Qualifier::LABELS[qualifier.index()], qualifier.as_str());
        }
        assert_eq!(Priority::LABELS.len(), Priority::ALL.len());
        assert_eq!(Status::WaitingForReply.index(), 3, "declaration order");
    }

    #[test]
    fn a_value_is_found_again_at_its_position() {
        for status in Status::ALL {
            assert_eq!(Status::at_position(status.position()), Some(*status));
            assert_eq!(status.label(), status.as_str());
        }
        assert_eq!(Qualifier::at_position(Qualifier::ALL.len()), None, "past the end");
        assert_eq!(<Priority as Labelled>::FIELD, "priority");
    }
}
