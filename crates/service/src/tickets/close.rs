//! Closing a solved or unsolved ticket: the system's act, run by the worker
//! 10 working days after the answer (and by the demo loader).

use guichet_domain::clock;
use guichet_domain::ids::TicketId;
use guichet_domain::status::Status;
use guichet_domain::update::system_status_change;
use guichet_store::{ChangeSet, Store};

use super::{commit_error, record};
use crate::ServiceResult;

/// Closes ticket `id` as the system.
pub async fn close_ticket(store: &dyn Store, id: TicketId) -> ServiceResult<()> {
    let ticket = store.ticket(id).await?.ticket;
    let now = clock::now();
    let closed = system_status_change(&ticket, Status::Closed, None, now)?;
    let mut changes = ChangeSet::default();
    record(&mut changes, &ticket, closed, None, now);
    store.commit(changes).await.map_err(commit_error)?;
    Ok(())
}
