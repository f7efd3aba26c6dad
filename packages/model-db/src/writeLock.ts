/**
 * Held by every write of pricing rows and period aggregates until its
 * transaction ends, so that two writers of the same blocks' valuations — two
 * `idx pricing update` runs, or the passes two processes start when they
 * finish one range — take turns instead of inserting the same keys side by
 * side; and so that aggregates recomputed after taking it see every block
 * committed before (each statement of a READ COMMITTED transaction reads what
 * is committed when it starts).
 */
export const PRICING_WRITE_LOCK = 'select pg_advisory_xact_lock(7112126512001)'
