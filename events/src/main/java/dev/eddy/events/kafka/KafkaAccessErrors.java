package dev.eddy.events.kafka;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

import java.util.Optional;
import java.util.TreeSet;

/**
 * Says in one sentence why a secured broker refused a client, and which setting or ACL would change that: the
 * client's own exceptions name neither the configuration keys nor the ACL to grant.
 */
public final class KafkaAccessErrors {
    private KafkaAccessErrors() {}

    /** The explanation for an authentication or authorization failure anywhere in {@code e}'s causes, else empty. */
    public static Optional<String> explain(Throwable e, String bootstrapServers) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String why = explainOne(t, bootstrapServers);
            if (why != null) return Optional.of(why);
            if (t.getCause() == t) break;
        }
        return Optional.empty();
    }

    /** {@code e}'s explanation as an exception (the cause kept), or {@code e} itself when it is no access failure. */
    public static RuntimeException rethrowable(RuntimeException e, String bootstrapServers) {
        return explain(e, bootstrapServers).<RuntimeException>map(m -> new KafkaAccessException(m, e)).orElse(e);
    }

    private static String explainOne(Throwable t, String at) {
        if (t instanceof SslAuthenticationException) {
            return "the TLS handshake with Kafka at " + at + " failed (" + t.getMessage() + "): set "
                    + "kafka.client.ssl.truststore.location (and ssl.truststore.password, ssl.truststore.type) to a "
                    + "truststore with the broker's CA; for mutual TLS also kafka.client.ssl.keystore.location";
        }
        if (t instanceof AuthenticationException) {
            return "Kafka at " + at + " refused the client's credentials (" + t.getMessage() + "): check "
                    + "kafka.client.security.protocol, kafka.client.sasl.mechanism and kafka.client.sasl.jaas.config";
        }
        if (t instanceof TopicAuthorizationException topics) {
            String names = String.join(", ", new TreeSet<>(topics.unauthorizedTopics()));
            return "Kafka at " + at + " refused access to topic " + (names.isEmpty() ? "(unnamed)" : names)
                    + ": no ACL allows this client's principal that operation on Topic:" + names
                    + " — grant it (kafka-acls --add --allow-principal User:NAME --operation Read|Write|Describe "
                    + "--topic " + names + ") or use credentials that have it";
        }
        if (t instanceof GroupAuthorizationException group) {
            return "Kafka at " + at + " refused access to consumer group " + group.groupId() + ": no ACL allows this "
                    + "client's principal Read on Group:" + group.groupId() + " — grant it, or set kafka.group-id "
                    + "to a group the principal may use";
        }
        if (t instanceof TransactionalIdAuthorizationException) {
            return "Kafka at " + at + " refused a transactional id (" + t.getMessage() + "): no ACL allows this "
                    + "client's principal Write on TransactionalId:<kafka.group-id>… — grant it for that prefix";
        }
        if (t instanceof ClusterAuthorizationException) {
            return "Kafka at " + at + " refused a cluster operation (" + t.getMessage() + "): no ACL allows this "
                    + "client's principal that operation on Cluster:kafka-cluster — grant it or use admin credentials";
        }
        if (t instanceof AuthorizationException) {
            return "Kafka at " + at + " refused the operation (" + t.getMessage() + "): no ACL allows this client's "
                    + "principal — grant one or use credentials that have it";
        }
        return null;
    }

    /** A refusal by a secured broker, explained. */
    public static final class KafkaAccessException extends IllegalStateException {
        public KafkaAccessException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
