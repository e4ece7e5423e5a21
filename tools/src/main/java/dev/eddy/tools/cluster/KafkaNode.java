package dev.eddy.tools.cluster;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * One node of the local cluster's Kafka: broker and KRaft controller in one process, one of a quorum of
 * {@link ClusterLayout#BROKERS} voters. Run as its own JVM by {@code eddy cluster start}:
 * {@code KafkaNode <cluster folder> <node id>}. Formats its log folder on the first start only, so that a node
 * killed and started again rejoins with its data.
 */
public final class KafkaNode {
    private KafkaNode() {}

    public static void main(String[] args) throws Exception {
        ClusterLayout layout = ClusterLayout.load(Path.of(args[0]));
        int node = Integer.parseInt(args[1]);
        Path data = layout.kafkaData(node);
        Properties props = properties(layout, node, data);
        if (!Files.exists(data.resolve("meta.properties"))) format(layout, node, data);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "kafka-node-shutdown"));
        server.startup();
        System.out.println("kafka node " + node + " started at " + layout.broker(node));
        server.awaitShutdown();
    }

    static Properties properties(ClusterLayout layout, int node, Path data) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node));
        p.put("controller.quorum.voters", layout.controllerVoters());
        p.put("listeners", "PLAINTEXT://" + layout.broker(node) + ",CONTROLLER://127.0.0.1:" + layout.controllerPorts()[node - 1]);
        p.put("advertised.listeners", "PLAINTEXT://" + layout.broker(node));
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", data.toString());
        p.put("metadata.log.dir", data.toString());
        // Three replicas everywhere and two in sync for a write: one node may die without losing an acknowledged record.
        p.put("default.replication.factor", "3");
        p.put("min.insync.replicas", "2");
        p.put("offsets.topic.replication.factor", "3");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "3");
        p.put("transaction.state.log.min.isr", "2");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "3");
        p.put("share.coordinator.state.topic.min.isr", "2");
        p.put("unclean.leader.election.enable", "false");
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A killed node is fenced, and its partitions get new leaders, within a few seconds (default 9 s).
        p.put("broker.session.timeout.ms", "6000");
        p.put("broker.heartbeat.interval.ms", "1000");
        p.put("message.max.bytes", String.valueOf(8 * 1024 * 1024));
        p.put("replica.fetch.max.bytes", String.valueOf(8 * 1024 * 1024));
        return p;
    }

    private static void format(ClusterLayout layout, int node, Path data) throws Exception {
        Files.createDirectories(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(node)
                    .setClusterId(layout.kafkaId())
                    .setDirectories(List.of(data.toString()))
                    .setMetadataLogDirectory(data.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format " + data + ": " + out, e);
        }
    }
}
