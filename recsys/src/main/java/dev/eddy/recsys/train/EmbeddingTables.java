package dev.eddy.recsys.train;


/**
 * User and item embedding tables, row-major float arrays: the form that crosses between DJL, snapshots and serving.
 *
 * @param numUsers user rows
 * @param numItems item rows
 * @param dim      columns
 * @param users    numUsers × dim
 * @param items    numItems × dim
 */
public record EmbeddingTables(int numUsers, int numItems, int dim, float[] users, float[] items) {
    public EmbeddingTables {
        if (users.length != (long) numUsers * dim || items.length != (long) numItems * dim) {
            throw new IllegalArgumentException("table sizes do not match " + numUsers + "/" + numItems + " × " + dim);
        }
    }

    /**
     * The score of one user for the given items: the dot product in a fixed summation order, so that the same
     * tables always give the same bits (serving and the snapshot round-trip rely on that).
     */
    public float[] scores(int user, int[] itemRows) {
        float[] out = new float[itemRows.length];
        int uo = user * dim;
        for (int j = 0; j < itemRows.length; j++) {
            int io = itemRows[j] * dim;
            float s = 0f;
            for (int f = 0; f < dim; f++) s += users[uo + f] * items[io + f];
            out[j] = s;
        }
        return out;
    }
}
