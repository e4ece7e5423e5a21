package dev.eddy.recsys.train;

/**
 * One step's triples in Java form.
 *
 * @param users     user rows
 * @param positives positive item rows
 * @param negatives negative item rows
 * @param entries   the training entry (position in the positives) of each positive, to look up noise flags
 */
record Batch(long[] users, long[] positives, long[] negatives, int[] entries) {
    int size() {
        return users.length;
    }
}
