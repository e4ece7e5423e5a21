package dev.eddy.kafka.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one) running inside this JVM, bound to
 * 127.0.0.1 on free ports, with a temporary log directory that is deleted on {@link #close()}.
 * For local runs and tests; a real deployment points Eddy at a real cluster instead.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;

    private final Path logDir;
    private final boolean deleteLogDirOnClose;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final KafkaSecurity security;
    private final Map<KafkaSecurity.Listener, String> secureListeners = new EnumMap<>(KafkaSecurity.Listener.class);
    private boolean closed;

    private final int brokerPort;
    private final int controllerPort;

    private EmbeddedKafka(Path logDir, boolean deleteLogDirOnClose, int brokerPort, int controllerPort, boolean format) {
        this.logDir = logDir;
        this.deleteLogDirOnClose = deleteLogDirOnClose;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.bootstrapServers = "127.0.0.1:" + brokerPort;
        this.security = null;
        Properties props = brokerProperties(logDir, brokerPort, controllerPort);
        if (format) format(logDir, props, List.of());
        this.server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    }

    private EmbeddedKafka(Path logDir, boolean deleteLogDirOnClose, KafkaSecurity security) {
        this.logDir = logDir;
        this.deleteLogDirOnClose = deleteLogDirOnClose;
        this.security = security;
        this.brokerPort = -1;
        this.controllerPort = -1;
        int saslSsl = freePort();
        int mutualTls = freePort();
        int tls = freePort();
        int controller = freePort();
        this.bootstrapServers = "127.0.0.1:" + saslSsl;
        secureListeners.put(KafkaSecurity.Listener.SASL_SSL, bootstrapServers);
        secureListeners.put(KafkaSecurity.Listener.MUTUAL_TLS, "127.0.0.1:" + mutualTls);
        secureListeners.put(KafkaSecurity.Listener.TLS, "127.0.0.1:" + tls);
        Properties props = brokerProperties(logDir.resolve("log"), saslSsl, controller);
        props.putAll(security.brokerProperties(saslSsl, mutualTls, tls, controller));
        format(logDir.resolve("log"), props, security.scramArguments());
        this.server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    }

    /**
     * Starts this stopped broker again at the same address, on its kept log directory (it must have been started with
     * {@code deleteOnClose} false): a broker back after an outage, with its topics and records.
     */
    public EmbeddedKafka restart() {
        synchronized (this) {
            if (!closed) throw new IllegalStateException("the broker at " + bootstrapServers + " is still running");
        }
        if (deleteLogDirOnClose) throw new IllegalStateException("the log directory was deleted on close");
        long t0 = System.nanoTime();
        EmbeddedKafka again = new EmbeddedKafka(logDir, false, brokerPort, controllerPort, false);
        again.server.startup();
        LOG.info("Embedded Kafka restarted at {} in {} ms", again.bootstrapServers, (System.nanoTime() - t0) / 1_000_000);
        return again;
    }

    /** Starts a broker on free ports with a fresh temporary log directory. */
    public static EmbeddedKafka start() {
        try {
            return start(Files.createTempDirectory("eddy-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary Kafka log directory", e);
        }
    }

    /** Starts a broker on free ports using {@code logDir}, which must be empty. */
    public static EmbeddedKafka start(Path logDir, boolean deleteOnClose) {
        long t0 = System.nanoTime();
        EmbeddedKafka kafka = new EmbeddedKafka(logDir, deleteOnClose, freePort(), freePort(), true);
        kafka.server.startup();
        LOG.info("Embedded Kafka started at {} in {} ms (log dir {})", kafka.bootstrapServers,
                (System.nanoTime() - t0) / 1_000_000, logDir);
        return kafka;
    }

    /**
     * Starts a broker whose clients must authenticate (SASL/SCRAM-SHA-512 or PLAIN over TLS, or mutual TLS) and are
     * authorized by ACLs (see {@link KafkaSecurity}): its certificates, key stores and log go under {@code dir}.
     */
    public static EmbeddedKafka startSecure(Path dir, boolean deleteOnClose) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dir.resolve("log"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        KafkaSecurity security = KafkaSecurity.create(dir);
        EmbeddedKafka kafka = new EmbeddedKafka(dir, deleteOnClose, security);
        kafka.server.startup();
        try {
            kafka.grantAcls();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        LOG.info("Embedded secured Kafka started at {} in {} ms (SASL_SSL; mutual TLS at {}; TLS at {}; stores in {})",
                kafka.bootstrapServers, (System.nanoTime() - t0) / 1_000_000,
                kafka.bootstrapServers(KafkaSecurity.Listener.MUTUAL_TLS),
                kafka.bootstrapServers(KafkaSecurity.Listener.TLS), dir);
        return kafka;
    }

    /** Starts a secured broker in a fresh temporary directory, deleted on close. */
    public static EmbeddedKafka startSecure() {
        try {
            return startSecure(Files.createTempDirectory("eddy-kafka-secure-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary Kafka directory", e);
        }
    }

    /** The bootstrap servers: of the SASL_SSL listener on a secured broker. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The bootstrap servers of one of a secured broker's client listeners. */
    public String bootstrapServers(KafkaSecurity.Listener listener) {
        if (security == null) throw new IllegalStateException("this broker is not secured");
        return secureListeners.get(listener);
    }

    /** The users, passwords, stores and client properties of a secured broker; empty for a plain one. */
    public Optional<KafkaSecurity> security() {
        return Optional.ofNullable(security);
    }

    private void grantAcls() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.putAll(security.scram(KafkaSecurity.ADMIN));
        try (Admin admin = Admin.create(p)) {
            security.grantAcls(admin);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the ACLs of the secured broker: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating ACLs", e);
        }
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (deleteLogDirOnClose) deleteRecursively(logDir);
        LOG.info("Embedded Kafka at {} stopped", bootstrapServers);
    }

    private static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        // One node: every internal topic has a single replica, and few partitions keep start-up quick.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "2");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        p.put("message.max.bytes", String.valueOf(8 * 1024 * 1024));
        return p;
    }

    private static void format(Path logDir, Properties props, List<String> scram) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName("CONTROLLER")
                    .setScramArguments(scram)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log directory " + logDir + ": " + out, e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
