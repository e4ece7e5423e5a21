package dev.eddy.serving.cli;

import dev.eddy.events.kafka.KafkaAccessErrors;
import dev.eddy.events.kafka.KafkaClientProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every Kafka-facing command does first: ask the broker for its cluster id, so that a wrong or stopped broker
 * is one line naming the address within seconds, instead of a client's minute of silence and a message about
 * metadata or a topic. A secured broker that the client cannot talk to — plain Kafka against a TLS listener, a
 * failed TLS handshake, refused credentials, a missing ACL — is also one line, naming the keys to set.
 */
public final class BrokerCheck {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private BrokerCheck() {}

    /**
     * Returns when a broker answers at {@code kafka}'s bootstrap servers within {@link #TIMEOUT} and has every one
     * of {@code topics}; throws {@link CliFailure} otherwise, naming the address or the missing topics.
     */
    public static void require(KafkaClientProperties kafka, String... topics) {
        require(kafka, TIMEOUT, List.of(topics));
    }

    public static void require(KafkaClientProperties kafka, Duration within, Collection<String> topics) {
        String bootstrap = kafka.bootstrapServers();
        if (kafka.securityProtocol().equals("PLAINTEXT")) {
            // A plain client at a TLS listener hears nothing it understands and retries until its timeout;
            // one plain request tells that apart at once.
            Optional<String> secured = PlaintextProbe.notPlainKafka(bootstrap, Duration.ofSeconds(3));
            if (secured.isPresent()) throw new CliFailure(securedBrokerMessage(bootstrap, secured.get()));
        }
        Admin admin;
        try {
            admin = kafka.admin(Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) within.toMillis(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) within.toMillis(),
                    // A refused connection is retried quickly; without a cap the client would back off for up to a
                    // second each.
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
        } catch (KafkaException e) {
            // An address that does not resolve, or is not HOST:PORT at all; or a truststore that cannot be read.
            throw unreachable(bootstrap, within, e);
        }
        try {
            admin.describeCluster().clusterId().get(within.toMillis(), TimeUnit.MILLISECONDS);
            if (!topics.isEmpty()) {
                Set<String> existing = admin.listTopics().names().get(within.toMillis(), TimeUnit.MILLISECONDS);
                List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
                if (!missing.isEmpty()) {
                    throw new CliFailure("no topic " + String.join(", ", missing) + " at " + bootstrap
                            + " — `eddy topics -b " + bootstrap + "` creates Eddy's topics; or check the name"
                            + (kafka.securityProtocol().equals("PLAINTEXT") ? ""
                            : " (on a secured broker, also that an ACL lets this principal describe it)"));
                }
            }
        } catch (TimeoutException | ExecutionException e) {
            throw unreachable(bootstrap, within, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while waiting for a Kafka broker at " + bootstrap, e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /** What to set to reach a secured broker; {@code what} says what the probe found. */
    static String securedBrokerMessage(String bootstrap, String what) {
        return "the Kafka broker at " + bootstrap + " " + what + ": it is secured (TLS, maybe SASL) and this client "
                + "speaks plain Kafka — set kafka.client.security.protocol (SSL or SASL_SSL), "
                + "kafka.client.ssl.truststore.location and, for SASL, kafka.client.sasl.mechanism and "
                + "kafka.client.sasl.jaas.config (e.g. --config FILE, as `eddy kafka --secure` prints)";
    }

    private static CliFailure unreachable(String bootstrap, Duration within, Exception e) {
        Optional<String> refused = KafkaAccessErrors.explain(e, bootstrap);
        if (refused.isPresent()) return new CliFailure(refused.get(), e);
        return new CliFailure("no Kafka broker answered at " + bootstrap + " within " + within.toSeconds()
                + " s — is it running? set it with -b HOST:PORT", e);
    }
}
