//! Enumerations whose values travel as the lower-case labels users know
//! (`"waiting for reply"`, `"unit-manager"`), in JSON, SQL and forms alike.

/// Declares an enum with one label per variant, plus `as_str`, `parse`,
/// `ALL`, `Display` and serde as that label.
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
