package dev.eddy.recsys.train;

/**
 * One epoch's figures.
 *
 * @param epoch          1-based epoch
 * @param phase          the method's name ("bpr", "tce", "rce", "pld"), or "warmup" for PLD's uniform epochs
 * @param meanLoss       mean training loss over the epoch's steps (data term, without L2)
 * @param noiseShare     share of known-noise positives among those actually trained on (weighted by each triple's
 *                       weight in the loss: 0 for T-CE's dropped triples, the R-CE weight); NaN without noise flags
 * @param triples        triples that went into the steps
 * @param seconds        wall time of the epoch's training steps (validation excluded)
 * @param validRecall    validation Recall@K after this epoch, NaN when not validated
 */
public record EpochStats(int epoch, String phase, double meanLoss, double noiseShare, long triples, double seconds, double validRecall) {
    public double triplesPerSecond() {
        return seconds > 0 ? triples / seconds : Double.NaN;
    }
}
