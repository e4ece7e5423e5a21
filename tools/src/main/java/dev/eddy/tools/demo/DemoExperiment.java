package dev.eddy.tools.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's experiment, written as an experiments file that serving splits traffic by and the experiments job
 * measures: users split by salted hash between the contextual bandit learned online by the learner job, MF top-1 from
 * the retrain job's model, and uniform (the control); the click rate is the metric, serving's latency a guardrail
 * (flagged when a variant is surely more than 50 % slower than uniform, which ranks without a model). A second
 * experiment runs sessions ({@link SessionTraffic}): the learner job's FTRL session policy (ftrl-logbarrier) against
 * uniform, measured by clicks per user.
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
    /** The session experiment: the FTRL session policy learned by the learner job against uniform, step by step. */
    static final String SESSIONS_ID = "sessions";
    /** Variant and session model (learner.session-models) of the FTRL policy. */
    static final String FTRL = "ftrl";
    /** Its session-level metric: clicks per user, summed over the user's sessions. */
    static final String SESSION_METRIC = "clicks-per-user";

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
                  - id: %s
                    status: running
                    salt: eddy-demo-sessions-1
                    default: %s
                    control: %s
                    metrics:
                      - name: %s
                        type: reward-per-user
                    variants:
                      - name: %s
                        weight: 50
                        policy: ftrl-session
                        banditModel: %s
                      - name: %s
                        weight: 50
                        policy: uniform
                """.formatted(ID, UNIFORM, UNIFORM, BANDIT, BANDIT, MF, MF_MODEL, UNIFORM,
                SESSIONS_ID, UNIFORM, UNIFORM, SESSION_METRIC, FTRL, FTRL, UNIFORM));
        return file;
    }
}
