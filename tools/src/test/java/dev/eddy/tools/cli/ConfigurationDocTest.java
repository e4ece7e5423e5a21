package dev.eddy.tools.cli;

import dev.eddy.events.config.ConfigKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/configuration.md in agreement with the keys every Eddy process reads ({@link AllKeys}: the jobs' and
 * serving's): each key is in one of its tables with its default, and the tables list no key that does not exist.
 */
class ConfigurationDocTest {

    /** A row of a key table: {@code | `key` | default | meaning | example |}; other tables start without a key. */
    private static final Pattern KEY_ROW = Pattern.compile("^\\| `([a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)+(?:\\.\\*)?)` \\|([^|]*)\\|",
            Pattern.MULTILINE);

    @Test
    void everyKeyIsDocumentedWithItsDefault() throws IOException {
        Map<String, String> documented = documentedDefaults();
        List<String> problems = new ArrayList<>();
        for (ConfigKey<?> k : AllKeys.all()) {
            String cell = documented.get(k.name());
            if (cell == null) problems.add(k.name() + " is not documented (default " + documentedForm(k) + ")");
            else if (!cell.equals(documentedForm(k))) {
                problems.add(k.name() + " is documented with default " + cell + ", but is " + documentedForm(k));
            }
        }
        assertThat(problems).as("docs/configuration.md against the keys").isEmpty();
    }

    @Test
    void theDocListsNoKeyThatDoesNotExist() throws IOException {
        List<String> known = AllKeys.all().stream().map(ConfigKey::name).toList();
        assertThat(documentedDefaults().keySet()).as("keys in docs/configuration.md").isSubsetOf(known);
    }

    @Test
    void noKeyIsDocumentedTwice() throws IOException {
        List<String> rows = new ArrayList<>();
        Matcher m = KEY_ROW.matcher(doc());
        while (m.find()) rows.add(m.group(1));
        assertThat(rows).doesNotHaveDuplicates();
    }

    /** How the doc writes a key's default: in backticks, "empty" for the empty string, "— (required)" for none. */
    static String documentedForm(ConfigKey<?> k) {
        if (k.defaultValue() == null) return "— (required)";
        if (k.defaultValue().isEmpty()) return "empty";
        return "`" + k.defaultValue() + "`";
    }

    /** Key to its default cell, in the order of the doc. */
    private static Map<String, String> documentedDefaults() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = KEY_ROW.matcher(doc());
        while (m.find()) out.put(m.group(1), m.group(2).trim());
        assertThat(out).as("key rows found in docs/configuration.md").isNotEmpty();
        return out;
    }

    private static String doc() throws IOException {
        // Surefire runs in the module directory, an IDE often in the repository root: look upwards for docs/.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/configuration.md");
            if (Files.isRegularFile(doc)) return Files.readString(doc, StandardCharsets.UTF_8);
        }
        throw new AssertionError("docs/configuration.md not found above " + Path.of("").toAbsolutePath());
    }
}
