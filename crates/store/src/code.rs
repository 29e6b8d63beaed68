//! How a label of a closed set (a status, a priority, an article's kind) is
//! stored: its position in the set, a small integer, on both backends.
//!
//! Labels were stored as their text until the measurements in
//! docs/performance.md: every ticket carries six of them, five of them sit
//! in the list indexes, and comparing and copying them was a tenth of a
//! bulk load. The lookup tables of the migration `label_codes` give each
//! position its label inside the database, for people reading it with SQL,
//! and a storage test checks that they agree with the code.

use guichet_domain::Labelled;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef, Postgres};
use sqlx::sqlite::{Sqlite, SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Type};

/// A label as both backends store it: an SQLite `INTEGER`, a PostgreSQL `smallint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code<T>(pub T);

impl<T: Labelled> Code<T> {
    /// The stored number.
    pub fn number(self) -> i16 {
        i16::try_from(self.0.position()).unwrap_or(i16::MAX)
    }

    /// The value stored as `number`, or an error naming the field.
    pub fn from_number(number: i16) -> Result<Self, BoxDynError> {
        usize::try_from(number)
            .ok()
            .and_then(T::at_position)
            .map(Self)
            .ok_or_else(|| format!("{number} is not the code of any {}", T::FIELD).into())
    }
}

impl<T: Labelled> Type<Sqlite> for Code<T> {
    fn type_info() -> SqliteTypeInfo {
        <i16 as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <i16 as Type<Sqlite>>::compatible(ty)
    }
}

impl<'q, T: Labelled> Encode<'q, Sqlite> for Code<T> {
    fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        <i16 as Encode<'q, Sqlite>>::encode(self.number(), buf)
    }
}

impl<'r, T: Labelled> Decode<'r, Sqlite> for Code<T> {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        Self::from_number(<i16 as Decode<'r, Sqlite>>::decode(value)?)
    }
}

impl<T: Labelled> Type<Postgres> for Code<T> {
    fn type_info() -> PgTypeInfo {
        <i16 as Type<Postgres>>::type_info()
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        <i16 as Type<Postgres>>::compatible(ty)
    }
}

impl<T: Labelled> Encode<'_, Postgres> for Code<T> {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <i16 as Encode<'_, Postgres>>::encode(self.number(), buf)
    }
}

impl<'r, T: Labelled> Decode<'r, Postgres> for Code<T> {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Self::from_number(<i16 as Decode<'r, Postgres>>::decode(value)?)
    }
}

#[cfg(test)]
mod tests {
    use guichet_domain::status::Status;

    use super::Code;

    #[test]
    fn a_code_is_the_position_of_its_value() {
        assert_eq!(Code(Status::New).number(), 0);
        assert_eq!(Code(Status::Closed).number(), 9);
        assert_eq!(Code::<Status>::from_number(3).unwrap(), Code(Status::WaitingForReply));
    }

    #[test]
    fn an_unknown_code_is_refused_with_its_field() {
        for number in [10, -1] {
            let error = Code::<Status>::from_number(number).unwrap_err().to_string();
            assert_eq!(error, format!("{number} is not the code of any status"));
        }
    }
}
