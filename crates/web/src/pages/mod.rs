//! One file per page, or per form and its page.

pub mod admin;
pub mod attention;
pub mod confirm;
pub mod go;
pub mod kb;
pub mod landing;
pub mod language;
pub mod not_found;
pub mod preferences;
pub mod queues;
pub mod rota;
pub mod search;
pub mod sign_in;
pub mod similar;
pub mod tickets;
