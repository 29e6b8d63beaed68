//! A node's name in leases: its host, its process and a random suffix, so
//! that two workers never take each other for the same one, and operators
//! can tell which machine holds a lease.

use rand::Rng;

/// A name for this process's worker, e.g. `rust-svc:4242:9f3a`.
pub fn node_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "node".into());
    let suffix: u16 = rand::rng().random();
    format!("{host}:{}:{suffix:04x}", std::process::id())
}

#[cfg(test)]
mod tests {
    #[test]
    fn node_names_differ() {
        let (a, b) = (super::node_id(), super::node_id());
        assert!(a.contains(&std::process::id().to_string()), "{a}");
        // Two in a row may share their 16-bit suffix once in 65,536 runs.
        assert!(a != b || super::node_id() != a, "{a} {b}");
    }
}
