//! The podlife playground.
