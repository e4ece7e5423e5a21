package dev.eddy.events.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretValuesTest {
    @Test
    void secretsAreMaskedAndPointersToThemAreNot() {
        for (String k : new String[] {"serving.api-keys", "kafka.client.sasl.jaas.config", "kafka.client.ssl.keystore.password",
                "kafka.client.ssl.truststore.password", "kafka.client.ssl.key.password", "some.secret", "auth.token"}) {
            assertThat(SecretValues.isSecret(k)).as(k).isTrue();
            assertThat(SecretValues.shown(k, "v")).as(k).isEqualTo(SecretValues.MASK);
        }
        for (String k : new String[] {"serving.api-keys-file", "serving.api-keys-env", "serving.tls.keystore",
                "serving.tls.keystore-password-file", "serving.tls.keystore-password-env",
                "kafka.client.ssl.truststore.location", "kafka.bootstrap-servers", "serving.port"}) {
            assertThat(SecretValues.isSecret(k)).as(k).isFalse();
        }
        assertThat(SecretValues.shown("serving.api-keys", "")).as("unset stays visible as unset").isEmpty();
        assertThat(SecretValues.shown("serving.port", "8080")).isEqualTo("8080");
    }
}
