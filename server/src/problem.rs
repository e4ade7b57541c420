//! RFC 9457 problem details: every error the server gives is an
//! `application/problem+json` body with `type`, `title`, `status` and `detail`, so a
//! client can show `detail` to a person and branch on `type`.
//!
//! The type is [`wire::problem::Problem`] (with its `axum` feature: a problem is a
//! response), the one the gallery's simulated server gives too, so the two cannot name a
//! kind differently.
//!
//! ```
//! use axum::response::IntoResponse;
//! use server::problem::{Problem, PROBLEM_JSON};
//! let response = Problem::not_found("no board `x`").into_response();
//! assert_eq!(response.status(), 404);
//! assert_eq!(response.headers()["content-type"], PROBLEM_JSON);
//! ```

pub use wire::problem::{Problem, PROBLEM_JSON, PROBLEM_TYPE_PREFIX};
