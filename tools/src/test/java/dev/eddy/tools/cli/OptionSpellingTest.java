package dev.eddy.tools.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One spelling for each option across every command (including `eddy serve` and the bench commands): the broker is
 * {@code -b/--bootstrap} everywhere, a short name means the same long option in every command, a long option always
 * has the same short names, and names are lower-case kebab-case. A command added or changed later is checked as it
 * is registered; a failure names the command, the option and the rule it breaks.
 */
class OptionSpellingTest {
    private static final List<String> BOOTSTRAP = List.of("-b", "--bootstrap");
    /** Other spellings of the broker's address that some tools use; Eddy's commands must not. */
    private static final Set<String> OTHER_BROKER_SPELLINGS = Set.of("--bootstrap-servers", "--bootstrap-server",
            "--broker", "--brokers", "--kafka", "--bootstrap.servers");

    @Test
    void everyCommandSpellsEachOptionTheSameWay() {
        assertThat(problems(EddyCli.commandLine())).as("options that break a spelling rule").isEmpty();
    }

    @Test
    void theRulesCatchWhatTheIssueFound() {
        CommandLine bad = new CommandLine(CommandSpec.create().name("eddy")
                .addSubcommand("replay", new CommandLine(CommandSpec.create().name("replay")
                        .addOption(OptionSpec.builder("-b", "--bootstrap-servers").type(String.class).build())
                        .addOption(OptionSpec.builder("--bootstrap").type(int.class).build())))
                .addSubcommand("consume", new CommandLine(CommandSpec.create().name("consume")
                        .addOption(OptionSpec.builder("-b", "--bootstrap").type(String.class).build())
                        .addOption(OptionSpec.builder("--hashingBits").type(int.class).build()))));
        assertThat(String.join("\n", problems(bad)))
                .contains("eddy replay: option -b/--bootstrap-servers breaks 'the broker is -b/--bootstrap in every command'")
                .contains("eddy replay: option --bootstrap breaks 'the broker is -b/--bootstrap in every command'")
                .contains("eddy consume: option --hashingBits breaks 'option names are lower-case kebab-case'");
    }

    static List<String> problems(CommandLine root) {
        List<String> problems = new ArrayList<>();
        Map<String, String> longOfShort = new HashMap<>();
        Map<String, String> shortsOfLong = new HashMap<>();
        Map<String, String> firstSeen = new HashMap<>();
        for (CommandLine cl : all(root)) {
            CommandSpec spec = cl.getCommandSpec();
            String command = spec.qualifiedName();
            for (OptionSpec o : spec.options()) {
                List<String> names = Arrays.asList(o.names());
                String shown = String.join("/", names);
                String where = command + ": option " + shown + " breaks ";
                boolean broker = names.stream().anyMatch(n -> n.equals("-b") || n.equals("--bootstrap")
                        || OTHER_BROKER_SPELLINGS.contains(n));
                if (broker && !new TreeSet<>(names).equals(new TreeSet<>(BOOTSTRAP))) {
                    problems.add(where + "'the broker is -b/--bootstrap in every command'");
                }
                for (String n : names) {
                    if (!n.matches("-[A-Za-z?]|--[a-z0-9]+(-[a-z0-9]+)*")) {
                        problems.add(where + "'option names are lower-case kebab-case'");
                    }
                }
                String longName = o.longestName();
                String shorts = String.join("/", names.stream().filter(n -> !n.startsWith("--")).sorted().toList());
                for (String n : names) {
                    if (n.startsWith("--")) continue;
                    String before = longOfShort.putIfAbsent(n, longName);
                    if (before != null && !before.equals(longName)) {
                        problems.add(where + "'" + n + " means " + before + " in " + firstSeen.get(n) + "; a short "
                                + "name means the same option in every command'");
                    }
                    firstSeen.putIfAbsent(n, command);
                }
                if (longName.startsWith("--")) {
                    String before = shortsOfLong.putIfAbsent(longName, shorts);
                    if (before != null && !before.equals(shorts)) {
                        problems.add(where + "'" + longName + " has short names [" + before + "] in "
                                + firstSeen.get(longName) + "; an option has the same short names in every command'");
                    }
                    firstSeen.putIfAbsent(longName, command);
                }
            }
        }
        return problems;
    }

    private static List<CommandLine> all(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>(List.of(cl));
        for (CommandLine sub : cl.getSubcommands().values()) out.addAll(all(sub));
        return out;
    }
}
