package dev.eddy.recsys.lifecycle;

import dev.eddy.recsys.train.TrainingConfig;

import java.time.Duration;

/**
 * What the model lifecycle decides with (the retrain job reads them from its {@code retrain.*} keys).
 *
 * @param model              the model's name
 * @param windowSize         (user, item) pairs the training window holds at most
 * @param minInteractions    pairs the window needs before a retrain is worth running
 * @param gateTolerance      how far below the published version's held-out recall a retrain may fall and still be
 *                           accepted
 * @param foldInInterval     how often new users and items are folded in; zero: never
 * @param itemFoldInInterval how long new items wait at least after the last fold-in that took items
 * @param keepVersions       accepted versions kept besides the current one (for rollback)
 * @param trainingConfig     what each retrain trains with
 */
public record LifecycleSettings(String model, int windowSize, int minInteractions, double gateTolerance,
                                Duration foldInInterval, Duration itemFoldInInterval, int keepVersions,
                                TrainingConfig trainingConfig) {

    /** Whether new users and items are folded in between retrains. */
    public boolean foldsIn() {
        return !foldInInterval.isZero() && !foldInInterval.isNegative();
    }
}
