package dev.eddy.serving.config;

import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.config.ConfigException;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.serving.config.ServingKeys;
import dev.eddy.serving.RecommendationService;
import dev.eddy.serving.ServingApp;
import dev.eddy.serving.VariantPlan;
import dev.eddy.serving.http.ApiKeys;
import dev.eddy.serving.http.RequestLimits;
import dev.eddy.serving.http.ServingServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code serving.*} keys to {@link ServingApp.Settings}, failing at start with the key named. */
public final class ServingSettings {
    private ServingSettings() {}

    public static ServingApp.Settings from(EddyConfig c) {
        String bootstrap = c.get(KafkaKeys.BOOTSTRAP);
        RequestLimits limits = new RequestLimits(c.get(ServingKeys.MAX_K), c.get(ServingKeys.MAX_CANDIDATES),
                RequestLimits.DEFAULT.maxFeatures(), RequestLimits.DEFAULT.maxIdLength());
        ServingServer.Settings http = new ServingServer.Settings(c.get(ServingKeys.HOST), c.get(ServingKeys.PORT),
                c.get(ServingKeys.MAX_BODY_BYTES), limits, apiKeys(c), c.get(ServingKeys.REQUEST_TIMEOUT));
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
        return new ServingApp.Settings(bootstrap, KafkaKeys.topics(c), http, service, experimentsFile,
                c.get(ServingKeys.LOG_BUFFER), c.get(ServingKeys.SEEN_USERS), c.get(ServingKeys.SEEN_ITEMS),
                c.get(ServingKeys.SEEN_LOOKBACK), c.get(ServingKeys.ANN_THRESHOLD), c.get(ServingKeys.RESULTS_HISTORY),
                c.get(ServingKeys.WARMUP_TIMEOUT));
    }

    private static ApiKeys apiKeys(EddyConfig c) {
        List<String> keys = new ArrayList<>();
        String inline = c.get(ServingKeys.API_KEYS);
        if (!inline.isBlank()) Arrays.stream(inline.split(",")).map(String::trim).forEach(keys::add);
        String file = c.get(ServingKeys.API_KEYS_FILE);
        if (!file.isBlank()) {
            try {
                for (String line : Files.readAllLines(Path.of(file))) {
                    String k = line.strip();
                    if (!k.isEmpty() && !k.startsWith("#")) keys.add(k);
                }
            } catch (IOException e) {
                throw invalid(ServingKeys.API_KEYS_FILE.name(), file, "cannot read it: " + e.getMessage());
            }
            if (keys.isEmpty()) throw invalid(ServingKeys.API_KEYS_FILE.name(), file, "has no keys");
        }
        try {
            return keys.isEmpty() ? ApiKeys.disabled() : ApiKeys.of(keys);
        } catch (IllegalArgumentException e) {
            // The message names the key, never a key's value.
            throw new ConfigException("config key '" + ServingKeys.API_KEYS.name() + "' is invalid: a key is blank");
        }
    }

    private static ConfigException invalid(String key, String value, String why) {
        return new ConfigException("config key '" + key + "' = '" + value + "' is invalid: " + why);
    }
}
