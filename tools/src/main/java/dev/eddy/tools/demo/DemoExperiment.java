package dev.eddy.tools.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's experiment, written as a serving experiments file: users split by salted hash between the contextual
 * bandit learned online by the learner job, MF top-1 from the retrain job's model, and uniform.
 */
final class DemoExperiment {
    static final String ID = "demo";
    /** Variant, learner model (the learner job keys models by variant) and policy of the online bandit. */
    static final String BANDIT = "neucb";
    static final String MF = "mf";
    static final String UNIFORM = "uniform";
    /** The retrain job's model. */
    static final String MF_MODEL = "recs";

    private DemoExperiment() {}

    static Path write(Path dir) throws IOException {
        Path file = dir.resolve("experiments.yaml");
        Files.writeString(file, """
                experiments:
                  - id: %s
                    status: running
                    salt: eddy-demo-1
                    default: %s
                    variants:
                      - name: %s
                        weight: 40
                        policy: neucb
                        banditModel: %s
                      - name: %s
                        weight: 30
                        policy: mf-topk
                        model: %s
                      - name: %s
                        weight: 30
                        policy: uniform
                """.formatted(ID, UNIFORM, BANDIT, BANDIT, MF, MF_MODEL, UNIFORM));
        return file;
    }
}
