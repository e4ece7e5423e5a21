package dev.eddy.events.kafka;

import dev.eddy.events.config.ConfigException;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.events.config.SecretReferences;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How every Kafka client Eddy creates is configured: the bootstrap servers ({@code kafka.bootstrap-servers}) and the
 * client properties of {@code kafka.client.*} (security, SASL, TLS, tuning), secrets already read from their
 * {@code ${file:…}} / {@code ${env:…}} references. Producers, consumers and admin clients are made here and nowhere
 * else (the Flink sources and sinks take {@link #properties}), so that no client can miss the security settings.
 *
 * <p>A client's properties are its own settings, then the configured ones on top, then the bootstrap servers. The
 * properties Eddy's guarantees rest on (read_committed, idempotence, transactions, groups, serializers) cannot be
 * configured: {@link #from} refuses them with the key named.
 */
public final class KafkaClientProperties implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Set by each client for what it guarantees, or by a key of Eddy's own; refused under kafka.client.*. */
    static final Map<String, String> RESERVED = reserved();

    private final String bootstrapServers;
    private final Map<String, String> client;

    private KafkaClientProperties(String bootstrapServers, Map<String, String> client) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ConfigException("missing required config key '" + KafkaKeys.BOOTSTRAP.name() + "'");
        }
        this.bootstrapServers = bootstrapServers;
        this.client = Collections.unmodifiableMap(new TreeMap<>(client));
    }

    /**
     * The Kafka client settings of {@code c}: {@code kafka.bootstrap-servers} and every {@code kafka.client.*} key.
     *
     * @throws ConfigException naming the key, for a reserved property or a secret reference that cannot be read
     */
    public static KafkaClientProperties from(EddyConfig c) {
        return from(c, SecretReferences.system());
    }

    public static KafkaClientProperties from(EddyConfig c, SecretReferences secrets) {
        Map<String, String> resolved = new LinkedHashMap<>();
        c.family(KafkaKeys.CLIENT).forEach((property, value) -> {
            String key = KafkaKeys.CLIENT.familyPrefix() + property;
            String instead = RESERVED.get(property);
            if (instead != null) throw new ConfigException("config key '" + key + "' cannot be set: " + instead);
            resolved.put(property, secrets.resolve(key, value));
        });
        return new KafkaClientProperties(c.get(KafkaKeys.BOOTSTRAP), resolved);
    }

    /** A broker without security (the embedded broker, tests): bootstrap servers and no client properties. */
    public static KafkaClientProperties plaintext(String bootstrapServers) {
        return new KafkaClientProperties(bootstrapServers, Map.of());
    }

    /**
     * Given client properties as they are (no reserved-key check, no secret references): for a broker whose
     * settings come from code, such as the secured embedded broker in tests and `eddy kafka --secure`.
     */
    public static KafkaClientProperties of(String bootstrapServers, Map<String, String> client) {
        return new KafkaClientProperties(bootstrapServers, client);
    }

    /** The same settings against other bootstrap servers. */
    public KafkaClientProperties withBootstrapServers(String servers) {
        return new KafkaClientProperties(servers, client);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The configured client properties (names without the kafka.client. prefix), secrets resolved. */
    public Map<String, String> client() {
        return client;
    }

    /** The configured security.protocol, PLAINTEXT when none is set (Kafka's default). */
    public String securityProtocol() {
        return client.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    }

    /** A client's properties: {@code own} settings, the configured properties on top, and the bootstrap servers. */
    public Properties properties(Map<String, ?> own) {
        Properties p = new Properties();
        p.putAll(own);
        p.putAll(client);
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    public <K, V> KafkaProducer<K, V> producer(Map<String, ?> own, Serializer<K> keys, Serializer<V> values) {
        return new KafkaProducer<>(properties(own), keys, values);
    }

    public <K, V> KafkaConsumer<K, V> consumer(Map<String, ?> own, Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaConsumer<>(properties(own), keys, values);
    }

    public Admin admin(Map<String, ?> own) {
        return Admin.create(properties(own));
    }

    /** Whether Kafka treats {@code property} as a password (so that it is never shown). */
    public static boolean isSecret(String property) {
        for (ConfigDef def : new ConfigDef[] {ProducerConfig.configDef(), ConsumerConfig.configDef(),
                AdminClientConfig.configDef()}) {
            ConfigDef.ConfigKey k = def.configKeys().get(property);
            if (k != null && k.type == ConfigDef.Type.PASSWORD) return true;
        }
        return false;
    }

    /** Bootstrap servers and the configured properties, secrets masked. */
    @Override
    public String toString() {
        return bootstrapServers + client.entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? "[hidden]" : e.getValue()))
                .collect(Collectors.joining(", ", " {", "}"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaClientProperties k && k.bootstrapServers.equals(bootstrapServers)
                && k.client.equals(client);
    }

    @Override
    public int hashCode() {
        return bootstrapServers.hashCode() * 31 + client.hashCode();
    }

    private static Map<String, String> reserved() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "use " + KafkaKeys.BOOTSTRAP.name() + " (or -b)");
        r.put(CommonClientConfigs.GROUP_ID_CONFIG, "use " + KafkaKeys.GROUP_ID.name());
        r.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "use " + KafkaKeys.TRANSACTION_TIMEOUT.name());
        String guarantee = "Eddy sets it on each client for the client's guarantees";
        for (String k : Set.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.ACKS_CONFIG,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG)) {
            r.put(k, guarantee);
        }
        return Collections.unmodifiableMap(r);
    }
}
