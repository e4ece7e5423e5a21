package dev.eddy.bandits.eval;

/**
 * One policy's run over one seeded sequence of rounds.
 *
 * @param policy           the registered name of the policy
 * @param seed             the run's seed
 * @param cumulativeRegret {@code cumulativeRegret[t]} is the regret after rounds {@code 0..t}: the rounds so far
 *                         minus the reward so far (the best action always earns 1 in this conversion)
 * @param totalReward      the reward over all rounds
 * @param wallNanos        the whole run: conversion of each example into a round, choosing, learning
 * @param policyNanos      the time spent in the learner's {@code choose} and {@code learn} only
 */
public record EvalResult(String policy, long seed, double[] cumulativeRegret, double totalReward, long wallNanos,
                         long policyNanos) {

    public int rounds() {
        return cumulativeRegret.length;
    }

    /** Rounds minus total reward. */
    public double regret() {
        return cumulativeRegret[cumulativeRegret.length - 1];
    }

    public double averageReward() {
        return totalReward / rounds();
    }

    /** The learner's throughput: rounds per second of {@code choose} + {@code learn}, the harness's own work excluded. */
    public double roundsPerSecond() {
        return rounds() / (Math.max(1L, policyNanos) / 1e9);
    }

    public double wallSeconds() {
        return wallNanos / 1e9;
    }
}
