package dev.eddy.tools.cli;

import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Kafka metrics reporter that remembers the configuration of every client that made one: set as
 * {@code kafka.client.metric.reporters}, it is instantiated by exactly the clients that received the kafka.client.*
 * properties, and sees each one's effective client properties (client.id → its settings).
 */
public final class RecordingReporter implements MetricsReporter {
    static final Map<String, Map<String, Object>> CLIENTS = new ConcurrentHashMap<>();

    @Override
    public void configure(Map<String, ?> configs) {
        CLIENTS.put(String.valueOf(configs.get("client.id")), Map.copyOf(configs));
    }

    @Override
    public void init(List<KafkaMetric> metrics) {}

    @Override
    public void metricChange(KafkaMetric metric) {}

    @Override
    public void metricRemoval(KafkaMetric metric) {}

    @Override
    public void close() {}
}
