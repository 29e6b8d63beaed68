//! Ticket endpoints, one file per action.

pub mod add_article;
pub mod add_relation;
pub mod citations;
pub mod create;
pub mod escalation;
pub mod get;
pub mod history;
pub mod list;
pub mod list_articles;
pub mod list_attachments;
pub mod list_relations;
pub mod promote;
pub mod rating;
pub mod remove_relation;
pub mod route;
pub mod subscription;
pub mod update;
pub mod upload;
pub mod verification;
