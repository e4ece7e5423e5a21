package dev.eddy.events.kafka;

import dev.eddy.events.testing.TestProducers;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.kafka.embedded.KafkaSecurity;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Eddy's clients (made by {@link KafkaClientProperties}) on the secured embedded broker: every supported way to
 * authenticate works, a client without valid credentials is refused at once with the keys to check, and the ACLs
 * hold — the serving principal writes decisions, rewards and interactions but may not read examples.
 */
class SecureKafkaIT {
    private static EmbeddedKafka kafka;
    private static KafkaSecurity security;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.startSecure();
        security = kafka.security().orElseThrow();
        try (TopicAdmin admin = new TopicAdmin(client(KafkaSecurity.Listener.SASL_SSL, security.scram(KafkaSecurity.ADMIN)))) {
            admin.ensure(EddyTopics.DEFAULT.specs(1, (short) 1));
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    private static KafkaClientProperties client(KafkaSecurity.Listener listener, Map<String, String> properties) {
        return KafkaClientProperties.of(kafka.bootstrapServers(listener), properties);
    }

    @Test
    void scramSha512OverTlsWritesAndReadsCommittedRecords() throws Exception {
        roundTrip(client(KafkaSecurity.Listener.SASL_SSL, security.scram(KafkaSecurity.JOBS)), "eddy.examples");
    }

    @Test
    void plainOverTlsWritesAndReads() throws Exception {
        roundTrip(client(KafkaSecurity.Listener.SASL_SSL, security.plain(KafkaSecurity.JOBS)), "eddy.dead-letters");
    }

    @Test
    void mutualTlsAuthenticatesByCertificate() throws Exception {
        KafkaClientProperties jobs = client(KafkaSecurity.Listener.MUTUAL_TLS, security.mutualTls(KafkaSecurity.JOBS));
        roundTrip(jobs, "eddy.experiments");
        try (TopicAdmin admin = new TopicAdmin(jobs)) {
            assertThat(admin.describe(List.of("eddy.models"))).extracting(TopicAdmin.TopicInfo::name)
                    .containsExactly("eddy.models");
        }
    }

    @Test
    void tlsWithATruststoreConnectsEncryptedButAnonymousGetsNoTopic() {
        KafkaClientProperties tls = client(KafkaSecurity.Listener.TLS, security.tls());
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> CommittedReader.fromBeginning(tls, List.of("eddy.decisions")).close())
                .isInstanceOf(KafkaAccessErrors.KafkaAccessException.class)
                .hasMessageContaining("refused access to topic eddy.decisions")
                .hasMessageContaining("ACL");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void tlsWithoutTheTruststoreFailsTheHandshakeNamingTheTruststoreKey() {
        KafkaClientProperties untrusted = client(KafkaSecurity.Listener.TLS, Map.of("security.protocol", "SSL"));
        assertThatThrownBy(() -> CommittedReader.fromBeginning(untrusted, List.of("eddy.decisions")).close())
                .hasMessageContaining("TLS handshake")
                .hasMessageContaining("kafka.client.ssl.truststore.location");
    }

    @Test
    void aWrongPasswordIsRefusedAtOnceNamingTheCredentialKeys() {
        Map<String, String> wrong = new HashMap<>(security.scram(KafkaSecurity.SERVING));
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"eddy-serving\" password=\"not-the-password\";");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> new TopicAdmin(client(KafkaSecurity.Listener.SASL_SSL, wrong))
                .describe(List.of("eddy.decisions")))
                .hasMessageContaining("refused the client's credentials")
                .hasMessageContaining("kafka.client.sasl.jaas.config");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void servingMayWriteDecisionsRewardsAndInteractionsButNotReadExamples() throws Exception {
        KafkaClientProperties serving = client(KafkaSecurity.Listener.SASL_SSL, security.scram(KafkaSecurity.SERVING));
        try (var producer = TestProducers.create(serving)) {
            for (String topic : List.of("eddy.decisions", "eddy.rewards", "eddy.interactions")) {
                producer.send(new ProducerRecord<>(topic, "k", "{}".getBytes(StandardCharsets.UTF_8)))
                        .get(30, TimeUnit.SECONDS);
            }
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("eddy.examples", "k", new byte[0]))
                    .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        }
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> CommittedReader.fromBeginning(serving, List.of("eddy.examples")).close())
                .isInstanceOf(KafkaAccessErrors.KafkaAccessException.class)
                .hasMessageContaining("refused access to topic eddy.examples")
                .hasMessageContaining("no ACL allows")
                .hasMessageContaining("--operation Read");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        // What it may read: the topics serving follows.
        try (var models = CommittedReader.fromBeginning(serving, List.of("eddy.models", "eddy.interactions"))) {
            assertThat(models.assignment()).isNotEmpty();
        }
    }

    /** Writes three records to {@code topic} and reads them back committed. */
    private static void roundTrip(KafkaClientProperties client, String topic) throws Exception {
        String marker = "m-" + System.nanoTime();
        try (var producer = TestProducers.create(client)) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, marker, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        List<String> got = new ArrayList<>();
        try (var consumer = CommittedReader.fromBeginning(client, List.of(topic))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got.size() < 3 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (marker.equals(r.key())) got.add(new String(r.value(), StandardCharsets.UTF_8));
                });
            }
        }
        assertThat(got).containsExactly("{\"i\":0}", "{\"i\":1}", "{\"i\":2}");
    }
}
