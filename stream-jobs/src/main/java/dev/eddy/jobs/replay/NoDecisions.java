package dev.eddy.jobs.replay;

import dev.eddy.events.readers.LogFileShape;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The error of a replay whose input held no decision: which input, what its files look like, and the first
 * record that could not be read. Estimating anything from nothing would print NaN and exit 0, which reads like a
 * result.
 */
public final class NoDecisions {
    private NoDecisions() {}

    /** Whether the replay read no decision for any policy. */
    public static boolean none(java.util.Map<String, List<ReplayedSample>> byPolicy) {
        return byPolicy.values().stream().allMatch(List::isEmpty);
    }

    /** A message that says what was read and, for files, what each one looks like. */
    public static String explain(ReplayInput input, List<ReplayedSample> problems) {
        StringBuilder m = new StringBuilder("no decisions to evaluate in ").append(input.describe());
        if (!problems.isEmpty()) {
            ReplayedSample first = problems.stream()
                    .min(Comparator.comparing((ReplayedSample p) -> p.source).thenComparingLong(p -> p.line))
                    .orElseThrow();
            m.append(String.format(Locale.ROOT, "; %d record(s) could not be read, the first (%s line %d): %s",
                    problems.size(), first.source, first.line, first.problem));
        }
        if (input instanceof ReplayInput.LogFiles files) {
            for (Path f : files.files()) m.append(". ").append(f.getFileName()).append(": ").append(shape(f, files));
        } else if (input instanceof ReplayInput.KafkaTopic) {
            m.append(": the topic holds no joined example in that time range");
        }
        return m.toString();
    }

    private static String shape(Path file, ReplayInput.LogFiles files) {
        LogFileShape s;
        try {
            s = LogFileShape.of(file);
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
        String given = files.format().name().toLowerCase(Locale.ROOT);
        String text = "this is " + s.description();
        if (s.format() == null) return text;
        if (!s.format().equals(given)) return text + ", not --format " + given + ": read it with --format " + s.format();
        return text + ", which --format " + given + " reads, but none of its records held a decision";
    }
}
