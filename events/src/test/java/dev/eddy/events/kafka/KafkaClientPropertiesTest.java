package dev.eddy.events.kafka;

import dev.eddy.events.config.ConfigException;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.events.config.SecretReferences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kafka.client.* key family, its secret references, and the properties every client is made with. */
class KafkaClientPropertiesTest {

    @TempDir
    Path tmp;

    private static EddyConfig config(Map<String, String> values) {
        Map<String, String> v = new LinkedHashMap<>(values);
        v.putIfAbsent("kafka.bootstrap-servers", "broker:9093");
        return EddyConfig.of(v, KafkaKeys.ALL);
    }

    @Test
    void anyKafkaClientPropertyIsAKeyUnderKafkaClient() {
        EddyConfig c = config(Map.of("kafka.client.security.protocol", "SASL_SSL",
                "kafka.client.sasl.mechanism", "SCRAM-SHA-512"));
        assertThat(c.family(KafkaKeys.CLIENT)).containsExactly(Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("security.protocol", "SASL_SSL"));
        assertThat(c.isSet(KafkaKeys.CLIENT)).isTrue();
        // effective() round-trips through of(): a restored job keeps its client properties.
        assertThat(EddyConfig.of(withoutNulls(c.effective()), KafkaKeys.ALL).family(KafkaKeys.CLIENT))
                .isEqualTo(c.family(KafkaKeys.CLIENT));
        assertThat(c.effective()).doesNotContainKey("kafka.client.*").containsEntry("kafka.client.security.protocol", "SASL_SSL");
    }

    @Test
    void aMisspeltPrefixOrAnEmptyPropertyIsStillAnUnknownKey() {
        assertThatThrownBy(() -> config(Map.of("kafka.clients.security.protocol", "SSL")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown config key 'kafka.clients.security.protocol'");
        assertThatThrownBy(() -> config(Map.of("kafka.client.", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown config key 'kafka.client.'");
    }

    @Test
    void clientPropertiesComeAfterTheClientsOwnAndBeforeTheBootstrapServers() {
        KafkaClientProperties k = KafkaClientProperties.from(config(Map.of("kafka.client.security.protocol", "SSL",
                "kafka.client.linger.ms", "50")));
        Properties p = k.properties(Map.of("linger.ms", "20", "isolation.level", "read_committed"));
        assertThat(p).containsEntry("security.protocol", "SSL").containsEntry("linger.ms", "50")
                .containsEntry("isolation.level", "read_committed").containsEntry("bootstrap.servers", "broker:9093");
        assertThat(k.securityProtocol()).isEqualTo("SSL");
        assertThat(KafkaClientProperties.plaintext("b:1").securityProtocol()).isEqualTo("PLAINTEXT");
    }

    @Test
    void propertiesEddySetsForItsGuaranteesCannotBeConfigured() {
        for (String reserved : new String[] {"isolation.level", "enable.idempotence", "acks", "transactional.id",
                "enable.auto.commit", "key.serializer", "value.deserializer"}) {
            assertThatThrownBy(() -> KafkaClientProperties.from(config(Map.of("kafka.client." + reserved, "x"))))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("config key 'kafka.client." + reserved + "' cannot be set");
        }
        assertThatThrownBy(() -> KafkaClientProperties.from(config(Map.of("kafka.client.bootstrap.servers", "x:1"))))
                .hasMessageContaining("use kafka.bootstrap-servers");
        assertThatThrownBy(() -> KafkaClientProperties.from(config(Map.of("kafka.client.group.id", "g"))))
                .hasMessageContaining("use kafka.group-id");
    }

    @Test
    void secretsAreReadFromFilesAndTheEnvironment() throws IOException {
        Path jaas = tmp.resolve("jaas");
        Files.writeString(jaas, "PlainLoginModule required username=\"u\" password=\"from-file\";\n");
        EddyConfig c = config(Map.of(
                "kafka.client.sasl.jaas.config", "${file:" + jaas + "}",
                "kafka.client.ssl.truststore.password", "${env:EDDY_TEST_TRUST}",
                "kafka.client.ssl.keystore.password", "pre-${env:EDDY_TEST_TRUST}-post"));
        KafkaClientProperties k = KafkaClientProperties.from(c,
                SecretReferences.withEnvironment(n -> n.equals("EDDY_TEST_TRUST") ? "s3cret" : null));
        assertThat(k.client()).containsEntry("sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"from-file\";")
                .containsEntry("ssl.truststore.password", "s3cret")
                .containsEntry("ssl.keystore.password", "pre-s3cret-post");
        // The configuration keeps the references; the secret shows nowhere but in the clients' properties.
        assertThat(c.effective()).containsEntry("kafka.client.sasl.jaas.config", "${file:" + jaas + "}");
        assertThat(k.toString()).doesNotContain("from-file").doesNotContain("s3cret")
                .contains("sasl.jaas.config=[hidden]").contains("broker:9093");
    }

    @Test
    void aSecretThatCannotBeReadFailsAtStartNamingTheKeyNotTheSecret() {
        EddyConfig env = config(Map.of("kafka.client.sasl.jaas.config", "${env:EDDY_NO_SUCH_VARIABLE}"));
        assertThatThrownBy(() -> KafkaClientProperties.from(env, SecretReferences.withEnvironment(n -> null)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config key 'kafka.client.sasl.jaas.config' refers to ${env:EDDY_NO_SUCH_VARIABLE}, but the "
                        + "environment variable EDDY_NO_SUCH_VARIABLE is not set");
        Path missing = tmp.resolve("no-such-file");
        EddyConfig file = config(Map.of("kafka.client.ssl.truststore.password", "${file:" + missing + "}"));
        assertThatThrownBy(() -> KafkaClientProperties.from(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config key 'kafka.client.ssl.truststore.password' refers to ${file:" + missing
                        + "}, which cannot be read");
    }

    @Test
    void kafkasPasswordTypedPropertiesAreSecrets() {
        assertThat(KafkaClientProperties.isSecret("sasl.jaas.config")).isTrue();
        assertThat(KafkaClientProperties.isSecret("ssl.truststore.password")).isTrue();
        assertThat(KafkaClientProperties.isSecret("ssl.key.password")).isTrue();
        assertThat(KafkaClientProperties.isSecret("security.protocol")).isFalse();
        assertThat(KafkaClientProperties.isSecret("ssl.truststore.location")).isFalse();
    }

    private static Map<String, String> withoutNulls(Map<String, String> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != null) out.put(k, v);
        });
        return out;
    }
}
