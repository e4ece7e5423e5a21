package dev.eddy.tools.kafka;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Kafka client in the main code of every module is made by KafkaClientProperties (producers, consumers,
 * admin clients) or by KafkaIO (Flink's Kafka sources and sinks, from KafkaClientProperties' properties), so that
 * none can miss the configured kafka.client.* (security) properties. A new direct construction fails this test.
 */
class KafkaClientConstructionTest {

    private static final Pattern CONSTRUCTION = Pattern.compile(
            "new\\s+KafkaProducer\\s*<|new\\s+KafkaConsumer\\s*<|\\b(?:Admin|AdminClient)\\s*\\.\\s*create\\s*\\("
                    + "|\\bKafkaSource\\s*\\.\\s*(?:<[^>]*>\\s*)?builder\\s*\\(|\\bKafkaSink\\s*\\.\\s*(?:<[^>]*>\\s*)?builder\\s*\\(");

    /** The only files that may construct clients, and how many constructions each holds. */
    private static final Map<String, Integer> ALLOWED = Map.of(
            "events/src/main/java/dev/eddy/events/kafka/KafkaClientProperties.java", 3,
            "stream-jobs/src/main/java/dev/eddy/jobs/runtime/KafkaIO.java", 3,
            // The broker's own set-up (its ACLs), before any Eddy configuration exists.
            "kafka-embedded/src/main/java/dev/eddy/kafka/embedded/EmbeddedKafka.java", 1);

    @Test
    void noMainCodeBuildsAKafkaClientOutsideTheFactory() throws IOException {
        Path root = repositoryRoot();
        List<String> found = new ArrayList<>();
        int allowedSeen = 0;
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        String rel = root.relativize(f).toString().replace('\\', '/');
                        int n = count(Files.readString(f, StandardCharsets.UTF_8));
                        if (n == 0) continue;
                        Integer allowed = ALLOWED.get(rel);
                        if (allowed == null) found.add(rel + " (" + n + ")");
                        else {
                            assertThat(n).as("client constructions in %s", rel).isEqualTo(allowed);
                            allowedSeen++;
                        }
                    }
                }
            }
        }
        assertThat(found).as("Kafka clients built outside KafkaClientProperties / KafkaIO: use them instead").isEmpty();
        assertThat(allowedSeen).as("the factories themselves were found (the scan looked in the right place)")
                .isEqualTo(ALLOWED.size());
    }

    @Test
    void everyFlinkConnectorTakesTheFactorysProperties() throws IOException {
        String io = Files.readString(repositoryRoot().resolve(
                "stream-jobs/src/main/java/dev/eddy/jobs/runtime/KafkaIO.java"), StandardCharsets.UTF_8);
        // Each builder chain, up to its build(), starts from KafkaClientProperties' properties.
        Matcher chain = Pattern.compile("Kafka(Source|Sink)\\.<[^>]*>builder\\(\\)(.*?)\\.build\\(\\)", Pattern.DOTALL)
                .matcher(io);
        int chains = 0;
        while (chain.find()) {
            chains++;
            String body = chain.group(2);
            if (chain.group(1).equals("Source")) {
                assertThat(body).as("a KafkaSource of KafkaIO").contains(".setProperties(").doesNotContain("setBootstrapServers");
            } else {
                assertThat(body).as("a KafkaSink of KafkaIO").contains(".setKafkaProducerConfig(producer)")
                        .doesNotContain("setBootstrapServers");
                assertThat(io).contains("Properties producer = KafkaClientProperties.from(c).properties(");
            }
        }
        assertThat(chains).isEqualTo(3);
        assertThat(io.split("\\.setProperties\\(KafkaClientProperties\\.from\\(c\\)\\.properties\\(|\\.setProperties\\(kafka\\.properties\\(", -1))
                .as("sources whose properties come from KafkaClientProperties").hasSize(3);
    }

    private static int count(String source) {
        Matcher m = CONSTRUCTION.matcher(source);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("events/src/main/java")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new AssertionError("repository root not found above " + Path.of("").toAbsolutePath());
    }
}
