package dev.eddy.tools.cli;

import dev.eddy.events.config.KafkaKeys;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.kafka.embedded.KafkaSecurity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Eddy config files for a secured embedded broker, one per user: the bootstrap servers and the kafka.client.*
 * keys for SASL_SSL with SCRAM-SHA-512 and the broker's truststore. The secrets (the JAAS line with the password,
 * the store password) sit in files of their own, readable by the owner only, that the config refers to with
 * {@code ${file:PATH}}: the config file itself can be shown and shared.
 */
final class SecureClientFiles {
    private SecureClientFiles() {}

    /**
     * Writes eddy-admin.properties, eddy-serving.properties and eddy-jobs.properties into the directory of
     * {@code kafka}'s stores; returns them by user.
     */
    static Map<String, Path> write(EmbeddedKafka kafka) {
        KafkaSecurity security = kafka.security().orElseThrow(() -> new IllegalArgumentException("not a secured broker"));
        Path dir = security.directory();
        Path storePassword = secret(dir.resolve("store.password"), security.storePassword());
        Map<String, Path> out = new LinkedHashMap<>();
        for (String user : KafkaSecurity.USERS) {
            Path jaas = secret(dir.resolve(user + ".jaas"),
                    security.jaas("org.apache.kafka.common.security.scram.ScramLoginModule", user));
            String client = KafkaKeys.CLIENT.familyPrefix();
            String text = "# Eddy client settings for the secured embedded broker (eddy kafka --secure) as " + user + "\n"
                    + KafkaKeys.BOOTSTRAP.name() + "=" + kafka.bootstrapServers() + "\n"
                    + client + "security.protocol=SASL_SSL\n"
                    + client + "sasl.mechanism=SCRAM-SHA-512\n"
                    + client + "sasl.jaas.config=${file:" + escape(jaas) + "}\n"
                    + client + "ssl.truststore.location=" + escape(security.truststore()) + "\n"
                    + client + "ssl.truststore.type=PKCS12\n"
                    + client + "ssl.truststore.password=${file:" + escape(storePassword) + "}\n";
            // eddy-admin.properties, eddy-serving.properties, eddy-jobs.properties
            Path file = dir.resolve((user.startsWith("eddy-") ? user : "eddy-" + user) + ".properties");
            try {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            out.put(user, file);
        }
        return out;
    }

    private static Path secret(Path file, String value) {
        try {
            Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A path as a properties value: backslashes doubled (Windows). */
    private static String escape(Path p) {
        return p.toAbsolutePath().toString().replace("\\", "\\\\");
    }
}
