package dev.eddy.recsys.train;

/**
 * What one step reports back.
 *
 * @param loss    the batch's data loss (without L2)
 * @param weights each triple's weight in that loss (T-CE: 0 dropped / 1 kept; R-CE: the score weight); null when all
 *                count equally
 */
record StepResult(double loss, float[] weights) {}
