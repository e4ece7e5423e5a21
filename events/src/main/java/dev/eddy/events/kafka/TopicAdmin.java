package dev.eddy.events.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/** Creates and describes topics; creation is idempotent so that every job and command may call it at start. */
public final class TopicAdmin implements AutoCloseable {
    private static final java.time.Duration LISTED_TIMEOUT = java.time.Duration.ofSeconds(30);

    /** What a topic looks like on the broker. */
    public record TopicInfo(String name, int partitions, int replicationFactor, Map<String, String> configs) {}

    private final Admin admin;

    private final String bootstrapServers;

    public TopicAdmin(KafkaClientProperties kafka) {
        this.bootstrapServers = kafka.bootstrapServers();
        this.admin = kafka.admin(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"));
    }

    /** Creates the topics that do not exist yet; returns the names it created. */
    public List<String> ensure(Collection<TopicSpec> specs) {
        try {
            var existing = admin.listTopics().names().get();
            List<NewTopic> missing = specs.stream()
                    .filter(s -> !existing.contains(s.name()))
                    .map(s -> new NewTopic(s.name(), s.partitions(), s.replicationFactor()).configs(s.configs()))
                    .toList();
            List<String> created = new ArrayList<>();
            for (var e : admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get();
                    created.add(e.getKey());
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) throw ex;
                }
            }
            awaitListed(created);
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics: " + KafkaAccessErrors.explain(e.getCause(), bootstrapServers)
                    .orElse(e.getCause().getMessage()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Waits until the broker lists {@code names} and every partition of them has a leader. The creation future
     * completes when the controller has the topic, but the broker learns of it a moment later: a describe right after
     * creating would call the topic missing, and a producer writing at once can be told NOT_LEADER_OR_FOLLOWER, which
     * an idempotent producer with several requests in flight may turn into a batch refused for good as out of order.
     */
    private void awaitListed(List<String> names) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + LISTED_TIMEOUT.toNanos();
        while (!names.isEmpty() && !(admin.listTopics().names().get().containsAll(names) && allLed(names))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("created topics " + names + " but the broker did not list them with a "
                        + "leader for every partition within " + LISTED_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    private boolean allLed(List<String> names) throws InterruptedException {
        try {
            return admin.describeTopics(names).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            return false; // not known to this broker yet
        }
    }

    /** Describes the given topics; topics that do not exist are left out. */
    public List<TopicInfo> describe(Collection<String> names) {
        try {
            var existing = admin.listTopics().names().get();
            List<String> present = names.stream().filter(existing::contains).toList();
            if (present.isEmpty()) return List.of();
            Map<String, TopicDescription> descriptions = admin.describeTopics(present).allTopicNames().get();
            List<ConfigResource> resources = present.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            List<TopicInfo> out = new ArrayList<>();
            for (String name : present) {
                TopicDescription d = descriptions.get(name);
                Map<String, String> nonDefault = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                        .entries().stream()
                        .filter(c -> c.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                        .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value, (a, b) -> a, TreeMap::new));
                out.add(new TopicInfo(name, d.partitions().size(), d.partitions().get(0).replicas().size(), nonDefault));
            }
            return out;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe topics: " + KafkaAccessErrors.explain(e.getCause(), bootstrapServers)
                    .orElse(e.getCause().getMessage()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
