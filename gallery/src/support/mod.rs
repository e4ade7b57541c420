//! What the stories use that is not a story: the offline banner and queue count around a
//! demo, and the one-field form the demos add with.

pub mod offline_queue;
pub mod text_form;
