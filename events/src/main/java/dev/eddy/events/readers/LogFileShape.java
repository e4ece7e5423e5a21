package dev.eddy.events.readers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.events.json.EventJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What a log file looks like, from its first line, in words: for the error a reader gives when a file held no
 * decision it could read, so that a user learns that the file is, say, Vowpal Wabbit's plain JSON examples rather
 * than DSJson instead of getting empty (NaN) estimates.
 *
 * @param description a phrase that completes "this is …"
 * @param format      the {@code --format} that reads such files (eddy, dsjson, obd), or null when none does
 */
public record LogFileShape(String description, String format) {

    /** Reads the first non-blank line of {@code file} (gzipped or not) and says what it is. */
    public static LogFileShape of(Path file) throws IOException {
        String first = null;
        try (BufferedReader in = TextInputs.open(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    first = line.strip();
                    break;
                }
            }
        }
        if (first == null) return new LogFileShape("an empty file", null);
        return ofLine(first);
    }

    /** What one (first, non-blank) line says about its file. */
    public static LogFileShape ofLine(String line) {
        if (line.startsWith("{")) return ofJson(line);
        if (line.contains("propensity_score") && line.contains("item_id")) {
            return new LogFileShape("an Open Bandit Dataset CSV log (header with item_id, position, click, "
                    + "propensity_score)", "obd");
        }
        if (line.contains("|")) {
            return new LogFileShape("Vowpal Wabbit's text format ('label | namespace features'), not DSJson: "
                    + "examples to learn from, without logged decisions", null);
        }
        return new LogFileShape("text whose first line starts '" + abbreviate(line) + "', none of the log formats",
                null);
    }

    private static LogFileShape ofJson(String line) {
        JsonNode root;
        try {
            root = EventJson.mapper().readTree(line);
        } catch (IOException | RuntimeException e) {
            return new LogFileShape("a file whose first line starts with '{' but is not one JSON object", null);
        }
        if (!root.isObject()) return new LogFileShape("JSON that is not one object per line", null);
        if (root.has("decision")) return new LogFileShape("Eddy joined examples (JSON lines)", "eddy");
        if (root.has("_label_ca") || root.has("_pdf")) {
            return new LogFileShape("a Vowpal Wabbit continuous-action DSJson log ('_label_ca': an action from a "
                    + "continuous range with its density 'pdf_value'); replay evaluates choices among discrete "
                    + "candidates with their probabilities, so such a log has no decision it can replay", null);
        }
        if (root.has("_outcomes")) {
            return new LogFileShape("a Vowpal Wabbit conditional-contextual-bandit (slates) DSJson log", "dsjson");
        }
        JsonNode c = root.get("c");
        if (c != null && c.isObject()) {
            if (root.has("a") || root.has("p") || root.has("_label_cost") || root.has("_labelIndex")) {
                return new LogFileShape("a Vowpal Wabbit contextual-bandit DSJson log", "dsjson");
            }
            return new LogFileShape("DSJson-like lines with a context 'c' but no logged decision (no 'a', 'p', "
                    + "'_label_cost' or '_labelIndex')", null);
        }
        if (root.has("RewardValue") || (root.has("EventId") && root.has("v") && root.size() <= 4)) {
            return new LogFileShape("Vowpal Wabbit outcome (reward) events without their decisions", null);
        }
        if (root.has("_label") || root.has("_text") || root.has("_multi") || hasNamespaceObject(root)) {
            return new LogFileShape("Vowpal Wabbit's plain JSON example format (the --json input: '_label' and "
                    + "namespaces at the top level, no context 'c'), not DSJson: examples to learn from, without "
                    + "logged decisions or their probabilities", null);
        }
        return new LogFileShape("JSON lines with the fields " + fieldNames(root) + ", none of which is a logged "
                + "decision", null);
    }

    private static boolean hasNamespaceObject(JsonNode root) {
        for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
            if (it.next().isObject()) return true;
        }
        return false;
    }

    private static String fieldNames(JsonNode root) {
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(n -> {
            if (names.size() < 8) names.add(n);
        });
        return names.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
