package dev.eddy.jobs.replay;

import dev.eddy.events.features.HashingConfig;

import java.io.Serializable;
import java.util.List;

/**
 * How to replay: the candidate policies, the feature hashing learners use (bits and crosses), the seed of every policy's randomness,
 * how many parallel shards fixed policies are split into, and the format of the
 * decisions in {@code logged:} files.
 */
public record ReplaySettings(List<ReplayPolicySpec> policies, int hashingBits, List<String> crosses, long seed,
                             int shards, LogFormat loggedFormat) implements Serializable {
    public ReplaySettings {
        if (policies.isEmpty()) throw new IllegalArgumentException("a replay needs at least one policy");
        if (shards < 1) throw new IllegalArgumentException("shards must be >= 1, was " + shards);
        policies = List.copyOf(policies);
        crosses = List.copyOf(crosses);
        hashing(hashingBits, crosses); // fails now, naming the bad value, rather than on a task
    }

    /** The feature hashing of learning policies: the bits and the namespace crosses ({@code user:item}). */
    public HashingConfig hashing() {
        return hashing(hashingBits, crosses);
    }

    private static HashingConfig hashing(int bits, List<String> crosses) {
        HashingConfig d = HashingConfig.ofBits(bits);
        return new HashingConfig(bits, d.seed(), d.signed(), crosses.stream().map(HashingConfig.Cross::parse).toList(),
                d.bias());
    }

    /** The lane of policy {@code p} for a record: one lane per learning policy, {@link #shards} per fixed one. */
    public int lane(int p, long recordHash) {
        return p * shards + (policies.get(p).learns() ? 0 : (int) Math.floorMod(recordHash, (long) shards));
    }

    public int policyOfLane(int lane) {
        return lane / shards;
    }
}
