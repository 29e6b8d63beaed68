//! Multi-row statements in a few fixed shapes.
//!
//! A multi-row `INSERT` of n rows is a different SQL text for every n, and
//! each connection prepares and caches every text it meets. Cut into runs of
//! 64, 32, …, 2 and 1 rows, any number of rows takes at most seven shapes
//! per statement, which every connection's statement cache keeps, and a
//! batch of rows still needs only a handful of round trips.

/// The most rows one statement carries: 64 tickets bind 1,344 values, far
/// under SQLite's 32,766 and PostgreSQL's 65,535.
pub const MAX_ROWS: usize = 64;

/// Splits `rows`, in order, into runs whose lengths are powers of two,
/// longest first, none longer than [`MAX_ROWS`].
pub fn in_cached_shapes<T>(rows: &[T]) -> impl Iterator<Item = &[T]> {
    let mut rest = rows;
    std::iter::from_fn(move || {
        let size = match rest.len() {
            0 => return None,
            n if n >= MAX_ROWS => MAX_ROWS,
            n => 1 << n.ilog2(),
        };
        let (run, tail) = rest.split_at(size);
        rest = tail;
        Some(run)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lengths(n: usize) -> Vec<usize> {
        let rows: Vec<usize> = (0..n).collect();
        let runs: Vec<&[usize]> = in_cached_shapes(&rows).collect();
        assert_eq!(runs.concat(), rows, "the runs cover the rows once, in order");
        runs.iter().map(|run| run.len()).collect()
    }

    #[test]
    fn runs_are_powers_of_two_longest_first() {
        assert_eq!(lengths(0), Vec::<usize>::new());
        assert_eq!(lengths(1), [1]);
        assert_eq!(lengths(13), [8, 4, 1]);
        assert_eq!(lengths(63), [32, 16, 8, 4, 2, 1]);
        assert_eq!(lengths(64), [64]);
        assert_eq!(lengths(200), [64, 64, 64, 8]);
    }

    #[test]
    fn every_count_up_to_a_thousand_takes_known_shapes() {
        for n in 0..1000 {
            for length in lengths(n) {
                assert!(
                    length.is_power_of_two() && length <= MAX_ROWS,
                    "{n} rows gave a run of {length}"
                );
            }
        }
    }
}
