package dev.eddy.tools.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ./eddy ...} command line in README.md, docs/ and the module READMEs, and every {@code eddy ...} in the
 * README's command table, against the real command line: an unknown command or option fails the build. Runnable
 * lines (in code blocks) must also parse in full: values of the right type, required options present.
 */
class DocsCommandLinesTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern INLINE = Pattern.compile("`(\\./eddy [^`]+|eddy [a-z][a-z-]*(?: [^`]*)?)`");

    /** One command line found in a document: where, the text, and whether it is meant to be run as written. */
    record Found(String where, String text, boolean runnable) {}

    @Test
    void everyDocumentedCommandLineNamesRealCommandsAndOptions() throws IOException {
        List<Found> lines = commandLines();
        assertThat(lines).as("command lines found").hasSizeGreaterThan(40);
        List<String> problems = new ArrayList<>();
        for (Found f : lines) {
            List<String> args = words(f.text());
            String problem = unknownName(args);
            if (problem == null && f.runnable()) problem = parseProblem(args);
            if (problem != null) problems.add(f.where() + ": `" + f.text() + "`: " + problem);
        }
        assertThat(problems).as("documented command lines that the command line refuses").isEmpty();
    }

    @Test
    void theCheckCatchesWhatTheIssueFound() {
        assertThat(unknownName(words("./eddy join --local"))).contains("--local");
        assertThat(unknownName(words("./eddy topics --create --bootstrap HOST:PORT"))).contains("--create");
        assertThat(unknownName(words("./eddy replay --from x -b H:1 --bootstrap-servers H:1"))).contains("--bootstrap-servers");
        assertThat(unknownName(words("./eddy frobnicate"))).contains("frobnicate");
        assertThat(parseProblem(words("./eddy rollback -b H:1 --model m --to-version five"))).contains("five");
        assertThat(unknownName(words("./eddy consume -b 127.0.0.1:40519 examples"))).isNull();
    }

    static List<Found> commandLines() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> d = Files.list(ROOT.resolve("docs"))) {
            d.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        try (Stream<Path> modules = Files.list(ROOT)) {
            modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(docs::add);
        }
        List<Found> found = new ArrayList<>();
        for (Path doc : docs) {
            List<String> text = Files.readAllLines(doc);
            boolean inCode = false;
            for (int i = 0; i < text.size(); i++) {
                String line = text.get(i);
                String where = ROOT.relativize(doc) + ":" + (i + 1);
                if (line.strip().startsWith("```")) {
                    inCode = !inCode;
                    continue;
                }
                boolean indentedCode = line.startsWith("    ") && line.strip().startsWith("./eddy ");
                if ((inCode || indentedCode) && line.strip().startsWith("./eddy ")) {
                    StringBuilder command = new StringBuilder(withoutComment(line.strip()));
                    // A shell continuation joins the next line.
                    while (command.toString().endsWith("\\") && i + 1 < text.size()) {
                        command.setLength(command.length() - 1);
                        command.append(' ').append(withoutComment(text.get(++i).strip()));
                    }
                    found.add(new Found(where, command.toString().strip(), true));
                } else if (inCode && line.contains("| ./eddy ")) {
                    found.add(new Found(where, withoutComment(line.substring(line.indexOf("./eddy "))).strip(), true));
                } else if (!inCode) {
                    Matcher m = INLINE.matcher(line);
                    while (m.find()) found.add(new Found(where, m.group(1), false));
                }
            }
        }
        return found;
    }

    private static String withoutComment(String line) {
        int hash = line.indexOf(" #");
        return hash < 0 ? line : line.substring(0, hash);
    }

    /** Shell-like words: quotes group, brackets of optional parts and a leading ./ go. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(text.replace("[", " ").replace("]", " "));
        while (m.find()) {
            String w = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (w.equals("|")) break; // a pipe ends the command
            words.add(w);
        }
        if (!words.isEmpty() && words.get(0).equals("./eddy")) words.set(0, "eddy");
        return words.subList(1, words.size());
    }

    /** The first command or option in {@code args} that the command line does not have, or null. */
    static String unknownName(List<String> args) {
        CommandLine cl = EddyCli.commandLine();
        boolean first = true;
        for (String a : args) {
            CommandSpec spec = cl.getCommandSpec();
            if (a.startsWith("-")) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (spec.findOption(name) == null && !negatedForm(cl, name)) {
                    return "'" + spec.qualifiedName() + "' has no option " + name;
                }
            } else if (cl.getSubcommands().containsKey(a)) {
                cl = cl.getSubcommands().get(a);
            } else if (first || !cl.getSubcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
                return "'" + spec.qualifiedName() + "' has no command " + a;
            }
            first = false;
        }
        return null;
    }

    /** Whether {@code name} is the negative form of a negatable boolean option (--no-x of --x), which picocli accepts. */
    private static boolean negatedForm(CommandLine cl, String name) {
        return cl.getCommandSpec().options().stream().filter(o -> o.negatable()).flatMap(o -> java.util.Arrays.stream(o.names()))
                .anyMatch(n -> name.equals(cl.getNegatableOptionTransformer().makeNegative(n, cl.getCommandSpec())));
    }

    /** What picocli says about {@code args} as a whole, or null when they parse. */
    static String parseProblem(List<String> args) {
        try {
            EddyCli.commandLine().parseArgs(args.toArray(String[]::new));
            return null;
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
    }
}
