package dev.eddy.kafka.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * The security of a broker started by {@link EmbeddedKafka#startSecure}: a CA and certificates made at start
 * (PKCS12 stores in {@link #directory()}), SCRAM-SHA-512 and PLAIN users with random passwords, and ACLs
 * (StandardAuthorizer; nothing is allowed without one):
 * <ul>
 *   <li>{@value #ADMIN}: a super user, for topics and operators;</li>
 *   <li>{@value #SERVING}: what serving does, and no more: writes decisions, rewards and interactions, reads models,
 *       interactions and experiment results (it may not read examples);</li>
 *   <li>{@value #JOBS}: what the jobs do: every topic, consumer group and transactional id.</li>
 * </ul>
 * Clients authenticate with SCRAM-SHA-512 or PLAIN over TLS ({@link Listener#SASL_SSL}), with a certificate
 * ({@link Listener#MUTUAL_TLS}, the principal is the certificate's CN), or not at all over TLS ({@link Listener#TLS},
 * principal ANONYMOUS, which no ACL names). The broker's listeners to itself and to its controller use mutual TLS.
 */
public final class KafkaSecurity {
    public static final String ADMIN = "admin";
    public static final String SERVING = "eddy-serving";
    public static final String JOBS = "eddy-jobs";
    static final String BROKER = "eddy-broker";
    public static final List<String> USERS = List.of(ADMIN, SERVING, JOBS);

    /** The default names of the topics the serving principal may use (those of the events module's EddyTopics). */
    static final List<String> SERVING_WRITES = List.of("eddy.decisions", "eddy.rewards", "eddy.interactions");
    static final List<String> SERVING_READS = List.of("eddy.models", "eddy.interactions", "eddy.experiments");

    /** The client listeners of a secured broker. */
    public enum Listener { SASL_SSL, MUTUAL_TLS, TLS }

    private final Path directory;
    private final String storePassword;
    private final Map<String, String> passwords = new LinkedHashMap<>();

    private KafkaSecurity(Path directory) {
        this.directory = directory;
        SecureRandom random = new SecureRandom();
        this.storePassword = secret(random);
        for (String user : USERS) passwords.put(user, secret(random));
        LocalCertificates certs = new LocalCertificates("Eddy local CA", storePassword.toCharArray());
        certs.writeTruststore(truststore());
        certs.writeKeystore(keystore(BROKER), BROKER);
        for (String user : USERS) certs.writeKeystore(keystore(user), user);
    }

    /** Makes the CA, the stores and the passwords in {@code directory}. */
    static KafkaSecurity create(Path directory) {
        return new KafkaSecurity(directory);
    }

    public Path directory() {
        return directory;
    }

    /** The truststore (PKCS12) with the CA that signed the broker's certificate. */
    public Path truststore() {
        return directory.resolve("truststore.p12");
    }

    /** A user's key store (PKCS12, certificate CN = the user) for mutual TLS. */
    public Path keystore(String user) {
        return directory.resolve(user + ".p12");
    }

    /** The password of every store and key. */
    public String storePassword() {
        return storePassword;
    }

    public String password(String user) {
        String p = passwords.get(user);
        if (p == null) throw new IllegalArgumentException("no user " + user + "; users are " + USERS);
        return p;
    }

    /** Kafka client properties of {@code user} on the SASL_SSL listener with SCRAM-SHA-512. */
    public Map<String, String> scram(String user) {
        return sasl("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule", user);
    }

    /** Kafka client properties of {@code user} on the SASL_SSL listener with PLAIN. */
    public Map<String, String> plain(String user) {
        return sasl("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule", user);
    }

    /** Kafka client properties of {@code user} on the mutual-TLS listener: its certificate authenticates it. */
    public Map<String, String> mutualTls(String user) {
        Map<String, String> p = tls();
        p.put("ssl.keystore.location", keystore(user).toString());
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.password", storePassword);
        p.put("ssl.key.password", storePassword);
        return p;
    }

    /** Kafka client properties for TLS with the truststore alone (the TLS listener; no principal of its own). */
    public Map<String, String> tls() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SSL");
        p.putAll(trust());
        return p;
    }

    private Map<String, String> sasl(String mechanism, String loginModule, String user) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", mechanism);
        p.put("sasl.jaas.config", jaas(loginModule, user));
        p.putAll(trust());
        return p;
    }

    /** A client's JAAS line for {@code user}. */
    public String jaas(String loginModule, String user) {
        return loginModule + " required username=\"" + user + "\" password=\"" + password(user) + "\";";
    }

    private Map<String, String> trust() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ssl.truststore.location", truststore().toString());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.password", storePassword);
        return p;
    }

    /** The SCRAM users to format the log directory with (KRaft keeps SCRAM credentials in its metadata). */
    List<String> scramArguments() {
        List<String> out = new ArrayList<>();
        passwords.forEach((user, pw) -> out.add("SCRAM-SHA-512=[name=" + user + ",password=" + pw + "]"));
        return out;
    }

    /** The broker's listeners and their security, on the given loopback ports. */
    Properties brokerProperties(int saslSsl, int mutualTls, int tls, int controller) {
        Properties p = new Properties();
        p.put("listeners", "SASL_SSL://127.0.0.1:" + saslSsl + ",MTLS://127.0.0.1:" + mutualTls + ",TLS://127.0.0.1:"
                + tls + ",CONTROLLER://127.0.0.1:" + controller);
        p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + saslSsl + ",MTLS://127.0.0.1:" + mutualTls
                + ",TLS://127.0.0.1:" + tls);
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,MTLS:SSL,TLS:SSL,CONTROLLER:SSL");
        // The broker reaches itself (transaction markers) and its controller with its own certificate: a super user.
        p.put("inter.broker.listener.name", "MTLS");
        p.put("listener.name.mtls.ssl.client.auth", "required");
        p.put("listener.name.controller.ssl.client.auth", "required");
        p.put("ssl.keystore.location", keystore(BROKER).toString());
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.password", storePassword);
        p.put("ssl.key.password", storePassword);
        p.put("ssl.truststore.location", truststore().toString());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.password", storePassword);
        // A certificate's principal is its CN, so that a user is the same principal over SASL and mutual TLS.
        p.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT");
        p.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN");
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        StringBuilder plain = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        passwords.forEach((user, pw) -> plain.append(" user_").append(user).append("=\"").append(pw).append('"'));
        p.put("listener.name.sasl_ssl.plain.sasl.jaas.config", plain.append(';').toString());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + ADMIN + ";User:" + BROKER);
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /** Grants the serving and jobs principals their ACLs, through {@code admin} (a super user's client). */
    void grantAcls(Admin admin) throws ExecutionException, InterruptedException {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : SERVING_WRITES) {
            acls.add(allow(SERVING, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
        }
        for (String topic : SERVING_READS) {
            acls.add(allow(SERVING, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
        }
        for (String topic : List.of("eddy.decisions", "eddy.rewards", "eddy.interactions", "eddy.models",
                "eddy.experiments")) {
            acls.add(allow(SERVING, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        acls.add(allow(JOBS, ResourceType.TOPIC, "*", PatternType.LITERAL, AclOperation.ALL));
        acls.add(allow(JOBS, ResourceType.GROUP, "*", PatternType.LITERAL, AclOperation.ALL));
        acls.add(allow(JOBS, ResourceType.TRANSACTIONAL_ID, "*", PatternType.LITERAL, AclOperation.ALL));
        admin.createAcls(acls).all().get();
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
    }

    private static String secret(SecureRandom random) {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
