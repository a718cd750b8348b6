//! Gazette over real HTTP and the real command line, against SQLite and PostgreSQL.

mod helpers;

mod batch;
mod cli;
mod comment_forms;
mod comment_import;
mod comments;
mod corpus;
mod drop_folder;
mod feeds;
mod http;
mod ingest;
mod media;
mod push;
mod routing;
mod site;
mod wire;
