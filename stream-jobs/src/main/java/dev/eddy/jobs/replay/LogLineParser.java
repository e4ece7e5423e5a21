package dev.eddy.jobs.replay;

import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.InvalidEventException;

import java.io.Serializable;

/** Turns one line of a log file into a joined example; shipped to Flink tasks, hence serializable. */
public interface LogLineParser extends Serializable {

    /** The example the line holds; {@link InvalidEventException} with the reason when it holds none. */
    JoinedExample parse(long lineNumber, String line) throws InvalidEventException;

    /** Whether the file's first line is a header, not an event. */
    default boolean hasHeader() {
        return false;
    }
}
