//! The words the list and the board share for a change on its way (English, their
//! defaults): both say the same of a change that is saving, held or not kept, so they
//! are written once.

use yew::AttrValue;

/// While a change is on its way.
pub(crate) const SAVING: AttrValue = AttrValue::Static("Saving…");
/// A change the server refused.
pub(crate) const NOT_SAVED: AttrValue = AttrValue::Static("Not saved");
/// A change sent, with no answer yet after a failure that may have reached the server.
pub(crate) const WAITING_FOR_SERVER: AttrValue = AttrValue::Static("Waiting for the server…");
/// A change held: the server has not answered it.
pub(crate) const NOT_SAVED_YET: AttrValue = AttrValue::Static("Not saved yet");
/// Why a held change is still shown.
pub(crate) const HELD_NOTE: AttrValue =
    AttrValue::Static("Not saved yet: the server has not answered. It is kept on this device.");
/// Sends a held change again now.
pub(crate) const RETRY_NOW: AttrValue = AttrValue::Static("Retry now");
/// Gives a held change up.
pub(crate) const DISCARD: AttrValue = AttrValue::Static("Discard");
/// A change the device could not keep across a reload.
pub(crate) const NOT_KEPT: AttrValue =
    AttrValue::Static("Not kept on this device: a reload now would lose this change.");
