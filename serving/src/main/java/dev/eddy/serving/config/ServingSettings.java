package dev.eddy.serving.config;

import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.config.ConfigException;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.serving.drift.DriftGuardSettings;
import dev.eddy.serving.config.ServingKeys;
import dev.eddy.serving.RecommendationService;
import dev.eddy.serving.ServingApp;
import dev.eddy.serving.VariantPlan;
import dev.eddy.serving.http.ApiKeys;
import dev.eddy.serving.http.RequestLimits;
import dev.eddy.serving.http.ServingServer;
import dev.eddy.serving.log.DurableLogging;
import dev.eddy.serving.http.TlsSettings;
import dev.eddy.serving.security.ApiKeyFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code serving.*} keys to {@link ServingApp.Settings}, failing at start with the key named. */
public final class ServingSettings {
    private ServingSettings() {}

    public static ServingApp.Settings from(EddyConfig c) {
        KafkaClientProperties kafka = KafkaClientProperties.from(c);
        RequestLimits limits = new RequestLimits(c.get(ServingKeys.MAX_K), c.get(ServingKeys.MAX_CANDIDATES),
                RequestLimits.DEFAULT.maxFeatures(), RequestLimits.DEFAULT.maxIdLength());
        ServingServer.Settings http = new ServingServer.Settings(c.get(ServingKeys.HOST), c.get(ServingKeys.PORT),
                c.get(ServingKeys.MAX_BODY_BYTES), limits, fixedApiKeys(c), apiKeysFile(c), tls(c), protection(c),
                c.get(ServingKeys.REQUEST_TIMEOUT));
        String banditModel = c.get(ServingKeys.DEFAULT_BANDIT_MODEL);
        VariantPlan plan = new VariantPlan(c.get(ServingKeys.DEFAULT_POLICY), c.get(ServingKeys.DEFAULT_MODEL),
                banditModel.isBlank() ? null : banditModel, Map.of());
        double epsilon = c.get(ServingKeys.EPSILON);
        if (!(epsilon >= 0 && epsilon <= 1)) throw invalid(ServingKeys.EPSILON.name(), String.valueOf(epsilon), "must be in [0, 1]");
        String fallback = c.get(ServingKeys.FALLBACK);
        if (!fallback.equals("uniform") && !fallback.equals("none")) {
            throw invalid(ServingKeys.FALLBACK.name(), fallback, "must be uniform or none");
        }
        RecommendationService.Settings service;
        try {
            service = new RecommendationService.Settings(plan, c.get(ServingKeys.RETRIEVE), fallback.equals("uniform"),
                    epsilon, KafkaKeys.topics(c));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key '" + ServingKeys.DEFAULT_POLICY.name() + "' / '"
                    + ServingKeys.DEFAULT_BANDIT_MODEL.name() + "': " + e.getMessage());
        }
        String experiments = c.get(ServingKeys.EXPERIMENTS_FILE);
        Path experimentsFile = null;
        if (!experiments.isBlank()) {
            experimentsFile = Path.of(experiments);
            if (!Files.isReadable(experimentsFile)) {
                throw invalid(ServingKeys.EXPERIMENTS_FILE.name(), experiments, "no readable file there");
            }
        }
        return new ServingApp.Settings(kafka, KafkaKeys.topics(c), http, service, experimentsFile,
                c.get(ServingKeys.LOG_BUFFER), c.get(ServingKeys.SEEN_USERS), c.get(ServingKeys.SEEN_ITEMS),
                c.get(ServingKeys.SEEN_LOOKBACK), c.get(ServingKeys.ANN_THRESHOLD), c.get(ServingKeys.RESULTS_HISTORY),
                c.get(ServingKeys.WARMUP_TIMEOUT), durableLogging(c), driftGuard(c), c.get(ServingKeys.ANN_INDEX));
    }

    private static DriftGuardSettings driftGuard(EddyConfig c) {
        Duration horizon = c.get(ServingKeys.DRIFT_GUARD_HORIZON);
        if (horizon.isZero() || horizon.isNegative()) {
            throw invalid(ServingKeys.DRIFT_GUARD_HORIZON.name(), String.valueOf(horizon), "must be > 0");
        }
        double drop = c.get(ServingKeys.DRIFT_GUARD_DROP);
        if (!(drop > 0 && drop < 1)) throw invalid(ServingKeys.DRIFT_GUARD_DROP.name(), String.valueOf(drop), "must be in (0, 1)");
        double threshold = c.get(ServingKeys.DRIFT_GUARD_THRESHOLD);
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw invalid(ServingKeys.DRIFT_GUARD_THRESHOLD.name(), String.valueOf(threshold), "must be > 0 and finite");
        }
        Duration maxExplore = c.get(ServingKeys.DRIFT_GUARD_MAX_EXPLORE);
        if (maxExplore.isZero() || maxExplore.isNegative()) {
            throw invalid(ServingKeys.DRIFT_GUARD_MAX_EXPLORE.name(), String.valueOf(maxExplore), "must be > 0");
        }
        return new DriftGuardSettings(c.get(ServingKeys.DRIFT_GUARD), horizon, drop, threshold,
                c.get(ServingKeys.DRIFT_GUARD_BASELINE), maxExplore, DriftGuardSettings.OFF.maxPending());
    }

    private static DurableLogging durableLogging(EddyConfig c) {
        Duration timeout = c.get(ServingKeys.LOG_DURABLE_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw invalid(ServingKeys.LOG_DURABLE_TIMEOUT.name(), String.valueOf(timeout), "must be > 0 and below 24 days");
        }
        return new DurableLogging(c.get(ServingKeys.LOG_DURABLE), timeout);
    }

    /** serving.api-keys and the entries of the variable serving.api-keys-env names. */
    private static ApiKeys fixedApiKeys(EddyConfig c) {
        List<String> inline = new ArrayList<>();
        String list = c.get(ServingKeys.API_KEYS);
        if (!list.isBlank()) Arrays.stream(list.split(",")).map(String::trim).forEach(inline::add);
        ApiKeys keys;
        try {
            keys = ApiKeys.of(inline);
        } catch (IllegalArgumentException e) {
            // The message names the key, never a key's value.
            throw new ConfigException("config key '" + ServingKeys.API_KEYS.name() + "' is invalid: a key is blank");
        }
        String variable = c.get(ServingKeys.API_KEYS_ENV);
        if (variable.isBlank()) return keys;
        String value = System.getenv(variable);
        if (value == null) throw invalid(ServingKeys.API_KEYS_ENV.name(), variable, "no such environment variable is set");
        try {
            ApiKeyFile.Parsed parsed = ApiKeyFile.parseVariable(value, variable);
            if (parsed.keys().isEmpty()) throw new IllegalArgumentException("it holds no key");
            return keys.plus(ApiKeys.ofKeys(parsed.keys()));
        } catch (IllegalArgumentException e) {
            throw invalid(ServingKeys.API_KEYS_ENV.name(), variable, e.getMessage());
        }
    }

    /** The key file, checked now so that a bad one fails the start naming the key; serving reads it again itself. */
    private static Path apiKeysFile(EddyConfig c) {
        String file = c.get(ServingKeys.API_KEYS_FILE);
        if (file.isBlank()) return null;
        Path path = Path.of(file);
        try {
            ApiKeyFile.Parsed parsed = ApiKeyFile.parse(Files.readString(path), path.getFileName().toString());
            if (parsed.keys().isEmpty()) throw new IllegalArgumentException("has no keys");
        } catch (IOException e) {
            throw invalid(ServingKeys.API_KEYS_FILE.name(), file, "cannot read it: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw invalid(ServingKeys.API_KEYS_FILE.name(), file, e.getMessage());
        }
        return path;
    }

    private static ServingServer.Protection protection(EddyConfig c) {
        double rate = c.get(ServingKeys.RATE_LIMIT);
        if (rate < 0) throw invalid(ServingKeys.RATE_LIMIT.name(), String.valueOf(rate), "must be >= 0");
        int burst = c.get(ServingKeys.RATE_BURST);
        if (burst == 0) burst = (int) Math.max(1, Math.ceil(rate));
        return new ServingServer.Protection(rate, burst, c.get(ServingKeys.MAX_CONCURRENT), c.get(ServingKeys.QUEUE_WAIT));
    }

    /** HTTPS when a keystore is named; its password from a file or an environment variable, never the config itself. */
    private static TlsSettings tls(EddyConfig c) {
        String keystore = c.get(ServingKeys.TLS_KEYSTORE);
        if (keystore.isBlank()) return null;
        Path path = Path.of(keystore);
        if (!Files.isReadable(path)) throw invalid(ServingKeys.TLS_KEYSTORE.name(), keystore, "no readable file there");
        String passwordFile = c.get(ServingKeys.TLS_KEYSTORE_PASSWORD_FILE);
        String passwordEnv = c.get(ServingKeys.TLS_KEYSTORE_PASSWORD_ENV);
        String password;
        if (!passwordFile.isBlank()) {
            try {
                List<String> lines = Files.readAllLines(Path.of(passwordFile));
                password = lines.isEmpty() ? "" : lines.get(0).strip();
            } catch (IOException e) {
                throw invalid(ServingKeys.TLS_KEYSTORE_PASSWORD_FILE.name(), passwordFile, "cannot read it: " + e.getMessage());
            }
        } else if (!passwordEnv.isBlank()) {
            password = System.getenv(passwordEnv);
            if (password == null) {
                throw invalid(ServingKeys.TLS_KEYSTORE_PASSWORD_ENV.name(), passwordEnv, "no such environment variable is set");
            }
        } else {
            throw new ConfigException("config key '" + ServingKeys.TLS_KEYSTORE.name() + "' needs the keystore's password: set '"
                    + ServingKeys.TLS_KEYSTORE_PASSWORD_FILE.name() + "' or '" + ServingKeys.TLS_KEYSTORE_PASSWORD_ENV.name() + "'");
        }
        TlsSettings tls = new TlsSettings(path, password, c.get(ServingKeys.TLS_HTTP2));
        try {
            tls.load();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key '" + ServingKeys.TLS_KEYSTORE.name() + "': " + e.getMessage());
        }
        return tls;
    }

    private static ConfigException invalid(String key, String value, String why) {
        return new ConfigException("config key '" + key + "' = '" + value + "' is invalid: " + why);
    }
}
