package dev.eddy.jobs.replay;

import dev.eddy.bandits.core.Choice;

import java.util.SplittableRandom;

/** Every candidate with the same probability. */
final class UniformReplayPolicy extends NamedReplayPolicy {

    UniformReplayPolicy(String name) {
        super(name, false);
    }

    @Override
    public Choice decide(ReplayEvent event, SplittableRandom rng) {
        return Distributions.draw(Distributions.uniform(event.actions()), rng);
    }
}
