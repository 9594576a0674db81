//! Planners: build a model from domain types, solve it, explain the gaps. No file I/O here.

pub mod routes;
