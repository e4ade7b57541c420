//! Resource versions, as the reference server reports them in `X-Resource-Version`
//! (docs/api.md, "Versions"), so that the simulation and the server answer the same
//! click the same way: one sequence for the whole simulated server; a resource's
//! version is the number of the last change applied to it (`0` before any); a write is
//! acknowledged with its own change's number (a replay too). The engine then knows
//! exactly whether an answer that travelled while a write was in flight includes it.

use std::collections::HashMap;

/// The sequence of applied changes and each resource's last one.
#[derive(Debug, Default)]
pub struct Versions {
    seq: u64,
    last: HashMap<String, u64>,
}

impl Versions {
    /// A change to `resource` (`list:NAME`, `likes:POST`, `board:NAME`) was applied:
    /// its number, now the resource's version.
    pub fn applied(&mut self, resource: &str) -> u64 {
        self.seq += 1;
        self.last.insert(resource.to_owned(), self.seq);
        self.seq
    }

    /// The version of `resource`: its last change's number, `0` when none was applied.
    pub fn of(&self, resource: &str) -> u64 {
        self.last.get(resource).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resource_is_at_the_number_of_its_last_change() {
        let mut v = Versions::default();
        assert_eq!(v.of("list:groceries"), 0);
        assert_eq!(v.applied("list:groceries"), 1);
        assert_eq!(v.applied("likes:post-1"), 2);
        assert_eq!(v.applied("list:groceries"), 3);
        assert_eq!(v.of("list:groceries"), 3);
        assert_eq!(v.of("likes:post-1"), 2);
        assert_eq!(v.of("board:roadmap"), 0);
    }

    #[test]
    fn a_write_is_in_a_read_exactly_when_its_number_is_at_most_the_reads() {
        let mut v = Versions::default();
        let before = v.of("list:a");
        let write = v.applied("list:a");
        let after = v.of("list:a");
        assert!(
            write > before,
            "a read taken before the write does not hold it"
        );
        assert!(write <= after, "a read taken after the write holds it");
        // Other resources' changes move the sequence on, never a resource backwards.
        v.applied("list:b");
        assert_eq!(v.of("list:a"), after);
    }
}
