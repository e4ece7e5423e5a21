package dev.eddy.tools.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's experiment, written as an experiments file that serving splits traffic by and the experiments job
 * measures: users split by salted hash between the contextual bandit learned online by the learner job, MF top-1 from
 * the retrain job's model, and uniform (the control); the click rate is the metric, serving's latency a guardrail
 * (flagged when a variant is surely more than 50 % slower than uniform, which ranks without a model).
 */
final class DemoExperiment {
    static final String ID = "demo";
    /** Variant, learner model (the learner job keys models by variant) and policy of the online bandit. */
    static final String BANDIT = "neucb";
    static final String MF = "mf";
    static final String UNIFORM = "uniform";
    /** The retrain job's model. */
    static final String MF_MODEL = "recs";
    /** The experiment's primary metric (the reward rate: clicks per shown shelf). */
    static final String METRIC = "click-rate";

    private DemoExperiment() {}

    static Path write(Path dir) throws IOException {
        Path file = dir.resolve("experiments.yaml");
        Files.writeString(file, """
                experiments:
                  - id: %s
                    status: running
                    salt: eddy-demo-1
                    default: %s
                    control: %s
                    metrics:
                      - name: click-rate
                        type: reward-rate
                      - name: latency-ms
                        type: latency
                        guardrail: 0.5
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
                """.formatted(ID, UNIFORM, UNIFORM, BANDIT, BANDIT, MF, MF_MODEL, UNIFORM));
        return file;
    }
}
