//! What the stories use that is not a story: the offline banner and queue count around a
//! demo, and the snapshot of confirmed data that lets a reload start offline.

pub mod offline_queue;
pub mod snapshot;
