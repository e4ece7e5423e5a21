package dev.eddy.jobs.replay;

import dev.eddy.bandits.core.Choice;

import java.util.SplittableRandom;

/** Every candidate with the same probability. */
final class UniformReplayPolicy implements ReplayPolicy {
    private final String name;

    UniformReplayPolicy(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean learns() {
        return false;
    }

    @Override
    public Choice decide(ReplayEvent event, SplittableRandom rng) {
        return Distributions.draw(Distributions.uniform(event.actions()), rng);
    }
}
