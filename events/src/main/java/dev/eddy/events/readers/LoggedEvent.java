package dev.eddy.events.readers;

import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Reward;

import java.util.List;

/**
 * A logged decision with the rewards the log already holds for it (none when the log has no label).
 *
 * @param lineNumber where the decision was in its file, to trace an event back to its source
 */
public record LoggedEvent(Decision decision, List<Reward> rewards, long lineNumber) {
    public LoggedEvent {
        rewards = rewards == null ? List.of() : List.copyOf(rewards);
    }
}
