package dev.eddy.serving.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every Kafka-facing command does first: ask the broker for its cluster id, so that a wrong or stopped broker
 * is one line naming the address within seconds, instead of a client's minute of silence and a message about
 * metadata or a topic.
 */
public final class BrokerCheck {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private BrokerCheck() {}

    /**
     * Returns when a broker answers at {@code bootstrap} within {@link #TIMEOUT} and has every one of {@code topics};
     * throws {@link CliFailure} otherwise, naming the address or the missing topics.
     */
    public static void require(String bootstrap, String... topics) {
        require(bootstrap, TIMEOUT, List.of(topics));
    }

    public static void require(String bootstrap, Duration within, Collection<String> topics) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) within.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) within.toMillis());
        // A refused connection is retried quickly; without a cap the client would back off for up to a second each.
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        Admin admin;
        try {
            admin = Admin.create(p);
        } catch (KafkaException e) {
            // An address that does not resolve, or is not HOST:PORT at all.
            throw unreachable(bootstrap, within, e);
        }
        try {
            admin.describeCluster().clusterId().get(within.toMillis(), TimeUnit.MILLISECONDS);
            if (!topics.isEmpty()) {
                Set<String> existing = admin.listTopics().names().get(within.toMillis(), TimeUnit.MILLISECONDS);
                List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
                if (!missing.isEmpty()) {
                    throw new CliFailure("no topic " + String.join(", ", missing) + " at " + bootstrap
                            + " — `eddy topics -b " + bootstrap + "` creates Eddy's topics; or check the name");
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

    private static CliFailure unreachable(String bootstrap, Duration within, Exception e) {
        return new CliFailure("no Kafka broker answered at " + bootstrap + " within " + within.toSeconds()
                + " s — is it running? set it with -b HOST:PORT", e);
    }
}
