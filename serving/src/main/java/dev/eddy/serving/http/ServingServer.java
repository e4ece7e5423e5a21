package dev.eddy.serving.http;

import dev.eddy.serving.error.InvalidRequestException;
import dev.eddy.serving.error.RequestTooLargeException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;

import java.io.IOException;
import java.io.InputStream;
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

    /** Where and how to listen. */
    public record Settings(String host, int port, long maxBodyBytes, RequestLimits limits, ApiKeys apiKeys) {
        public Settings {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("serving.port must be in 0..65535, was " + port);
            if (maxBodyBytes < 1024) throw new IllegalArgumentException("serving.max-body-bytes must be >= 1024, was " + maxBodyBytes);
        }
    }

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
                RankRequest body = RequestBodies.parse(bodyWithin(ctx, settings.maxBodyBytes()), RankRequest.class);
                validator.validate(body);
                writeJson(ctx, 200, endpoints.rank(body));
            }));
            r.post("/v1/reward", named("reward", ctx -> {
                RewardRequest body = RequestBodies.parse(bodyWithin(ctx, settings.maxBodyBytes()), RewardRequest.class);
                validator.validate(body);
                writeJson(ctx, 202, endpoints.reward(body));
            }));
            r.post("/v1/events", named("events", ctx -> {
                EventRequest body = RequestBodies.parse(bodyWithin(ctx, settings.maxBodyBytes()), EventRequest.class);
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
            r.exception(HttpResponseException.class, ErrorResponses::handle);
            r.exception(Exception.class, ErrorResponses::handle);
            r.after(ctx -> {
                Long t0 = ctx.attribute(STARTED);
                if (t0 == null) return;
                String endpoint = ctx.attribute(ENDPOINT);
                metrics.request(endpoint == null ? "other" : endpoint, ctx.statusCode(), System.nanoTime() - t0);
            });
        }).start();
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
     * {@code limit} with a 413 that names the limit. A body without a length (chunked) is read up to the limit.
     */
    private static byte[] bodyWithin(Context ctx, long limit) {
        int max = (int) Math.min(limit, Integer.MAX_VALUE - 16);
        long declared = ctx.contentLength();
        if (declared > max) {
            drain(ctx, declared);
            throw new RequestTooLargeException(null, "request body of " + declared + " bytes exceeds the limit of " + max);
        }
        try {
            InputStream in = ctx.req().getInputStream();
            if (declared >= 0) {
                byte[] body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                if (read < body.length) {
                    throw new InvalidRequestException(null, "request body ended after " + read + " of the "
                            + declared + " bytes its Content-Length announced");
                }
                return body;
            }
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                drain(ctx, -1);
                throw new RequestTooLargeException(null, "request body exceeds the limit of " + max + " bytes");
            }
            return body;
        } catch (IOException e) {
            // Jetty's message names its own classes: not for the client.
            throw new InvalidRequestException(null, "could not read the request body");
        }
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
