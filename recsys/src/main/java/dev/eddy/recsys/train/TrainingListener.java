package dev.eddy.recsys.train;

/** Hears the trainer's progress: a progress bar, a log, a metrics sink. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {};

    default void onStart(TrainingConfig config, int stepsPerEpoch) {}

    default void onStep(int epoch, int step, double loss) {}

    default void onEpoch(EpochStats stats) {}

    default void onEnd() {}
}
