package dev.eddy.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.events.testing.TestKafkaExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's by-hand sequences, run as written (the broker's address and serving's port substituted): "Try the
 * pieces by hand" must get an example out of the join and a dead letter for the bad decision, and "Serving by hand"
 * must answer each request as its comment promises. Long-running commands (join, serve) run on threads of their
 * own and are stopped by interrupting them.
 */
class ReadmeByHandIT {
    private static final Path README = Path.of("..", "README.md");
    private static final String DOC_BROKER = "127.0.0.1:40519";
    private static final String DOC_SERVING = "127.0.0.1:8080";
    private static final Duration EXAMPLE_WITHIN = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.embedded();

    private final List<Thread> background = new ArrayList<>();

    @AfterEach
    void stopBackground() throws InterruptedException {
        for (Thread t : background) t.interrupt();
        for (Thread t : background) t.join(60_000);
    }

    @Test
    void thePiecesByHandGetAnExampleOut(@TempDir Path dir) throws Exception {
        String broker = KAFKA.get().bootstrapServers();
        List<String> lines = codeBlockAfter("Try the pieces by hand");
        List<String> checked = new ArrayList<>();
        for (String line : lines) {
            String command = withoutComment(line).replace(DOC_BROKER, broker);
            String promise = comment(line);
            List<String> args = fromRepoRoot(DocsCommandLinesTest.words(command.substring(command.indexOf("./eddy"))));
            if (args.get(0).equals("kafka")) continue; // the test's own broker stands in
            if (args.get(0).equals("join")) {
                List<String> withCheckpoints = new ArrayList<>(args);
                withCheckpoints.addAll(List.of("--set", "checkpoint.dir=" + dir.resolve("checkpoints").toUri()));
                runInBackground(withCheckpoints);
                // A person types the next line once the job says it runs; by then it has created its topics.
                awaitTopics(broker, "eddy.decisions", "eddy.rewards", "eddy.examples", "eddy.dead-letters");
                continue;
            }
            String stdin = command.startsWith("echo ") ? echoed(command) : null;
            if (args.get(0).equals("consume")) {
                String wanted = promisedFragment(promise);
                CliRun r = awaitOutput(args, wanted);
                assertThat(r.out()).as(line).contains(wanted);
                checked.add(args.get(args.size() - 1));
                continue;
            }
            CliRun r = CliRun.withInput(stdin, args.toArray(String[]::new));
            assertThat(r.code()).as(line + "\n" + r.err()).isZero();
        }
        assertThat(checked).containsExactly("dead-letters", "examples");
    }

    @Test
    void servingByHandAnswersAsTheCommentsSay(@TempDir Path dir) throws Exception {
        String broker = KAFKA.get().bootstrapServers();
        CliRun.withInput(null, "topics", "-b", broker);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String serving = "127.0.0.1:" + port;
        String eventId = null;
        List<String> answered = new ArrayList<>();
        for (String line : codeBlockAfter("Serving by hand")) {
            if (line.startsWith("#")) continue; // a promise of the line before it, checked there
            String command = withoutComment(line).replace(DOC_BROKER, broker).replace(DOC_SERVING, serving);
            if (command.startsWith("./eddy serve")) {
                List<String> args = new ArrayList<>(DocsCommandLinesTest.words(command));
                args.addAll(List.of("--set", "serving.port=" + port));
                runInBackground(args);
                awaitHealthy(serving);
                continue;
            }
            if (command.startsWith("./eddy ")) {
                CliRun r = CliRun.withInput(null, DocsCommandLinesTest.words(command).toArray(String[]::new));
                assertThat(r.code()).as(line + "\n" + r.err()).isZero();
                continue;
            }
            assertThat(command).startsWith("curl ");
            String promise = comment(line) != null ? comment(line) : nextComment(line);
            if (eventId != null) command = command.replace("EVENT_ID_FROM_THE_RANK_ANSWER", eventId);
            HttpResponse<String> r = curl(command);
            if (command.contains("| grep ")) {
                assertThat(r.body()).as(line).contains(command.substring(command.indexOf("| grep ") + 7).strip());
            } else {
                checkPromise(line, promise == null ? null : promise.replace("EVENT_ID_FROM_THE_RANK_ANSWER",
                        eventId == null ? "" : eventId), r);
            }
            if (command.contains("/v1/rank") && r.statusCode() == 200) eventId = JSON.readTree(r.body()).get("eventId").asText();
            answered.add(command.replaceFirst("^curl -s (-XPOST )?", "").replaceFirst(" .*", ""));
        }
        assertThat(answered).contains(serving + "/v1/rank", serving + "/v1/reward", serving + "/v1/events",
                serving + "/metrics");
    }

    // --- reading the README ---

    private List<String> codeBlockAfter(String heading) throws Exception {
        List<String> text = Files.readAllLines(README);
        int i = 0;
        while (!text.get(i).startsWith(heading)) i++;
        while (!text.get(i).startsWith("```")) i++;
        List<String> lines = new ArrayList<>();
        for (i++; !text.get(i).startsWith("```"); i++) {
            String line = text.get(i).strip();
            // Shell continuations: the next line belongs to this one.
            while (line.endsWith("\\")) line = line.substring(0, line.length() - 1) + " " + text.get(++i).strip();
            lines.add(line);
        }
        this.block = lines;
        return lines;
    }

    private List<String> block = List.of();

    private String nextComment(String line) {
        int at = block.indexOf(line);
        return at + 1 < block.size() && block.get(at + 1).startsWith("#") ? block.get(at + 1).substring(1).strip() : null;
    }

    private static String withoutComment(String line) {
        // A '#' inside quotes (JSON) is not a comment; the README's comments follow two spaces or more.
        Matcher m = Pattern.compile("\\s{2,}#").matcher(line);
        return m.find() ? line.substring(0, m.start()).strip() : line.strip();
    }

    private static String comment(String line) {
        Matcher m = Pattern.compile("\\s{2,}#(.*)$").matcher(line);
        return m.find() ? m.group(1).strip() : null;
    }

    /** What a comment promises a consumed record holds: the JSON up to the first "...". */
    private static String promisedFragment(String promise) {
        String json = promise.substring(promise.indexOf('{') + 1);
        int cut = json.indexOf("...");
        json = cut < 0 ? json : json.substring(0, cut);
        return json.replaceAll("[,\\s]+$", "");
    }

    private static String echoed(String command) {
        Matcher m = Pattern.compile("^echo '([^']*)'").matcher(command);
        assertThat(m.find()).as(command).isTrue();
        return m.group(1) + "\n";
    }

    // --- running ---

    /** The README's paths are relative to the repository's root; the test runs in tools/. */
    private static List<String> fromRepoRoot(List<String> args) {
        return args.stream().map(a -> !a.startsWith("-") && a.contains("/") && !Files.exists(Path.of(a))
                && Files.exists(Path.of("..", a)) ? "../" + a : a).toList();
    }

    private void runInBackground(List<String> args) {
        Thread t = new Thread(() -> EddyCli.commandLine().execute(args.toArray(String[]::new)), "readme-" + args.get(0));
        t.setDaemon(true);
        t.start();
        background.add(t);
    }

    private static CliRun awaitOutput(List<String> args, String wanted) throws InterruptedException {
        long end = System.nanoTime() + EXAMPLE_WITHIN.toNanos();
        CliRun r;
        do {
            r = CliRun.withInput(null, args.toArray(String[]::new));
            if (r.out().contains(wanted)) return r;
            Thread.sleep(1000);
        } while (System.nanoTime() < end);
        return r;
    }

    private static void awaitTopics(String broker, String... topics) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                dev.eddy.serving.cli.BrokerCheck.require(dev.eddy.events.kafka.KafkaClientProperties.plaintext(broker), topics);
                return;
            } catch (dev.eddy.serving.cli.CliFailure notYet) {
                if (System.nanoTime() > end) throw notYet;
                Thread.sleep(500);
            }
        }
    }

    private static void awaitHealthy(String serving) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://" + serving + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) return;
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("serving did not become ready at " + serving);
    }

    /** {@code curl -s [-XPOST] HOST:PORT/PATH [-d 'BODY'] [| grep ...]} as an HTTP request. */
    private static HttpResponse<String> curl(String command) throws Exception {
        Matcher m = Pattern.compile("^curl -s (-XPOST )?(\\S+)(?: -d '([^']*)')?").matcher(command);
        assertThat(m.find()).as(command).isTrue();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + m.group(2)));
        if (m.group(1) != null) b.POST(HttpRequest.BodyPublishers.ofString(m.group(3) == null ? "" : m.group(3)));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A promise like {@code {"policy":"neucb","modelVersion":1,...} (400)}: the status (200 unless named), and each
     * string or integer field that is not elided with "..." has that value in the answer.
     */
    private static void checkPromise(String line, String promise, HttpResponse<String> r) throws Exception {
        Matcher status = Pattern.compile("\\((\\d{3})\\)\\s*$").matcher(promise == null ? "" : promise);
        int wanted = status.find() ? Integer.parseInt(status.group(1)) : 200;
        assertThat(r.statusCode()).as(line + "\n" + r.body()).isEqualTo(wanted);
        if (promise == null) return;
        JsonNode answer = JSON.readTree(r.body());
        Matcher field = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|-?\\d+(?=[,}])|true|false)").matcher(promise);
        int fields = 0;
        while (field.find()) {
            String value = field.group(2);
            if (value.contains("...") || value.equals("\"\"")) continue;
            JsonNode got = answer.findValue(field.group(1));
            assertThat(got).as(line + ": field " + field.group(1) + " in " + r.body()).isNotNull();
            assertThat(got.toString()).as(line + ": field " + field.group(1)).isEqualTo(value);
            fields++;
        }
        assertThat(fields).as("fields checked for " + line).isPositive();
    }
}
