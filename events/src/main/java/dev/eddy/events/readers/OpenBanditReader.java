package dev.eddy.events.readers;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventValidator;
import dev.eddy.events.json.InvalidEventException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Open Bandit Dataset logs ({@code <policy>/<campaign>.csv} with {@code item_context.csv} beside it).
 * <p>
 * Each impression becomes a {@link Decision} over all items of the campaign: candidate ids are the item ids,
 * item features in namespace {@value #ITEM_NS} (numeric columns by value, hashed ones as {@code column=hash});
 * the context holds the hashed user features in {@value #USER_NS}, the nonzero user-item affinities in
 * {@value #AFFINITY_NS} and the position in {@value #SLOT_NS} as {@code "position": 1..3}. The position is a
 * context feature, not a slate slot, because each row logs one item at one position with the probability of that
 * item <em>at that position</em>; keeping it in the decision lets position-aware estimators (IIPS) and learners
 * see it even before the reward is joined. The reward is the click, with {@code slot = position - 1}.
 * Event ids are {@code <campaign>/<policy>/<row index>}.
 */
public final class OpenBanditReader {

    public static final String ITEM_NS = "item";
    public static final String USER_NS = "user";
    public static final String AFFINITY_NS = "affinity";
    public static final String SLOT_NS = "slot";
    public static final String ITEM_CONTEXT_FILE = "item_context.csv";

    private static final String USER_FEATURE_PREFIX = "user_feature_";
    private static final String AFFINITY_PREFIX = "user-item_affinity_";
    // "2019-11-24 00:03:13.442536+00:00": ISO with a space instead of "T".
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ')
            .append(DateTimeFormatter.ISO_LOCAL_TIME).appendOffset("+HH:MM", "Z").toFormatter();
    // The first column (the row index) has an empty header.
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader().setSkipHeaderRecord(true).setAllowMissingColumnNames(true).get();

    private OpenBanditReader() {}

    /** Reads a log with its items; policy and campaign come from the folder and file names. */
    public static ObdLog readLog(Path logCsv) throws IOException {
        Path dir = logCsv.toAbsolutePath().getParent();
        List<Candidate> items = readItems(dir.resolve(ITEM_CONTEXT_FILE));
        ReadResult<ObdRow> rows = readRows(logCsv);
        return new ObdLog(TextInputs.baseName(logCsv, ".csv"), dir.getFileName().toString(), items, rows.events(),
                rows.problems());
    }

    /** Shortcut: the log's impressions as decisions with rewards. */
    public static ReadResult<LoggedEvent> read(Path logCsv) throws IOException {
        return readLog(logCsv).events();
    }

    public static ReadResult<ObdRow> readRows(Path logCsv) throws IOException {
        String source = logCsv.getFileName().toString();
        List<ObdRow> rows = new ArrayList<>();
        List<BadRecord> problems = new ArrayList<>();
        // One CSV record per line, each line parsed on its own: a stray quote in one line must cost that line only,
        // not swallow the lines after it into one record or end the read with an exception (the logs have no quoted
        // line breaks).
        try (BufferedReader in = TextInputs.open(logCsv)) {
            String headerLine = in.readLine();
            if (headerLine == null) return new ReadResult<>(rows, problems);
            String[] header;
            try {
                header = line(CSVFormat.DEFAULT, headerLine).values();
            } catch (IllegalArgumentException e) {
                throw new MalformedDataException(source, 1, "the header line " + e.getMessage());
            }
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(header).setAllowMissingColumnNames(true).get();
            List<String> userColumns = Arrays.stream(header).filter(h -> h.startsWith(USER_FEATURE_PREFIX)).toList();
            List<String> affinityColumns = Arrays.stream(header).filter(h -> h.startsWith(AFFINITY_PREFIX)).toList();
            long line = 1;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (text.isEmpty()) continue; // as the CSV parser did: empty lines are no records
                try {
                    rows.add(row(line(format, text), userColumns, affinityColumns, line));
                } catch (RuntimeException e) {
                    problems.add(new BadRecord(source, line, describe(e), text));
                }
            }
        }
        return new ReadResult<>(rows, problems);
    }

    /**
     * One line as one CSV record; IllegalArgumentException with the parser's reason (never its exception type) when
     * the line is not one record, e.g. a quote left open.
     */
    static CSVRecord line(CSVFormat format, String text) {
        List<CSVRecord> records;
        try (CSVParser p = format.parse(new StringReader(text))) {
            records = p.getRecords();
        } catch (IOException e) {
            throw new IllegalArgumentException("is not a CSV line: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("is not a CSV line: " + e.getCause().getMessage());
        }
        if (records.size() != 1) throw new IllegalArgumentException("is not one CSV record but " + records.size());
        return records.get(0);
    }

    static ObdRow row(CSVRecord r, List<String> userColumns, List<String> affinityColumns, long line) {
        if (!r.isConsistent()) {
            throw new IllegalArgumentException("has " + r.size() + " columns, not as many as the header");
        }
        List<String> user = new ArrayList<>(userColumns.size());
        for (String c : userColumns) user.add(r.get(c));
        List<Double> affinity = new ArrayList<>(affinityColumns.size());
        for (String c : affinityColumns) affinity.add(number(r, c));
        return new ObdRow(integer(r.get(0), "index"), timestamp(r.get("timestamp")),
                (int) integer(r.get("item_id"), "item_id"), (int) integer(r.get("position"), "position"),
                (int) integer(r.get("click"), "click"), number(r, "propensity_score"), user, affinity, line);
    }

    /** The items in file order, each with namespace {@value #ITEM_NS}. */
    public static List<Candidate> readItems(Path itemContextCsv) throws IOException {
        List<CSVRecord> records;
        List<String> header;
        try (BufferedReader in = TextInputs.open(itemContextCsv); CSVParser csv = FORMAT.parse(in)) {
            header = csv.getHeaderNames();
            records = csv.getRecords();
        }
        List<String> featureColumns = header.stream().filter(h -> h.startsWith("item_feature_")).toList();
        // A column is numeric when every item's value is a number; a hashed column is a category even if one
        // hash happens to look like a number.
        Map<String, Boolean> numeric = new HashMap<>();
        for (String c : featureColumns) numeric.put(c, records.stream().allMatch(r -> isNumber(r.get(c))));
        List<Candidate> items = new ArrayList<>(records.size());
        for (CSVRecord r : records) {
            Map<String, Double> features = new LinkedHashMap<>();
            for (String c : featureColumns) {
                if (numeric.get(c)) features.put(c, Double.parseDouble(r.get(c)));
                else features.put(c + "=" + r.get(c), 1.0);
            }
            items.add(new Candidate(r.get("item_id"), Map.of(ITEM_NS, features)));
        }
        return items;
    }

    static ReadResult<LoggedEvent> events(ObdLog log) {
        Map<String, Integer> indexOf = indexOf(log.items());
        String source = log.policy() + "/" + log.campaign() + ".csv";
        List<LoggedEvent> events = new ArrayList<>(log.rows().size());
        List<BadRecord> problems = new ArrayList<>(log.problems());
        for (ObdRow row : log.rows()) {
            try {
                events.add(toEvent(log, row, indexOf));
            } catch (InvalidEventException e) {
                problems.add(new BadRecord(source, row.lineNumber(), e.getMessage(), row.toString()));
            }
        }
        return new ReadResult<>(events, problems);
    }

    static LoggedEvent toEvent(ObdLog log, ObdRow row, Map<String, Integer> indexOf)
            throws InvalidEventException {
        Integer chosen = indexOf.get(Integer.toString(row.itemId()));
        if (chosen == null) {
            throw new InvalidEventException("item_id " + row.itemId() + " is not in " + ITEM_CONTEXT_FILE);
        }
        if (row.position() < 1) throw new InvalidEventException("position must be >= 1, was " + row.position());
        String eventId = log.campaign() + "/" + log.policy() + "/" + row.index();
        Decision decision = Decision.builder().eventId(eventId).timestamp(row.timestamp()).policy(log.policy())
                .context(context(row)).candidates(log.items()).chosen(List.of(chosen))
                .probabilities(List.of(row.propensity())).build();
        Reward reward = new Reward(eventId, row.timestamp(), (double) row.click(), row.position() - 1, "click", null);
        EventValidator.validate(decision);
        EventValidator.validate(reward);
        return new LoggedEvent(decision, List.of(reward), row.lineNumber());
    }

    static Map<String, Integer> indexOf(List<Candidate> items) {
        Map<String, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < items.size(); i++) indexOf.put(items.get(i).id(), i);
        return indexOf;
    }

    private static Map<String, Map<String, Double>> context(ObdRow row) {
        Map<String, Map<String, Double>> context = new LinkedHashMap<>();
        Map<String, Double> user = new LinkedHashMap<>();
        for (int k = 0; k < row.userFeatures().size(); k++) {
            user.put(USER_FEATURE_PREFIX + k + "=" + row.userFeatures().get(k), 1.0);
        }
        context.put(USER_NS, user);
        Map<String, Double> affinity = new LinkedHashMap<>();
        for (int j = 0; j < row.affinity().size(); j++) {
            // Almost all affinities are 0 (no past clicks); sparse features only carry the informative ones.
            if (row.affinity().get(j) != 0.0) affinity.put(AFFINITY_PREFIX + j, row.affinity().get(j));
        }
        if (!affinity.isEmpty()) context.put(AFFINITY_NS, affinity);
        context.put(SLOT_NS, Map.of("position", (double) row.position()));
        return context;
    }

    private static double number(CSVRecord r, String column) {
        try {
            return Double.parseDouble(r.get(column));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column '" + column + "': '" + r.get(column) + "' is not a number");
        }
    }

    private static long integer(String text, String column) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column '" + column + "': '" + text + "' is not an integer");
        }
    }

    private static Instant timestamp(String text) {
        try {
            return OffsetDateTime.parse(text, TIMESTAMP).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("column 'timestamp': '" + text + "' is not a date-time with offset");
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String describe(RuntimeException e) {
        return e instanceof IllegalArgumentException && e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
