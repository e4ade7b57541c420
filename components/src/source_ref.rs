//! `SourceRef`: how a component is handed its data source as a prop.

use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

/// A shared data source (an app's API client, the gallery's simulated server) passed as a
/// prop. Two `SourceRef`s are equal when they point at the same source, so passing the
/// same one again does not re-render.
///
/// ```
/// use std::rc::Rc;
/// use yew_optimistic::SourceRef;
/// trait Api { fn name(&self) -> &str; }
/// struct Real;
/// impl Api for Real { fn name(&self) -> &str { "real" } }
/// let a: SourceRef<dyn Api> = SourceRef::new(Rc::new(Real));
/// let b = a.clone();
/// assert!(a == b);
/// assert_eq!(a.name(), "real");
/// ```
pub struct SourceRef<S: ?Sized>(Rc<S>);

impl<S: ?Sized> SourceRef<S> {
    /// Wraps a shared source.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use yew_optimistic::SourceRef;
    /// let s: SourceRef<str> = SourceRef::new(Rc::from("x"));
    /// # let _ = s;
    /// ```
    pub fn new(source: Rc<S>) -> Self {
        SourceRef(source)
    }

    /// The shared source.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use yew_optimistic::SourceRef;
    /// let s: SourceRef<str> = SourceRef::new(Rc::from("x"));
    /// assert_eq!(&*s.rc(), "x");
    /// ```
    pub fn rc(&self) -> Rc<S> {
        self.0.clone()
    }
}

impl<S: ?Sized> Clone for SourceRef<S> {
    fn clone(&self) -> Self {
        SourceRef(self.0.clone())
    }
}

impl<S: ?Sized> PartialEq for SourceRef<S> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<S: ?Sized> Deref for SourceRef<S> {
    type Target = S;
    fn deref(&self) -> &S {
        &self.0
    }
}

impl<S: ?Sized> fmt::Debug for SourceRef<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SourceRef({:p})", Rc::as_ptr(&self.0) as *const ())
    }
}

impl<S: ?Sized> From<Rc<S>> for SourceRef<S> {
    fn from(rc: Rc<S>) -> Self {
        SourceRef(rc)
    }
}
