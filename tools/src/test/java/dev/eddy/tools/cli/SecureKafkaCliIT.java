package dev.eddy.tools.cli;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.serving.ServeCommand;
import dev.eddy.serving.ServingApp;
import dev.eddy.serving.config.ServingSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * `eddy kafka --secure` and the commands and serving against it: with the config file it prints every client
 * authenticates (and the ACLs hold), without it a command fails at once naming the keys to set.
 */
class SecureKafkaCliIT {
    private static final String DECISION = "../events/src/test/resources/examples/decision-basic.json";

    @TempDir
    static Path dir;

    private static Thread broker;
    private static String bootstrap;
    private static Path admin;
    private static Path serving;

    @BeforeAll
    static void startSecureBroker() {
        StringWriter printed = new StringWriter();
        CommandLine cl = EddyCli.commandLine();
        cl.setOut(new PrintWriter(printed, true));
        broker = new Thread(() -> cl.execute("kafka", "--secure", "--data-dir", dir.resolve("kafka").toString(),
                "--partitions", "1"), "secure-kafka");
        broker.setDaemon(true);
        broker.start();
        await().atMost(Duration.ofSeconds(120)).until(() -> printed.toString().contains("Ctrl-C stops the broker"));
        String out = printed.toString();
        bootstrap = find(out, "bootstrap: (\\S+)");
        admin = Path.of(find(out, "config:\\s+(\\S+eddy-admin\\.properties)"));
        serving = Path.of(find(out, "(\\S+eddy-serving\\.properties)"));
        assertThat(out).contains("--config " + admin);
    }

    @AfterAll
    static void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.interrupt();
            broker.join(60_000);
        }
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in:%n%s", regex, text).isTrue();
        return m.group(1);
    }

    @Test
    void theConfigFileHoldsReferencesToItsSecretsNotTheSecrets() throws Exception {
        String text = Files.readString(admin);
        assertThat(text).contains("kafka.bootstrap-servers=" + bootstrap, "kafka.client.security.protocol=SASL_SSL",
                "kafka.client.sasl.mechanism=SCRAM-SHA-512", "kafka.client.sasl.jaas.config=${file:",
                "kafka.client.ssl.truststore.location=").doesNotContain("password=\"");
        CliRun config = CliRun.eddy("config", "--config", admin.toString());
        assertThat(config.code()).as(config.err()).isZero();
        assertThat(config.out()).contains("kafka.client.sasl.jaas.config", "${file:").doesNotContain("password=\"");
    }

    @Test
    void topicsWorksWithTheConfigFileAndFailsAtOnceWithoutItNamingTheKeys() {
        CliRun ok = CliRun.eddy("topics", "-b", bootstrap, "--config", admin.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("eddy.decisions", "eddy.models");

        long t0 = System.nanoTime();
        CliRun plain = CliRun.eddy("topics", "-b", bootstrap);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(plain.code()).isEqualTo(2);
        assertThat(plain.err().strip()).startsWith("eddy topics: the Kafka broker at " + bootstrap)
                .contains("kafka.client.security.protocol", "kafka.client.ssl.truststore.location",
                        "kafka.client.sasl.jaas.config", "eddy kafka --secure")
                .doesNotContain("within 10 s").doesNotContain("\n");
        assertThat(took).as("fails on the spot, not after a client timeout").isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void wrongCredentialsAreOneLineNamingTheCredentialKeys() throws Exception {
        Path wrong = dir.resolve("wrong.properties");
        Files.writeString(wrong, Files.readString(admin).replaceAll("sasl.jaas.config=.*",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"nope\";"));
        CliRun r = CliRun.eddy("topics", "-b", bootstrap, "--config", wrong.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("eddy topics: Kafka at " + bootstrap + " refused the client's credentials")
                .contains("kafka.client.sasl.jaas.config");
    }

    @Test
    void theServingPrincipalProducesDecisionsButMayNotReadExamples() {
        CliRun produce = CliRun.eddy("produce", "-b", bootstrap, "--config", serving.toString(), "--type", "decision",
                "--file", DECISION, "--set", "kafka.client.metric.reporters=" + RecordingReporter.class.getName());
        assertThat(produce.code()).as(produce.err()).isZero();
        assertThat(RecordingReporter.CLIENTS.values()).as("the produce command's clients")
                .allSatisfy(c -> assertThat(c).containsEntry("security.protocol", "SASL_SSL")).isNotEmpty();

        CliRun read = CliRun.eddy("consume", "-b", bootstrap, "--config", admin.toString(), "eddy.decisions", "--idle", "2s");
        assertThat(read.code()).as(read.err()).isZero();
        assertThat(read.out()).contains("\"eventId\"");

        long t0 = System.nanoTime();
        CliRun refused = CliRun.eddy("consume", "-b", bootstrap, "--config", serving.toString(), "eddy.examples",
                "--idle", "1s");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("eddy.examples").contains("ACL");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void rollbackAndBenchModelsPublishWithTheirConfig() {
        Path jobs = admin.resolveSibling("eddy-jobs.properties");
        CliRun rollback = CliRun.eddy("rollback", "-b", bootstrap, "--config", jobs.toString(), "--model", "recs",
                "--to-version", "1");
        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("sent to eddy.control");
        CliRun models = CliRun.eddy("bench", "models", "-b", bootstrap, "--config", jobs.toString(), "--topic",
                "secure-models", "--items", "50", "--users", "50", "--dim", "4");
        assertThat(models.code()).as(models.err()).isZero();
        assertThat(models.out()).contains("published");
    }

    @Test
    void servingRunsAsItsPrincipalAndEveryOneOfItsClientsCarriesTheSecuritySettings() throws Exception {
        RecordingReporter.CLIENTS.clear();
        Map<String, String> set = new LinkedHashMap<>();
        set.put("serving.port", "0");
        set.put("serving.host", "127.0.0.1");
        set.put("serving.warmup-timeout", "0s");
        set.put("kafka.client.metric.reporters", RecordingReporter.class.getName());
        EddyConfig c = EddyConfig.load(serving, set, ServeCommand.keys());
        try (ServingApp app = ServingApp.start(ServingSettings.from(c))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> event = post(http, app, "/v1/events", "{\"userId\":\"u1\",\"itemId\":\"i1\"}");
            HttpResponse<String> reward = post(http, app, "/v1/reward", "{\"eventId\":\"e1\",\"value\":1}");
            assertThat(event.statusCode()).as(event.body()).isEqualTo(202);
            assertThat(reward.statusCode()).as(reward.body()).isBetween(200, 202);
            await().atMost(Duration.ofSeconds(30)).until(() -> app.logCounts().sent() == 2);
            assertThat(app.logCounts().failed()).isZero();
        }
        // The log's producer and the followers of models, interactions and experiment results.
        assertThat(RecordingReporter.CLIENTS).hasSizeGreaterThanOrEqualTo(4).containsKey("eddy-serving");
        assertThat(RecordingReporter.CLIENTS.values()).allSatisfy(cfg -> assertThat(cfg)
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("ssl.truststore.location"));
    }

    private static HttpResponse<String> post(HttpClient client, ServingApp app, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
