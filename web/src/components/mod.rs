//! The page's components, one per file.

pub mod actions;
pub mod compare;
pub mod controls;
pub mod editor;
pub mod export;
pub mod gallery;
pub mod help;
pub mod init;
pub mod panels;
pub mod timeline;
pub mod version;
