package dev.eddy.serving.config;

import dev.eddy.events.config.ConfigKey;
import dev.eddy.serving.ServingApp;
import dev.eddy.serving.retrieval.AnnIndex;

import java.time.Duration;
import java.util.List;

import static dev.eddy.events.config.ConfigKey.bool;
import static dev.eddy.events.config.ConfigKey.choice;
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
            "comma-separated bearer API keys in plain text, each with every scope; empty: none. Prefer serving.api-keys-file");
    public static final ConfigKey<String> API_KEYS_FILE = string("serving.api-keys-file", "",
            "file of API keys, one '<name> <scopes> sha256:<hex>' a line (eddy serving-key add writes it; a one-word line is "
                    + "a plain key with every scope), reloaded when it changes; adds to serving.api-keys. No key anywhere: "
                    + "no authentication");
    public static final ConfigKey<String> API_KEYS_ENV = string("serving.api-keys-env", "",
            "name of an environment variable holding API key entries as in serving.api-keys-file (separated by newlines "
                    + "or ;); adds to the others");
    public static final ConfigKey<Double> RATE_LIMIT = number("serving.rate-limit", 0,
            "requests a second each API key may send (a token bucket per key; over it: 429 with Retry-After); 0: no limit. "
                    + "A key file entry's rate=/burst= overrides it for that key");
    public static final ConfigKey<Integer> RATE_BURST = integer("serving.rate-burst", 0, 0, 1_000_000,
            "requests a key may send at once after a pause (the bucket's size); 0: one second's worth of serving.rate-limit");
    public static final ConfigKey<Integer> MAX_CONCURRENT = integer("serving.max-concurrent-requests", 64, 0, 100_000,
            "rank, feedback and read requests running at once; more wait up to serving.queue-wait, then get 503 with "
                    + "Retry-After (load shedding); 0: no limit");
    public static final ConfigKey<Duration> QUEUE_WAIT = duration("serving.queue-wait", "50ms",
            "how long a request waits for a slot of serving.max-concurrent-requests before it is refused with 503");
    public static final ConfigKey<String> TLS_KEYSTORE = string("serving.tls.keystore", "",
            "PKCS#12 or JKS keystore with the server's key and certificate: HTTPS (and HTTP/2) on serving.port; empty: plain HTTP");
    public static final ConfigKey<String> TLS_KEYSTORE_PASSWORD_FILE = string("serving.tls.keystore-password-file", "",
            "file whose first line is the keystore's password");
    public static final ConfigKey<String> TLS_KEYSTORE_PASSWORD_ENV = string("serving.tls.keystore-password-env", "",
            "name of an environment variable holding the keystore's password (used when no password file is set)");
    public static final ConfigKey<Boolean> TLS_HTTP2 = bool("serving.tls.http2", true,
            "with HTTPS, also offer HTTP/2 (h2 by ALPN) beside HTTP/1.1");
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
            "catalogues larger than this use an approximate index (serving.ann-index), built in the background; smaller ones an exact scan");
    public static final ConfigKey<AnnIndex> ANN_INDEX = choice("serving.ann-index", AnnIndex.IVF, AnnIndex.class,
            "approximate index of catalogues above serving.ann-threshold: ivf (k-means lists, builds in seconds) or graph (JVector)");
    public static final ConfigKey<String> FALLBACK = string("serving.fallback", "uniform",
            "policy used while the variant's model is not loaded: uniform (over the request's candidates) or none (503)");
    public static final ConfigKey<Integer> LOG_BUFFER = integer("serving.log-buffer", 100_000, 1, 10_000_000,
            "records queued for Kafka at most; more are dropped and counted, requests never wait for Kafka");
    public static final ConfigKey<Boolean> LOG_DURABLE = bool("serving.log.durable", false,
            "a rank/reward/events response waits for Kafka's acknowledgement of its event (acks=all) and is 503 when it does not come; false: logged asynchronously, never waiting");
    public static final ConfigKey<Duration> LOG_DURABLE_TIMEOUT = duration("serving.log.durable-timeout", "5s",
            "with serving.log.durable, how long a request waits at most for the acknowledgement before its 503");
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
            "before /readyz answers 200, serving runs its hot path on synthetic requests, then its HTTP layer over loopback, until the CPU per request settles and the JIT is quiet, at most this long; 0s: no warm-up");

    public static final ConfigKey<Boolean> DRIFT_GUARD = bool("serving.drift-guard", true,
            "watch each contextual-bandit model's reward rate as serving sees it; when it falls (a CUSUM test), rank that model's requests uniformly (logged as uniform, with their propensities) until a version that learned from the decisions which raised the alarm is loaded");
    public static final ConfigKey<Duration> DRIFT_GUARD_HORIZON = duration("serving.drift-guard.horizon", "10s",
            "a decision counts as rewarded when a positive reward for it reaches serving within this long; set it to about the time most rewards take (its outcome is known only then)");
    public static final ConfigKey<Double> DRIFT_GUARD_DROP = number("serving.drift-guard.drop", 0.5,
            "relative fall of the rewarded share the test is tuned to, in (0, 1): 0.5 looks for a fall to half the baseline");
    public static final ConfigKey<Double> DRIFT_GUARD_THRESHOLD = number("serving.drift-guard.threshold", 14,
            "the test's alarm level (log-likelihood ratio): higher gives fewer false alarms and later alarms");
    public static final ConfigKey<Integer> DRIFT_GUARD_BASELINE = integer("serving.drift-guard.baseline-decisions", 500, 1,
            10_000_000, "decisions whose outcome makes a model's baseline rate before it is watched (again after each alarm)");
    public static final ConfigKey<Duration> DRIFT_GUARD_MAX_EXPLORE = duration("serving.drift-guard.max-explore", "2m",
            "longest a model's requests are explored after an alarm when its picks do not prove better than the other candidates");

    public static final List<ConfigKey<?>> ALL = List.of(HOST, PORT, MAX_BODY_BYTES, REQUEST_TIMEOUT, MAX_K, MAX_CANDIDATES, API_KEYS,
            API_KEYS_FILE, API_KEYS_ENV, RATE_LIMIT, RATE_BURST, MAX_CONCURRENT, QUEUE_WAIT, TLS_KEYSTORE,
            TLS_KEYSTORE_PASSWORD_FILE, TLS_KEYSTORE_PASSWORD_ENV, TLS_HTTP2, EXPERIMENTS_FILE, DEFAULT_POLICY, DEFAULT_MODEL, DEFAULT_BANDIT_MODEL, EPSILON, RETRIEVE,
            ANN_THRESHOLD, ANN_INDEX, FALLBACK, LOG_BUFFER, LOG_DURABLE, LOG_DURABLE_TIMEOUT, SEEN_USERS, SEEN_ITEMS, SEEN_LOOKBACK, RESULTS_HISTORY,
            WARMUP_TIMEOUT, DRIFT_GUARD, DRIFT_GUARD_HORIZON, DRIFT_GUARD_DROP, DRIFT_GUARD_THRESHOLD, DRIFT_GUARD_BASELINE,
            DRIFT_GUARD_MAX_EXPLORE);
}
