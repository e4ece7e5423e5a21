package dev.eddy.events.readers;

import dev.eddy.events.event.Candidate;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Parses one line of an Open Bandit Dataset log at a time, for readers that stream a log line by line (a Flink
 * file source) instead of reading the file whole: the header line and the campaign's items are read once up front.
 * Gives the same events as {@link OpenBanditReader#read}.
 */
public final class ObdLineParser implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] header;
    // Candidates are records, not Serializable; a parser shipped to a Flink task carries them as JSON.
    private final String itemsJson;
    private final String policy;
    private final String campaign;
    private transient ObdLog log;
    private transient Map<String, Integer> indexOf;
    private transient CSVFormat format;
    private transient List<String> userColumns;
    private transient List<String> affinityColumns;

    /**
     * @param headerLine the log's first line
     * @param items      the campaign's items ({@link OpenBanditReader#readItems})
     * @param policy     the logging policy (the log's folder name)
     * @param campaign   the campaign (the log's file name without .csv)
     */
    public ObdLineParser(String headerLine, List<Candidate> items, String policy, String campaign) {
        try (CSVParser p = CSVFormat.DEFAULT.parse(new StringReader(headerLine))) {
            this.header = p.getRecords().get(0).values();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the header line of the " + policy + "/" + campaign
                    + " log: " + e.getMessage(), e);
        }
        if (!Arrays.asList(header).contains("item_id")) {
            throw new IllegalArgumentException("the " + policy + "/" + campaign + " log's header has no item_id column");
        }
        try {
            this.itemsJson = EventJson.mapper().writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode the items: " + e.getMessage(), e);
        }
        this.policy = policy;
        this.campaign = campaign;
    }

    /** The line as a decision with its click; a line that does not fit the header is an {@link InvalidEventException}. */
    public LoggedEvent parse(long lineNumber, String line) throws InvalidEventException {
        init();
        CSVRecord record;
        try {
            record = OpenBanditReader.line(format, line);
        } catch (IllegalArgumentException e) {
            // The parser's reason without its exception type (an UncheckedIOException's message is the cause's name).
            throw new InvalidEventException(e.getMessage());
        }
        ObdRow row;
        try {
            row = OpenBanditReader.row(record, userColumns, affinityColumns, lineNumber);
        } catch (RuntimeException e) {
            throw new InvalidEventException(OpenBanditReader.describe(e));
        }
        return OpenBanditReader.toEvent(log, row, indexOf);
    }

    private void init() {
        if (log != null) return;
        List<Candidate> items;
        try {
            items = EventJson.mapper().readValue(itemsJson, new TypeReference<List<Candidate>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("items encoded by this parser do not decode: " + e.getMessage(), e);
        }
        log = new ObdLog(campaign, policy, items, List.of(), List.of());
        indexOf = OpenBanditReader.indexOf(items);
        format = CSVFormat.DEFAULT.builder().setHeader(header).setAllowMissingColumnNames(true).get();
        userColumns = Arrays.stream(header).filter(h -> h.startsWith("user_feature_")).toList();
        affinityColumns = Arrays.stream(header).filter(h -> h.startsWith("user-item_affinity_")).toList();
    }
}
