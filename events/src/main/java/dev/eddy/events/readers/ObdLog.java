package dev.eddy.events.readers;

import dev.eddy.events.event.Candidate;

import java.util.List;

/**
 * One Open Bandit Dataset log: a campaign logged by one policy, the campaign's items and the impressions.
 *
 * @param campaign the campaign ("men", "women", "all"): the log file's name
 * @param policy   the logging policy ("random", "bts"): the log folder's name
 * @param items    the candidates of every impression, from item_context.csv, in item-id order of that file
 * @param rows     the impressions that could be read
 * @param problems the rows that could not
 */
public record ObdLog(String campaign, String policy, List<Candidate> items, List<ObdRow> rows,
                     List<BadRecord> problems) {
    public ObdLog {
        items = List.copyOf(items);
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    /** The impressions as Eddy decisions with their click rewards; see {@link OpenBanditReader}. */
    public ReadResult<LoggedEvent> events() {
        return OpenBanditReader.events(this);
    }
}
