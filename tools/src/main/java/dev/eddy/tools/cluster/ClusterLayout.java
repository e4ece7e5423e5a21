package dev.eddy.tools.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The local cluster's folder and ports, written to {@code cluster.properties} by {@code eddy cluster start} so that
 * {@code stop}, {@code status}, the demo and the broker processes themselves find them. Every process binds 127.0.0.1
 * on ports chosen free at start.
 *
 * @param dir         the cluster folder (logs, pids, Kafka data, checkpoints, savepoints, configs)
 * @param kafkaId     the Kafka cluster id every broker is formatted with
 * @param brokerPorts the client port of broker 1, 2, 3
 * @param controllerPorts the KRaft controller port of node 1, 2, 3
 * @param jobManagerRpcPort the JobManager's RPC port
 * @param restPort    the JobManager's REST and web port
 * @param servingPorts the HTTP port of serving 1, 2
 */
public record ClusterLayout(Path dir, String kafkaId, int[] brokerPorts, int[] controllerPorts, int jobManagerRpcPort,
                            int restPort, int[] servingPorts) {

    public static final int BROKERS = 3;
    public static final int SERVING = 2;
    static final String FILE = "cluster.properties";

    /** A fresh layout on free ports. */
    public static ClusterLayout allocate(Path dir) {
        return new ClusterLayout(dir.toAbsolutePath(), kafkaClusterId(), freePorts(BROKERS), freePorts(BROKERS), freePort(),
                freePort(), freePorts(SERVING));
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static ClusterLayout load(Path dir) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(FILE))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("no cluster in " + dir + " (" + FILE + " unreadable): start one with `eddy cluster start`", e);
        }
        return new ClusterLayout(dir.toAbsolutePath(), p.getProperty("kafka.cluster-id"), ports(p, "kafka.broker-ports"),
                ports(p, "kafka.controller-ports"), Integer.parseInt(p.getProperty("flink.rpc-port")),
                Integer.parseInt(p.getProperty("flink.rest-port")), ports(p, "serving.ports"));
    }

    public void save() throws IOException {
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("kafka.cluster-id", kafkaId);
        p.setProperty("kafka.broker-ports", join(brokerPorts));
        p.setProperty("kafka.controller-ports", join(controllerPorts));
        p.setProperty("flink.rpc-port", String.valueOf(jobManagerRpcPort));
        p.setProperty("flink.rest-port", String.valueOf(restPort));
        p.setProperty("serving.ports", join(servingPorts));
        try (OutputStream out = Files.newOutputStream(dir.resolve(FILE))) {
            p.store(out, "eddy cluster: ports and ids of the local cluster");
        }
    }

    public String bootstrap() {
        return Arrays.stream(brokerPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public String broker(int node) {
        return "127.0.0.1:" + brokerPorts[node - 1];
    }

    public String controllerVoters() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < BROKERS; i++) {
            if (i > 0) b.append(',');
            b.append(i + 1).append("@127.0.0.1:").append(controllerPorts[i]);
        }
        return b.toString();
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    public String servingUrl(int replica) {
        return "http://127.0.0.1:" + servingPorts[replica - 1];
    }

    public Path logs(String process) {
        return dir.resolve("logs").resolve(process);
    }

    public Path pids() {
        return dir.resolve("pids");
    }

    public Path kafkaData(int node) {
        return dir.resolve("kafka").resolve("node-" + node);
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    public Path savepoints() {
        return dir.resolve("savepoints");
    }

    public Path flinkConf() {
        return dir.resolve("flink-conf");
    }

    /** The Eddy config every job and serving process reads. */
    public Path eddyProperties() {
        return dir.resolve("eddy.properties");
    }

    private static String kafkaClusterId() {
        // Kafka's cluster ids are 16 random bytes in URL-safe base64 (what Uuid.randomUuid().toString() gives).
        UUID u = UUID.randomUUID();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private static int[] ports(Properties p, String key) {
        return Arrays.stream(p.getProperty(key).split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static String join(int[] ports) {
        return Arrays.stream(ports).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    private static int[] freePorts(int n) {
        // Held open together so that the n ports differ.
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    if (s != null) s.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
    }

    private static int freePort() {
        return freePorts(1)[0];
    }
}
