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

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTTP server of serving (Javalin on Jetty 12): routes, bearer auth, body size limit, JSON errors and latency
 * metrics. Every failure is answered by {@link ErrorResponses}: a client mistake is a 4xx with
 * {@code {"error", "field"}}, a model not loaded yet a 503 with Retry-After, anything unexpected a 500 without
 * internals.
 */
public final class ServingServer implements AutoCloseable {
    private static final String STARTED = "eddy.started";
    private static final String ENDPOINT = "eddy.endpoint";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    /** How long a request's body may take to arrive by default (serving.request-timeout). */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Where and how to listen.
     *
     * @param requestTimeout the longest a request's body may take to arrive, and the longest the connection may wait
     *                       for a byte: a client that trickles or stalls gets a 408 (or a closed connection) then, so
     *                       slow clients cannot hold the server's threads
     */
    public record Settings(String host, int port, long maxBodyBytes, RequestLimits limits, ApiKeys apiKeys,
                           Duration requestTimeout) {
        public Settings {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("serving.port must be in 0..65535, was " + port);
            if (maxBodyBytes < 1024) throw new IllegalArgumentException("serving.max-body-bytes must be >= 1024, was " + maxBodyBytes);
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("serving.request-timeout must be > 0, was " + requestTimeout);
            }
        }

        /** With the default request timeout. */
        public Settings(String host, int port, long maxBodyBytes, RequestLimits limits, ApiKeys apiKeys) {
            this(host, port, maxBodyBytes, limits, apiKeys, DEFAULT_REQUEST_TIMEOUT);
        }
    }

    /** A route the server answers: its method and its path pattern ({@code /v1/experiments/{experimentId}/results}). */
    public record Route(String method, String path) {}

    private final Javalin app;
    private final ServingMetrics metrics;

    private ServingServer(Javalin app, ServingMetrics metrics) {
        this.app = app;
        this.metrics = metrics;
    }

    public static ServingServer start(Settings settings, ServingEndpoints endpoints, DashboardEndpoints dashboard,
                                      ServingMetrics metrics) {
        RequestValidator validator = new RequestValidator(settings.limits());
        DashboardAssets assets = DashboardAssets.load();
        Javalin app = Javalin.create(config -> {
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
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
                if (requiresKey(ctx.path()) && !settings.apiKeys().allows(ctx.header("Authorization"))) {
                    throw new ApiKeyRejectedException();
                }
            });
            r.post("/v1/rank", named("rank", ctx -> {
                RankRequest body = RequestBodies.parse(bodyWithin(ctx, settings), RankRequest.class);
                validator.validate(body);
                writeJson(ctx, 200, endpoints.rank(body));
            }));
            r.post("/v1/reward", named("reward", ctx -> {
                RewardRequest body = RequestBodies.parse(bodyWithin(ctx, settings), RewardRequest.class);
                validator.validate(body);
                writeJson(ctx, 202, endpoints.reward(body));
            }));
            r.post("/v1/events", named("events", ctx -> {
                EventRequest body = RequestBodies.parse(bodyWithin(ctx, settings), EventRequest.class);
                validator.validate(body);
                writeJson(ctx, 202, endpoints.event(body));
            }));
            r.get("/v1/models", named("models", ctx -> ctx.json(endpoints.models())));
            r.get("/v1/experiments", named("experiments", ctx -> ctx.json(endpoints.experiments())));
            r.get("/v1/experiments/{experimentId}/results", named("experiment-results",
                    ctx -> ctx.json(dashboard.experimentResults(ctx.pathParam("experimentId")))));
            r.get("/v1/models/history", named("model-history", ctx -> ctx.json(dashboard.modelHistory())));
            r.get("/healthz", named("healthz", ctx -> ctx.json(Map.of("status", "ok"))));
            r.get("/readyz", named("readyz", ctx -> {
                String why = endpoints.notReadyReason();
                if (why == null) ctx.json(Map.of("status", "ready"));
                else ctx.status(503).json(Map.of("status", "not ready", "reason", why));
            }));
            r.get("/metrics", named("metrics", ctx -> ctx.contentType(PROMETHEUS).result(metrics.scrape())));
            r.get("/openapi.yaml", named("openapi", ctx -> ctx.contentType("application/yaml").result(resource("openapi.yaml"))));
            // The address serving prints: a browser opened there lands on the dashboard.
            r.get("/", named("root", ctx -> ctx.redirect("/dashboard", HttpStatus.FOUND)));
            r.get("/dashboard", named("dashboard", ctx -> ctx.contentType("text/html; charset=utf-8").result(resource("dashboard.html"))));
            r.get("/dashboard/{asset}", named("dashboard", assets::serve));
            // One mapper for everything. Javalin has its own handler for its HttpResponseExceptions (unknown path,
            // wrong method), which would win over one for Exception: the mapper is registered for those too.
            r.exception(HttpResponseException.class, (e, ctx) -> {
                // A refused body (wrong method, unknown path) is read first, as for a 413: unread, the connection is
                // reset and the client loses the answer (found by ServingFuzzIT: PUT of 300 KB to a GET route).
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
        }).start();
        // Javalin makes its connector at start; new connections take its idle timeout from then on.
        for (var c : app.jettyServer().server().getConnectors()) {
            if (c instanceof org.eclipse.jetty.server.AbstractConnector a) a.setIdleTimeout(settings.requestTimeout().toMillis());
        }
        return new ServingServer(app, metrics);
    }

    /**
     * Health, readiness, metrics, the OpenAPI document and the dashboard page with its scripts stay open so that
     * probes, scrapers and browsers need no key; the data the dashboard shows comes from /v1 (the page asks for a key
     * when one is needed).
     */
    private static boolean requiresKey(String path) {
        return path.startsWith("/v1/");
    }

    private static Handler named(String endpoint, Handler h) {
        return ctx -> {
            ctx.attribute(ENDPOINT, endpoint);
            h.handle(ctx);
        };
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
        int max = (int) Math.min(settings.maxBodyBytes(), Integer.MAX_VALUE - 16);
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

    private static RequestTimeoutException timedOut(Duration timeout) {
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

    /**
     * Writes {@code value} as the JSON response straight to the servlet's output in one exact array. {@code ctx.json}
     * would hand Javalin a stream that it copies through a fresh 32 KB buffer per response: on the hot endpoints that
     * was the largest allocation left per request, and allocation is what makes the garbage collector pause.
     */
    private static void writeJson(Context ctx, int status, Object value) throws IOException {
        byte[] bytes = RequestBodies.mapper().writeValueAsBytes(value);
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

    /** Every route the server answers, from its router: a route added later is in this list too. */
    public List<Route> routes() {
        List<Route> out = new ArrayList<>();
        for (var p : app.unsafe.internalRouter.allHttpHandlers()) {
            if (p.endpoint.method.isHttpMethod()) out.add(new Route(p.endpoint.method.name(), p.endpoint.path));
        }
        return out;
    }

    public int port() {
        return app.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public ServingMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        app.stop();
    }
}
