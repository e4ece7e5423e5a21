package dev.eddy.serving.config;

import dev.eddy.events.config.ConfigKey;
import dev.eddy.serving.ServingApp;

import java.time.Duration;
import java.util.List;

import static dev.eddy.events.config.ConfigKey.duration;
import static dev.eddy.events.config.ConfigKey.integer;
import static dev.eddy.events.config.ConfigKey.number;
import static dev.eddy.events.config.ConfigKey.string;

/** The keys of {@code eddy serve}; docs/configuration.md lists them with the jobs' keys. */
public final class ServingKeys {
    private ServingKeys() {}

    public static final ConfigKey<String> HOST = string("serving.host", "127.0.0.1",
            "address the HTTP server binds (0.0.0.0 for all interfaces)");
    public static final ConfigKey<Integer> PORT = integer("serving.port", 8080, 0, 65535,
            "HTTP port (0 picks a free one)");
    public static final ConfigKey<Integer> MAX_BODY_BYTES = integer("serving.max-body-bytes", 1 << 20, 1024, 64 << 20,
            "largest request body; larger ones get 413");
    public static final ConfigKey<Duration> REQUEST_TIMEOUT = duration("serving.request-timeout", "10s",
            "longest a request body may take to arrive (and a connection may wait for a byte); slower clients get 408, so they cannot hold the server's threads");
    public static final ConfigKey<Integer> MAX_K = integer("serving.max-k", 100, 1, 10_000, "largest k of /v1/rank");
    public static final ConfigKey<Integer> MAX_CANDIDATES = integer("serving.max-candidates", 1000, 1, 100_000,
            "most candidates one /v1/rank request may send");
    public static final ConfigKey<String> API_KEYS = string("serving.api-keys", "",
            "comma-separated bearer API keys; empty: no authentication. Prefer serving.api-keys-file");
    public static final ConfigKey<String> API_KEYS_FILE = string("serving.api-keys-file", "",
            "file with one bearer API key per line (# comments); adds to serving.api-keys");
    public static final ConfigKey<String> EXPERIMENTS_FILE = string("serving.experiments-file", "",
            "YAML file of experiments (see deploy/serving/experiments.yaml); empty: none");
    public static final ConfigKey<String> DEFAULT_POLICY = string("serving.default-policy", "mf-topk",
            "policy for requests outside experiments: mf-topk, neucb (any contextual-bandit model), epsilon-greedy, uniform");
    public static final ConfigKey<String> DEFAULT_MODEL = string("serving.default-model", "recs",
            "embedding model that retrieves candidates for requests without them");
    public static final ConfigKey<String> DEFAULT_BANDIT_MODEL = string("serving.default-bandit-model", "",
            "contextual-bandit model of the default policy when it is neucb");
    public static final ConfigKey<Double> EPSILON = number("serving.epsilon", 0.1,
            "exploration rate of the epsilon-greedy policy, in [0, 1]");
    public static final ConfigKey<Integer> RETRIEVE = integer("serving.retrieve", 100, 1, 10_000,
            "candidates retrieved from the embedding model per request when the request sends none");
    public static final ConfigKey<Integer> ANN_THRESHOLD = integer("serving.ann-threshold", 50_000, 1, Integer.MAX_VALUE,
            "catalogues larger than this use the approximate (JVector) index, built in the background; smaller ones an exact scan");
    public static final ConfigKey<String> FALLBACK = string("serving.fallback", "uniform",
            "policy used while the variant's model is not loaded: uniform (over the request's candidates) or none (503)");
    public static final ConfigKey<Integer> LOG_BUFFER = integer("serving.log-buffer", 100_000, 1, 10_000_000,
            "records queued for Kafka at most; more are dropped and counted, requests never wait for Kafka");
    public static final ConfigKey<Integer> SEEN_USERS = integer("serving.seen-users", 100_000, 1, 100_000_000,
            "users whose recent items are remembered for exclusion (least recently active forgotten first)");
    public static final ConfigKey<Integer> SEEN_ITEMS = integer("serving.seen-items", 200, 0, 100_000,
            "recent items per user excluded from retrieval");
    public static final ConfigKey<Duration> SEEN_LOOKBACK = duration("serving.seen-lookback", "1h",
            "how far back eddy.interactions is read at start to learn what users have seen");
    public static final ConfigKey<Integer> RESULTS_HISTORY = integer("serving.results-history",
            ServingApp.DEFAULT_RESULTS_HISTORY, 2, 100_000,
            "experiment read-outs kept per experiment for the dashboard's charts; a longer experiment's are thinned evenly over its span");

    public static final ConfigKey<Duration> WARMUP_TIMEOUT = duration("serving.warmup-timeout", "60s",
            "before /readyz answers 200, serving runs its hot path on synthetic requests until latency settles, at most this long; 0s: no warm-up");

    public static final List<ConfigKey<?>> ALL = List.of(HOST, PORT, MAX_BODY_BYTES, REQUEST_TIMEOUT, MAX_K, MAX_CANDIDATES, API_KEYS,
            API_KEYS_FILE, EXPERIMENTS_FILE, DEFAULT_POLICY, DEFAULT_MODEL, DEFAULT_BANDIT_MODEL, EPSILON, RETRIEVE,
            ANN_THRESHOLD, FALLBACK, LOG_BUFFER, SEEN_USERS, SEEN_ITEMS, SEEN_LOOKBACK, RESULTS_HISTORY,
            WARMUP_TIMEOUT);
}
