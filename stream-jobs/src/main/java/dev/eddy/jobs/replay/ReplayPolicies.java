package dev.eddy.jobs.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Builds the policy a spec names, on the task that replays it. */
final class ReplayPolicies {
    private ReplayPolicies() {}

    static ReplayPolicy create(ReplayPolicySpec spec, ReplaySettings settings) {
        try {
            return switch (spec.kind()) {
                case UNIFORM -> new UniformReplayPolicy(spec.text());
                case LOGGING -> new LoggingReplayPolicy(spec.text());
                case POPULAR -> new PopularReplayPolicy(spec.text());
                case LEARNER -> LearnerReplayPolicy.learning(spec.text(), spec.learner(), spec.params(),
                        settings.hashing(), settings.seed());
                case SNAPSHOT -> LearnerReplayPolicy.fixed(spec.text(), PolicySnapshot.read(Path.of(spec.file())));
                case LOGGED -> LoggedReplayPolicy.fromLog(spec.text(), Path.of(spec.file()), settings.loggedFormat());
            };
        } catch (IOException e) {
            throw new UncheckedIOException("policy " + spec.text() + ": " + e.getMessage(), e);
        }
    }
}
