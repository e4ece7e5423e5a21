package dev.eddy.recsys.train;

/**
 * One PLD step's candidates: B users (drawn with replacement), k candidate positives each, one negative each.
 *
 * @param users     B user rows
 * @param poolItems B × k candidate item rows, row-major
 * @param poolEntries B × k training entries of the candidates (for noise flags)
 * @param negatives B negative item rows, shared by each user's pool
 * @param k         pool size
 */
record PldPool(long[] users, long[] poolItems, int[] poolEntries, long[] negatives, int k) {
    int size() {
        return users.length;
    }

    /** PLD step 5's triples: each user with its chosen candidate and the same negative. */
    Batch select(long[] choice) {
        int b = size();
        long[] pos = new long[b];
        int[] entries = new int[b];
        for (int i = 0; i < b; i++) {
            int j = i * k + (int) choice[i];
            pos[i] = poolItems[j];
            entries[i] = poolEntries[j];
        }
        return new Batch(users, pos, negatives, entries);
    }
}
