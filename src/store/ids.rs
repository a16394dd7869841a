//! The typed ids as SQLite values: stored as the plain integer row ids they are.

use rusqlite::ToSql;
use rusqlite::types::{FromSql, FromSqlResult, ToSqlOutput, ValueRef};

use crate::domain::{ApplicationId, PartnershipId, PersonId, RoundId, TopicId};

macro_rules! sql_ids {
    ($($name:ident),*) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<$name> {
                i64::column_result(value).map($name)
            }
        }
    )*};
}

sql_ids!(RoundId, ApplicationId, PersonId, PartnershipId, TopicId);
