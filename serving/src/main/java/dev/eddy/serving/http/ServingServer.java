package dev.eddy.serving.http;

import dev.eddy.serving.error.InvalidRequestException;
import dev.eddy.serving.error.RequestTimeoutException;
import dev.eddy.serving.error.RequestTooLargeException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;

import dev.eddy.serving.security.ApiKey;
import io.javalin.router.Endpoint;
import io.javalin.security.Roles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The HTTP server of serving (Javalin on Jetty 12): routes, API keys with scopes, per-key rate limits, a concurrency
 * limit that sheds load, body size limit, JSON errors and latency metrics, over HTTP or HTTPS (with HTTP/2). Every
 * failure is answered by {@link ErrorResponses}: a client mistake is a 4xx with {@code {"error", "field"}}, a model
 * not loaded yet or an overload a 503 with Retry-After, anything unexpected a 500 without internals.
 */
public final class ServingServer implements AutoCloseable {
    private static final String STARTED = "eddy.started";
    private static final String ENDPOINT = "eddy.endpoint";
    private static final String BODY = "eddy.body";
    private static final String KEY = "eddy.key";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    /** How often the API key file is checked for changes. */
    static final Duration KEY_FILE_CHECK = Duration.ofSeconds(2);

    /**
     * Per-key rate limits and the concurrency limit.
     *
     * @param ratePerKey    requests a second each API key may send (a token bucket per key); 0: no limit. Applies
     *                      only when keys are configured: without keys there is no caller to limit
     * @param burst         requests a key may send at once after a pause (the bucket's size), at least 1
     * @param maxConcurrent requests that may run at once on the rank, feedback and read endpoints; 0: no limit
     * @param queueWait     how long a request waits for one of those slots before it is refused with 503
     */
    public record Protection(double ratePerKey, int burst, int maxConcurrent, Duration queueWait) {
        public static final Protection DEFAULT = new Protection(0, 1, 64, Duration.ofMillis(50));

        public Protection {
            if (!(ratePerKey >= 0) || Double.isInfinite(ratePerKey)) {
                throw new IllegalArgumentException("serving.rate-limit must be >= 0, was " + ratePerKey);
            }
            if (burst < 1) throw new IllegalArgumentException("serving.rate-burst must be >= 1, was " + burst);
            if (maxConcurrent < 0) throw new IllegalArgumentException("serving.max-concurrent-requests must be >= 0, was " + maxConcurrent);
            if (queueWait.isNegative()) throw new IllegalArgumentException("serving.queue-wait must not be negative, was " + queueWait);
        }
    }

    /** How long a request's body may take to arrive by default (serving.request-timeout). */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Where and how to listen.
     *
     * @param apiKeys     the fixed keys (serving.api-keys and serving.api-keys-env)
     * @param apiKeysFile the key file, read at start and again when it changes; null for none
     * @param tls         HTTPS settings, or null for plain HTTP
     * @param requestTimeout the longest a request's body may take to arrive, and the longest the connection may wait
     *                       for a byte: a client that trickles or stalls gets a 408 (or a closed connection) then, so
     *                       slow clients cannot hold the server's threads
     */
    public record Settings(String host, int port, long maxBodyBytes, RequestLimits limits, ApiKeys apiKeys,
                           Path apiKeysFile, TlsSettings tls, Protection protection, Duration requestTimeout) {
        public Settings {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("serving.port must be in 0..65535, was " + port);
            if (maxBodyBytes < 1024) throw new IllegalArgumentException("serving.max-body-bytes must be >= 1024, was " + maxBodyBytes);
            if (protection == null) protection = Protection.DEFAULT;
            if (requestTimeout == null) requestTimeout = DEFAULT_REQUEST_TIMEOUT;
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("serving.request-timeout must be > 0, was " + requestTimeout);
            }
        }

        /** {@link #maxBodyBytes} as the length of one array. */
        int bodyLimit() {
            return (int) Math.min(maxBodyBytes, Integer.MAX_VALUE - 16);
        }

        /** With the default request timeout. */
        public Settings(String host, int port, long maxBodyBytes, RequestLimits limits, ApiKeys apiKeys,
                        Path apiKeysFile, TlsSettings tls, Protection protection) {
            this(host, port, maxBodyBytes, limits, apiKeys, apiKeysFile, tls, protection, DEFAULT_REQUEST_TIMEOUT);
        }

        /** Plain HTTP, fixed keys, the default limits and the given request timeout. */
        public Settings(String host, int port, long maxBodyBytes, RequestLimits limits, ApiKeys apiKeys,
                        Duration requestTimeout) {
            this(host, port, maxBodyBytes, limits, apiKeys, null, null, Protection.DEFAULT, requestTimeout);
        }

        /** Plain HTTP, fixed keys, the default limits. */
        public Settings(String host, int port, long maxBodyBytes, RequestLimits limits, ApiKeys apiKeys) {
            this(host, port, maxBodyBytes, limits, apiKeys, null, null, Protection.DEFAULT, DEFAULT_REQUEST_TIMEOUT);
        }
    }

    /** One route as the server registered it. */
    public record Route(String method, String path, Access access) {}

    private final Javalin app;
    private final ServingMetrics metrics;
    private final KeyRing keys;
    private final javax.net.ssl.SSLContext loopbackTls;
    private final Map<String, Supplier<Object>> reloadHooks;

    private ServingServer(Javalin app, ServingMetrics metrics, KeyRing keys, javax.net.ssl.SSLContext loopbackTls,
                          Map<String, Supplier<Object>> reloadHooks) {
        this.app = app;
        this.metrics = metrics;
        this.keys = keys;
        this.loopbackTls = loopbackTls;
        this.reloadHooks = reloadHooks;
    }

    public static ServingServer start(Settings settings, ServingEndpoints endpoints, DashboardEndpoints dashboard,
                                      ServingMetrics metrics) {
        return start(settings, endpoints, dashboard, metrics, WarmUpPass.closed());
    }

    /**
     * As {@link #start(Settings, ServingEndpoints, DashboardEndpoints, ServingMetrics)}; rank requests that carry
     * {@code warmUp}'s secret while it is open are ranked without logging their decisions (serving's HTTP warm-up).
     */
    public static ServingServer start(Settings settings, ServingEndpoints endpoints, DashboardEndpoints dashboard,
                                      ServingMetrics metrics, WarmUpPass warmUp) {
        RequestValidator validator = new RequestValidator(settings.limits());
        DashboardAssets assets = DashboardAssets.load();
        Protection protection = settings.protection();
        TokenBuckets rates = new TokenBuckets(protection.ratePerKey(), protection.burst(), System::nanoTime);
        LoadShedder shedder = new LoadShedder(protection.maxConcurrent(), protection.queueWait());
        KeyStore keystore = settings.tls() == null ? null : settings.tls().load();
        KeyRing keys = new KeyRing(settings.apiKeys(), settings.apiKeysFile(), KEY_FILE_CHECK);
        Map<String, Supplier<Object>> reloadHooks = new ConcurrentHashMap<>();
        reloadHooks.put("apiKeys", keys::reloadNow);
        Guard guard = new Guard(keys, rates, shedder);
        List<PostRoute> posts = PostRoute.of(endpoints, validator, warmUp);
        InlinePostHandler inline = new InlinePostHandler(posts, endpoints, guard, metrics, settings.bodyLimit(),
                settings.requestTimeout());
        Javalin app;
        try {
            app = Javalin.create(config -> {
                config.jetty.host = settings.host();
                config.jetty.port = settings.port();
                if (settings.tls() != null) {
                    // Replaces Javalin's plain connector (it adds one only when none is configured).
                    config.jetty.addConnector((server, http) -> TlsConnector.create(server, http, settings.host(),
                            settings.port(), settings.tls(), keystore));
                } else {
                    config.jetty.addConnector((server, http) -> plainConnector(server, http, settings));
                }
                // In front of Javalin's servlet (which Javalin adds inside it when it starts).
                config.jetty.modifyServer(server -> server.insertHandler(inline));
                config.http.maxRequestSize = settings.maxBodyBytes();
                long timeoutMs = settings.requestTimeout().toMillis();
                // Jetty's idle timeouts bound each wait for a byte (on the connection, and in a handler's blocking read);
                // bodyWithin bounds the whole body, which a client trickling one byte at a time would otherwise stretch.
                config.jetty.modifyHttpConfiguration(http -> http.setIdleTimeout(timeoutMs));
                config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
                // A known path asked with the wrong method is the client's mistake of method, not of path.
                config.http.prefer405over404 = true;
                config.startup.showJavalinBanner = false;
                config.jsonMapper(new JavalinJackson(RequestBodies.mapper(), false));
                var r = config.routes;
                r.before(ctx -> {
                    ctx.attribute(STARTED, System.nanoTime());
                    // Any /v1 path, known or not, needs a valid key: an unknown one answers 401, not which paths exist.
                    if (ctx.path().startsWith("/v1/")) authenticate(ctx, guard);
                });
                // Probes answer without a key: a load balancer or Kubernetes has none to send. Javalin finds a
                // request's route by trying each of its method's routes in the order registered, a regex match each
                // (for the before-matched step and again for the handler), so the probes, asked all the time, come first,
                // with their constant answers encoded once.
                r.get("/healthz", route(guard, settings, "healthz", Access.OPEN, ctx -> writeJsonBytes(ctx, 200, HEALTHY)), Access.OPEN);
                r.get("/readyz", route(guard, settings, "readyz", Access.OPEN, ctx -> {
                    String why = endpoints.notReadyReason();
                    if (why == null) writeJsonBytes(ctx, 200, READY);
                    else ctx.status(503).json(Map.of("status", "not ready", "reason", why));
                }), Access.OPEN);
                // Most of these requests are answered by InlinePostHandler before they reach the servlet; see there.
                for (PostRoute post : posts) {
                    r.post(post.path(), route(guard, settings, post.name(), post.access(), ctx -> {
                        PostRoute.Answer answer = post.answer(body(ctx, settings), ctx::header);
                        writeJsonBytes(ctx, answer.status(), answer.json());
                    }), post.access());
                }
                r.get("/v1/models", route(guard, settings, "models", Access.READ, ctx -> ctx.json(endpoints.models())), Access.READ);
                r.get("/v1/experiments", route(guard, settings, "experiments", Access.READ, ctx -> ctx.json(endpoints.experiments())),
                        Access.READ);
                r.get("/v1/experiments/{experimentId}/results", route(guard, settings, "experiment-results", Access.READ,
                        ctx -> ctx.json(dashboard.experimentResults(ctx.pathParam("experimentId")))), Access.READ);
                r.get("/v1/models/history", route(guard, settings, "model-history", Access.READ, ctx -> ctx.json(dashboard.modelHistory())),
                        Access.READ);
                r.post("/v1/admin/reload", route(guard, settings, "reload", Access.ADMIN, ctx -> {
                    // Nothing is read from the body, but it is read: unread, the connection is reset and the answer lost.
                    body(ctx, settings);
                    Map<String, Object> out = new TreeMap<>();
                    reloadHooks.forEach((name, hook) -> out.put(name, hook.get()));
                    ctx.json(out);
                }), Access.ADMIN);
                r.get("/metrics", route(guard, settings, "metrics", Access.ADMIN,
                        ctx -> ctx.contentType(PROMETHEUS).result(metrics.scrape())), Access.ADMIN);
                r.get("/openapi.yaml", route(guard, settings, "openapi", Access.OPEN,
                        ctx -> ctx.contentType("application/yaml").result(resource("openapi.yaml"))), Access.OPEN);
                // The address serving prints: a browser opened there lands on the dashboard. The page and its scripts
                // hold no data (a browser cannot send a bearer key with a page load): the page asks for a key with the
                // read scope and fetches the data from /v1.
                r.get("/", route(guard, settings, "root", Access.OPEN, ctx -> ctx.redirect("/dashboard", HttpStatus.FOUND)), Access.OPEN);
                r.get("/dashboard", route(guard, settings, "dashboard", Access.OPEN,
                        ctx -> ctx.contentType("text/html; charset=utf-8").result(resource("dashboard.html"))), Access.OPEN);
                r.get("/dashboard/{asset}", route(guard, settings, "dashboard", Access.OPEN, assets::serve), Access.OPEN);
                // One mapper for everything. Javalin has its own handler for its HttpResponseExceptions (unknown path,
                // wrong method), which would win over one for Exception: the mapper is registered for those too.
                r.exception(HttpResponseException.class, (e, ctx) -> {
                    // A refused body (wrong method, unknown path) is read first, as for a 413: unread, the connection
                    // is reset and the client loses the answer (found by ServingFuzzIT: PUT of 300 KB to a GET route).
                    drain(ctx, ctx.contentLength());
                    ErrorResponses.handle(e, ctx);
                });
                r.exception(Exception.class, ErrorResponses::handle);
                r.after(ctx -> {
                    Long t0 = ctx.attribute(STARTED);
                    if (t0 == null) return;
                    String endpoint = ctx.attribute(ENDPOINT);
                    metrics.request(endpoint == null ? "other" : endpoint, ctx.statusCode(), System.nanoTime() - t0);
                });
            });
            requireAccessOnEveryRoute(app);
            app.start();
            // Javalin makes its connectors at start; new connections take their idle timeout from then on.
            for (var c : app.jettyServer().server().getConnectors()) {
                if (c instanceof org.eclipse.jetty.server.AbstractConnector a) a.setIdleTimeout(settings.requestTimeout().toMillis());
            }
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
        register(metrics, keys, shedder, guard);
        return new ServingServer(app, metrics, keys, keystore == null ? null : TlsConnector.trusting(keystore), reloadHooks);
    }

    private static void register(ServingMetrics metrics, KeyRing keys, LoadShedder shedder, Guard guard) {
        metrics.gauge("eddy.http.inflight", "requests running on the rank, feedback and read endpoints", shedder,
                LoadShedder::inFlight);
        metrics.gauge("eddy.http.shed", "requests refused with 503 because every concurrency slot stayed busy",
                shedder, LoadShedder::shed);
        metrics.gauge("eddy.http.rate.limited", "requests refused with 429 by their key's rate limit", guard,
                Guard::rateLimited);
        metrics.gauge("eddy.api.keys.reloads", "times the API key file was reloaded", keys, KeyRing::reloads);
        metrics.gauge("eddy.api.keys.reload.failures", "changes of the API key file that did not load (the keys before stay)",
                keys, KeyRing::failures);
    }

    /**
     * Plain HTTP/1.1, with a selecting thread per core: {@link InlinePostHandler} ranks on those threads, so they are
     * what rank requests can use of the machine (Jetty's default is one per two cores).
     */
    private static org.eclipse.jetty.server.ServerConnector plainConnector(org.eclipse.jetty.server.Server server,
            org.eclipse.jetty.server.HttpConfiguration http, Settings settings) {
        var connector = new org.eclipse.jetty.server.ServerConnector(server, -1, InlinePostHandler.selectors(),
                new org.eclipse.jetty.server.HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        return connector;
    }

    /** Every route the server answers, with what it needs: the table the access tests walk. */
    public List<Route> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(p -> p.endpoint.method.isHttpMethod())
                .map(p -> new Route(p.endpoint.method.name(), p.endpoint.path, access(p.endpoint)))
                .toList();
    }

    /** A route registered without an {@link Access} would be open by omission: the server does not start. */
    private static void requireAccessOnEveryRoute(Javalin app) {
        for (var p : app.unsafe.internalRouter.allHttpHandlers()) {
            if (p.endpoint.method.isHttpMethod() && access(p.endpoint) == null) {
                throw new IllegalStateException(p.endpoint.method + " " + p.endpoint.path + " declares no Access");
            }
        }
    }

    private static Access access(Endpoint endpoint) {
        Roles roles = endpoint.metadata(Roles.class);
        if (roles == null) return null;
        List<Access> declared = roles.getRoles().stream().filter(Access.class::isInstance).map(Access.class::cast).toList();
        return declared.size() == 1 ? declared.get(0) : null;
    }

    /** What {@code POST /v1/admin/reload} also reloads (the experiments file): its answer goes under {@code name}. */
    public void onReload(String name, Supplier<Object> hook) {
        reloadHooks.put(name, hook);
    }

    /** The request's key (kept on the request), or 401; null when keys are off. */
    private static ApiKey authenticate(Context ctx, Guard guard) {
        ApiKey known = ctx.attribute(KEY);
        if (known != null) return known;
        ApiKey key = guard.authenticate(ctx.header("Authorization"));
        if (key != null) ctx.attribute(KEY, key);
        return key;
    }

    /** A route's handler behind the guard's checks, with its name for the metrics. */
    private static Handler route(Guard guard, Settings settings, String endpoint, Access access, Handler h) {
        return ctx -> {
            ctx.attribute(ENDPOINT, endpoint);
            if (access.scope() != null) guard.admit(authenticate(ctx, guard), access);
            if (!access.shed()) {
                h.handle(ctx);
                return;
            }
            // The body arrives before the request takes a slot: a client that trickles its body holds a thread for
            // serving.request-timeout at most, but never one of the slots that fast requests need.
            if (ctx.method() == io.javalin.http.HandlerType.POST) ctx.attribute(BODY, bodyWithin(ctx, settings));
            LoadShedder shedder = guard.shedder();
            if (!shedder.enter()) throw new OverloadedException();
            try {
                h.handle(ctx);
            } finally {
                shedder.exit();
            }
        };
    }

    /** The request's body: read already before the request took a slot, or now. */
    private static byte[] body(Context ctx, Settings settings) {
        byte[] read = ctx.attribute(BODY);
        return read != null ? read : bodyWithin(ctx, settings);
    }

    /** How much of a refused body is read before the 413 goes out (see {@link #drain}). */
    private static final long DRAIN_LIMIT = 1 << 20;

    /**
     * The body, read straight into one array of its declared length (Javalin's {@code bodyAsBytes} copies it
     * through two growing buffers, a tenth of all a rank request allocated under load), refusing bodies over
     * the size limit with a 413 that names the limit, and bodies that have not arrived within the request timeout
     * (counted from the request's start) with a 408. A body without a length (chunked) is read up to the limit.
     */
    private static byte[] bodyWithin(Context ctx, Settings settings) {
        int max = settings.bodyLimit();
        long declared = ctx.contentLength();
        if (declared > max) {
            drain(ctx, declared);
            throw new RequestTooLargeException(null, "request body of " + declared + " bytes exceeds the limit of " + max);
        }
        Long started = ctx.attribute(STARTED);
        long deadline = (started == null ? System.nanoTime() : started) + settings.requestTimeout().toNanos();
        try {
            InputStream in = ctx.req().getInputStream();
            if (declared >= 0) {
                byte[] body = new byte[(int) declared];
                int read = readUntil(in, body, 0, body.length, deadline, settings.requestTimeout());
                if (read < body.length) {
                    throw new InvalidRequestException(null, "request body ended after " + read + " of the "
                            + declared + " bytes its Content-Length announced");
                }
                return body;
            }
            byte[] body = new byte[Math.min(max + 1, 8192)];
            int n = 0;
            while (true) {
                int read = readUntil(in, body, n, body.length - n, deadline, settings.requestTimeout());
                n += read;
                if (n < body.length) break;
                if (body.length > max) {
                    drain(ctx, -1);
                    throw new RequestTooLargeException(null, "request body exceeds the limit of " + max + " bytes");
                }
                body = java.util.Arrays.copyOf(body, (int) Math.min((long) max + 1, 2L * body.length));
            }
            return n == body.length ? body : java.util.Arrays.copyOf(body, n);
        } catch (IOException e) {
            // Jetty's idle timeout fails a read that waited too long for a byte.
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof java.util.concurrent.TimeoutException) throw timedOut(settings.requestTimeout());
            }
            // Jetty's message names its own classes: not for the client.
            throw new InvalidRequestException(null, "could not read the request body");
        }
    }

    /**
     * Reads until {@code len} bytes or the end of the body, and refuses to go on once {@code deadline} (nanoTime) has
     * passed; returns how many bytes were read.
     */
    private static int readUntil(InputStream in, byte[] into, int off, int len, long deadline, Duration timeout)
            throws IOException {
        int n = 0;
        while (n < len) {
            int read = in.read(into, off + n, len - n);
            if (read < 0) break;
            n += read;
            if (n < len && System.nanoTime() - deadline > 0) throw timedOut(timeout);
        }
        return n;
    }

    static RequestTimeoutException timedOut(Duration timeout) {
        return new RequestTimeoutException("the request body did not arrive within serving.request-timeout ("
                + timeout.toMillis() + " ms)");
    }

    /**
     * Reads and drops the rest of a refused body before the 413 goes out: closing a connection with unread request
     * bytes makes the kernel reset it, and a client still sending then loses the answer ("no bytes received").
     * Bodies declared larger than {@link #DRAIN_LIMIT} are not read (those clients may see the reset); a chunked one
     * ({@code declared} -1) is read up to that much.
     */
    private static void drain(Context ctx, long declared) {
        if (declared > DRAIN_LIMIT) return;
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] sink = new byte[8192];
            long read = 0;
            for (int n; read <= DRAIN_LIMIT && (n = in.read(sink)) >= 0; ) read += n;
        } catch (IOException | RuntimeException e) {
            // The client went away or sent less than it announced: nothing to answer then.
        }
    }

    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] READY = "{\"status\":\"ready\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /**
     * Writes JSON straight to the servlet's output in one exact array. {@code ctx.json} would hand Javalin a stream
     * that it copies through a fresh 32 KB buffer per response: on the hot endpoints that was the largest allocation
     * left per request, and allocation is what makes the garbage collector pause.
     */
    private static void writeJsonBytes(Context ctx, int status, byte[] bytes) throws IOException {
        ctx.status(status).contentType("application/json");
        ctx.res().setContentLength(bytes.length);
        ctx.res().getOutputStream().write(bytes);
    }

    /** A file shipped in the jar beside the server (the OpenAPI document, the dashboard page). */
    public static byte[] resource(String name) {
        try (var in = ServingServer.class.getResourceAsStream("/dev/eddy/serving/" + name)) {
            if (in == null) throw new IllegalStateException(name + " missing from the jar");
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public int port() {
        return app.port();
    }

    /** The address on loopback, with the scheme it speaks. */
    public String baseUrl() {
        return (loopbackTls != null ? "https" : "http") + "://127.0.0.1:" + port();
    }

    /** Over HTTPS, a TLS context that trusts the server's own certificate (its warm-up calls it); null over HTTP. */
    public javax.net.ssl.SSLContext loopbackTls() {
        return loopbackTls;
    }

    public ServingMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        keys.close();
        app.stop();
    }
}
