//! Rebuilds the store when a migration is added or changed: `sqlx::migrate!`
//! embeds the migrations folder, which Cargo does not watch by itself.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
