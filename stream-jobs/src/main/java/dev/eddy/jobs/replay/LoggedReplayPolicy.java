package dev.eddy.jobs.replay;

import dev.eddy.bandits.slate.Slate;
import dev.eddy.bandits.ope.EmpiricalPositionPolicy;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.InvalidEventException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The context-free policy that wrote another log (such as the Open Bandit Dataset's Bernoulli-TS), estimated from
 * that log as the frequency of each item at each position. Items are matched by candidate id, so the two logs may
 * list their candidates in different orders; an item the other log never showed at a position gets probability 0.
 */
final class LoggedReplayPolicy extends NamedReplayPolicy {
    private final EmpiricalPositionPolicy policy;
    private final Map<String, Integer> indexOfId;

    private LoggedReplayPolicy(String name, EmpiricalPositionPolicy policy, Map<String, Integer> indexOfId) {
        super(name, false);
        this.policy = policy;
        this.indexOfId = indexOfId;
    }

    static LoggedReplayPolicy fromLog(String name, Path file, LogFormat format) throws IOException {
        LogLineParser parser = LogParsers.forFile(format, file);
        Map<String, Integer> indexOfId = null;
        EmpiricalPositionPolicy.Builder builder = null;
        long lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if ((lineNumber == 1 && parser.hasHeader()) || line.isBlank()) continue;
                JoinedExample example;
                try {
                    example = parser.parse(lineNumber, line);
                } catch (InvalidEventException e) {
                    continue; // the replay of that log reports its bad lines; here they just do not count
                }
                ReplayEvent event = ReplayEvent.of(example);
                List<Candidate> candidates = event.decision().candidates();
                if (indexOfId == null) {
                    indexOfId = new HashMap<>();
                    for (int a = 0; a < candidates.size(); a++) indexOfId.put(candidates.get(a).id(), a);
                    builder = EmpiricalPositionPolicy.builder(candidates.size());
                }
                Integer a = indexOfId.get(candidates.get(event.loggedAction()).id());
                if (a == null) {
                    throw new IOException(file + ":" + lineNumber + ": item " + candidates.get(event.loggedAction()).id()
                            + " is not among the candidates of the log's first decision; logged: needs a fixed item set");
                }
                builder.add(event.position(), a, event.propensity());
            }
        }
        if (builder == null) throw new IOException(file + " holds no decision to estimate a policy from");
        return new LoggedReplayPolicy(name, builder.frequencies(), indexOfId);
    }

    @Override
    public Slate decide(ReplayEvent event, SplittableRandom rng) {
        List<Candidate> candidates = event.decision().candidates();
        double[] p = new double[candidates.size()];
        double sum = 0;
        for (int a = 0; a < p.length; a++) {
            Integer i = indexOfId.get(candidates.get(a).id());
            p[a] = i == null ? 0 : policy.probability(event.position(), i);
            sum += p[a];
        }
        if (sum <= 0) {
            throw new IllegalStateException(name() + " never showed any of decision " + event.decision().eventId()
                    + "'s candidates at position " + event.position());
        }
        for (int a = 0; a < p.length; a++) p[a] /= sum;
        return Distributions.draw(p, rng);
    }
}
