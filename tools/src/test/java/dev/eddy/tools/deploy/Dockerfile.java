package dev.eddy.tools.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile as its instructions, split into build stages: enough to check what the deployment rules ask
 * (multi-stage, a non-root user in the final stage, no secret in ENV or ARG) and what the image copies where.
 */
record Dockerfile(List<Stage> stages) {

    record Instruction(String keyword, String arguments) {}

    record Stage(String base, String name, List<Instruction> instructions) {
        /** The last USER of the stage, or null when it has none (the base image's user: root for JDK/JRE images). */
        String user() {
            String user = null;
            for (Instruction i : instructions) if (i.keyword().equals("USER")) user = i.arguments().trim();
            return user;
        }
    }

    /** A COPY: where from (null: the build context), the sources and the destination. */
    record Copy(String fromStage, List<String> sources, String destination) {}

    private static final Pattern FROM = Pattern.compile("(?i)^(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?$");
    /** ENV and ARG names that must never carry a value in an image. */
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|API_?KEY|ACCESS_KEY|PRIVATE).*");

    static Dockerfile parse(String text) {
        List<Instruction> all = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) continue;
            if (!current.isEmpty() && line.startsWith("#")) continue;
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                String instruction = current.toString().strip();
                current.setLength(0);
                int space = instruction.indexOf(' ');
                all.add(new Instruction(instruction.substring(0, space < 0 ? instruction.length() : space).toUpperCase(Locale.ROOT),
                        space < 0 ? "" : instruction.substring(space + 1).strip()));
            }
        }
        List<Stage> stages = new ArrayList<>();
        List<Instruction> body = null;
        for (Instruction i : all) {
            if (i.keyword().equals("FROM")) {
                Matcher m = FROM.matcher(i.arguments());
                if (!m.matches()) throw new IllegalArgumentException("cannot read FROM " + i.arguments());
                body = new ArrayList<>();
                stages.add(new Stage(m.group(1), m.group(2), body));
            } else if (body != null) {
                body.add(i);
            }
            // ARG before the first FROM: a global build argument (envAndArgNames checks those too).
        }
        return new Dockerfile(stages);
    }

    Stage last() {
        return stages.get(stages.size() - 1);
    }

    /** ENV and ARG names anywhere in the file (KEY=VALUE, KEY VALUE, or a bare ARG KEY). */
    static List<String> envAndArgNames(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?im)^\\s*(ENV|ARG)\\s+(.+)$").matcher(text);
        while (m.find()) {
            String args = m.group(2).strip();
            if (m.group(1).equalsIgnoreCase("ENV") && !args.contains("=")) {
                names.add(args.split("\\s+")[0]);
            } else {
                for (String part : args.split("\\s+")) if (!part.isEmpty()) names.add(part.split("=", 2)[0]);
            }
        }
        return names;
    }

    static List<Copy> copies(Stage stage) {
        List<Copy> out = new ArrayList<>();
        for (Instruction i : stage.instructions()) {
            if (!i.keyword().equals("COPY")) continue;
            String from = null;
            List<String> parts = new ArrayList<>();
            for (String p : i.arguments().split("\\s+")) {
                if (p.startsWith("--from=")) from = p.substring("--from=".length());
                else if (!p.startsWith("--")) parts.add(p);
            }
            out.add(new Copy(from, List.copyOf(parts.subList(0, parts.size() - 1)), parts.get(parts.size() - 1)));
        }
        return out;
    }
}
