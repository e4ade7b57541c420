//! What the stories use that is not a story: the offline banner and queue count around a
//! demo.

pub mod offline_queue;
