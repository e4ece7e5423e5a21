package dev.eddy.events.readers;

import dev.eddy.events.json.InvalidEventException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads Vowpal Wabbit DSJson decision logs (one JSON object per line, plain or gzipped) as Eddy decisions with
 * the rewards their labels carry. A line that cannot be used is reported as a {@link BadRecord} with its line
 * number and reason, and reading goes on. See {@link DsJsonLines} for how a line maps to events.
 */
public final class DsJsonReader {

    private DsJsonReader() {}

    /** Reads a whole file into memory. */
    public static ReadResult<LoggedEvent> read(Path path) throws IOException {
        List<LoggedEvent> events = new ArrayList<>();
        List<BadRecord> problems = new ArrayList<>();
        read(path, events::add, problems::add);
        return new ReadResult<>(events, problems);
    }

    /** Streams a file of any size: each good event and each problem is handed over as soon as its line is read. */
    public static void read(Path path, Consumer<LoggedEvent> events, Consumer<BadRecord> problems) throws IOException {
        try (BufferedReader reader = TextInputs.open(path)) {
            read(path.getFileName().toString(), reader, events, problems);
        }
    }

    /** Streams lines from any reader; {@code source} names it in event ids and problem reports. */
    public static void read(String source, BufferedReader reader, Consumer<LoggedEvent> events,
                            Consumer<BadRecord> problems) throws IOException {
        long lineNumber = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            // VW skips blank lines too; real logs end with stray "\r\n" (no_shared_features.json does).
            if (line.isBlank()) continue;
            try {
                events.accept(DsJsonLines.parse(source, lineNumber, line));
            } catch (InvalidEventException e) {
                problems.accept(new BadRecord(source, lineNumber, e.getMessage(), line));
            }
        }
    }
}
