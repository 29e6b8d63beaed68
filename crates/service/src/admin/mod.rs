//! Administration: accounts and reference data (units, sites, VOs, types of
//! issue, routing rules), with who may do what. Reading reference data is
//! open to every signed-in user, who needs the lists to fill in a ticket;
//! changing it needs an administrator, or the system (the command line,
//! which runs on the server, acts as the system).

pub mod named;
pub mod routing;
pub mod sites;
pub mod units;
pub mod users;

use guichet_domain::actor::Actor;

use crate::{ServiceError, ServiceResult};

/// Refuses anyone but administrators and the system.
pub fn require_admin(actor: &Actor) -> ServiceResult<()> {
    if actor.role().is_admin() {
        Ok(())
    } else {
        Err(ServiceError::Forbidden("administrators only".into()))
    }
}
