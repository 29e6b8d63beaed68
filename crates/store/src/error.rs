//! Storage errors, independent of the backend.

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The named thing does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A uniqueness rule, a reference or a concurrent change prevents the write.
    #[error("{0}")]
    Conflict(String),
    /// Someone else changed the record since it was read; reading again and
    /// re-applying the change may succeed.
    #[error("{0}")]
    Stale(String),
    /// A change's key was taken by an earlier change: it happened already.
    #[error("this was done already")]
    Duplicate,
    /// A change set contradicts itself (it names a row it does not create):
    /// a mistake of the code that built it, not of the user's input.
    #[error("malformed change: {0}")]
    Malformed(String),
    /// A stored value could not be read back into the domain.
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    /// The database URL is not usable.
    #[error("invalid database URL: {0}")]
    BadUrl(String),
    /// The database server cannot be reached.
    #[error("database unreachable: {0}")]
    Unreachable(String),
    /// The database refused or failed.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A database file could not be written, linked or removed.
    #[error("{}: {source}", path.display())]
    File {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Result of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        use sqlx::error::ErrorKind;
        match &error {
            sqlx::Error::RowNotFound => StoreError::NotFound("row"),
            // A deadlock or a serialisation failure: PostgreSQL undid the
            // transaction, which may be run again from fresh reads.
            sqlx::Error::Database(db) if matches!(db.code().as_deref(), Some("40P01" | "40001")) => {
                StoreError::Stale("a concurrent change got in the way; try again".into())
            }
            sqlx::Error::Database(db) => match db.kind() {
                ErrorKind::UniqueViolation => StoreError::Conflict(unique_message(db.as_ref())),
                ErrorKind::ForeignKeyViolation => {
                    StoreError::Conflict("it refers to something that does not exist, or is still referred to".into())
                }
                _ => StoreError::Database(error),
            },
            _ => StoreError::Database(error),
        }
    }
}

/// Names the column of a unique violation: SQLite says `UNIQUE constraint
/// failed: units.name`, PostgreSQL names the constraint `units_name_key`.
fn unique_message(db: &dyn sqlx::error::DatabaseError) -> String {
    let column = match db.constraint() {
        Some(constraint) => constraint
            .trim_end_matches("_key")
            .split_once('_')
            .map_or(constraint, |(_, c)| c),
        None => db.message().rsplit(['.', ' ']).next().unwrap_or("value"),
    };
    format!("that {column} is already taken")
}

impl From<guichet_domain::ValidationError> for StoreError {
    fn from(error: guichet_domain::ValidationError) -> Self {
        StoreError::Corrupt(error.to_string())
    }
}
