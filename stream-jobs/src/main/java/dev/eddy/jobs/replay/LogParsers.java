package dev.eddy.jobs.replay;

import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.EventValidator;
import dev.eddy.events.readers.DsJsonLines;
import dev.eddy.events.readers.LoggedEvent;
import dev.eddy.events.readers.ObdLineParser;
import dev.eddy.events.readers.OpenBanditReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The line parser for each {@link LogFormat}. */
public final class LogParsers {
    private LogParsers() {}

    public static LogLineParser forFile(LogFormat format, Path file) throws IOException {
        String source = file.getFileName().toString();
        return switch (format) {
            case EDDY -> (line, text) -> {
                JoinedExample e = EventJson.parseExample(text.getBytes(StandardCharsets.UTF_8));
                EventValidator.validate(e);
                return e;
            };
            case DSJSON -> (line, text) -> toExample(DsJsonLines.parse(source, line, text));
            case OBD -> obd(file);
        };
    }

    /**
     * A log's events carry their rewards; the replay wants one value per decision: the sum of the rewards (the
     * join job's default aggregation), or 0 with {@code rewardObserved = false} when the log has none.
     */
    static JoinedExample toExample(LoggedEvent e) {
        double sum = 0;
        for (Reward r : e.rewards()) sum += r.value();
        return new JoinedExample(e.decision(), e.rewards(), sum, !e.rewards().isEmpty(), e.decision().timestamp());
    }

    private static LogLineParser obd(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        String header;
        try (BufferedReader in = Files.newBufferedReader(abs, StandardCharsets.UTF_8)) {
            header = in.readLine();
        }
        if (header == null) throw new IOException(file + " is empty: an Open Bandit log starts with a header line");
        String campaign = abs.getFileName().toString().replaceFirst("\\.csv$", "");
        String policy = abs.getParent().getFileName().toString();
        ObdLineParser parser = new ObdLineParser(header,
                OpenBanditReader.readItems(abs.resolveSibling(OpenBanditReader.ITEM_CONTEXT_FILE)), policy, campaign);
        return new ObdParser(parser);
    }

    private record ObdParser(ObdLineParser parser) implements LogLineParser {
        @Override
        public JoinedExample parse(long lineNumber, String line) throws dev.eddy.events.json.InvalidEventException {
            return toExample(parser.parse(lineNumber, line));
        }

        @Override
        public boolean hasHeader() {
            return true;
        }
    }
}
