package dev.eddy.jobs.learn;

import java.util.Map;

/** A learner as the publishing operator sees it: what it is, how to publish it, and its snapshot. */
interface ModelLearner {
    /** Registered name of the learner or session policy. */
    String learnerName();

    Map<String, String> params();

    /** Actions it was built for. */
    int actions();

    byte[] snapshot();

    /** The manifest's modelType. */
    String modelType();

    /** The manifest's params: everything needed to rebuild it, plus the snapshot's exact length. */
    Map<String, String> manifestParams(int snapshotBytes);
}
