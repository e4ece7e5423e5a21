package dev.eddy.events.readers;

import java.util.List;

/** What a reader made of a file: the good events, in file order, and every record it had to reject. */
public record ReadResult<T>(List<T> events, List<BadRecord> problems) {
    public ReadResult {
        events = List.copyOf(events);
        problems = List.copyOf(problems);
    }
}
