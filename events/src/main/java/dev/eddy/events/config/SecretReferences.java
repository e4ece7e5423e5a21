package dev.eddy.events.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads secrets that a config value refers to instead of holding them: {@code ${file:PATH}} is the file's content
 * (trailing line breaks removed), {@code ${env:NAME}} the environment variable's value. A value may hold several
 * references among plain text, e.g. a JAAS line whose password is {@code ${env:EDDY_KAFKA_PASSWORD}}. So a config
 * file, a command line and {@code eddy config} show where a secret is, never the secret.
 */
public final class SecretReferences {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(file|env):([^}]+)}");

    private final UnaryOperator<String> environment;

    private SecretReferences(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** References resolved against this process's environment and files. */
    public static SecretReferences system() {
        return new SecretReferences(System::getenv);
    }

    /** References resolved against {@code environment} instead of the process's (for tests). */
    public static SecretReferences withEnvironment(UnaryOperator<String> environment) {
        return new SecretReferences(environment);
    }

    public static boolean refersToSecret(String value) {
        return REFERENCE.matcher(value).find();
    }

    /**
     * {@code value} with every reference replaced by what it refers to.
     *
     * @throws ConfigException naming {@code key} and the reference (never a secret) when it cannot be read
     */
    public String resolve(String key, String value) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String target = m.group(2).trim();
            String secret = m.group(1).equals("env") ? env(key, target) : file(key, target);
            m.appendReplacement(out, Matcher.quoteReplacement(secret));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String env(String key, String name) {
        String v = environment.apply(name);
        if (v == null) {
            throw new ConfigException("config key '" + key + "' refers to ${env:" + name + "}, but the environment "
                    + "variable " + name + " is not set");
        }
        return v;
    }

    private static String file(String key, String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("config key '" + key + "' refers to ${file:" + path + "}, which cannot be read: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
