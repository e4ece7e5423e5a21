package dev.eddy.serving.http;

import dev.eddy.serving.error.InvalidRequestException;
import dev.eddy.serving.error.RequestTimeoutException;
import dev.eddy.serving.error.RequestTooLargeException;
import dev.eddy.serving.error.RetryLaterException;
import dev.eddy.serving.experiment.UnknownExperimentException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * The one place where a request that failed becomes its HTTP answer: status, headers and {@code {"error", "field"}}.
 * Serving's core says what went wrong in its own terms (the exceptions of {@code dev.eddy.serving.error} and
 * {@link UnknownExperimentException}) and knows nothing of HTTP; Javalin's own refusals (unknown path, wrong
 * method) get the same body. Anything else is a bug: logged with its stack trace, and answered 500 with a fixed
 * message, so that no exception type, message or stack trace reaches the client.
 */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    static final String INTERNAL_ERROR = "internal error; see the server log";

    private ErrorResponses() {}

    /** An answer to a failed request. */
    record ErrorResponse(int status, ApiError body, Map<String, String> headers) {}

    static ErrorResponse of(Exception e) {
        if (e instanceof InvalidRequestException x) return answer(400, x.getMessage(), x.field());
        if (e instanceof ApiKeyRejectedException x) {
            return new ErrorResponse(401, new ApiError(x.getMessage(), null), Map.of("WWW-Authenticate", "Bearer"));
        }
        if (e instanceof ScopeMissingException x) return answer(403, x.getMessage(), null);
        if (e instanceof RateLimitedException x) {
            return new ErrorResponse(429, new ApiError(x.getMessage(), null),
                    Map.of("Retry-After", Long.toString(seconds(x.retryAfter()))));
        }
        // Experiments are named only by the request's experimentId.
        if (e instanceof UnknownExperimentException x) return answer(404, "experimentId: " + x.getMessage(), "experimentId");
        if (e instanceof RequestTooLargeException x) return answer(413, x.getMessage(), x.field());
        if (e instanceof RequestTimeoutException x) {
            // The connection is not reused: the rest of a slow body may still be on its way.
            return new ErrorResponse(408, new ApiError(x.getMessage(), null), Map.of("Connection", "close"));
        }
        if (e instanceof RetryLaterException x) {
            return new ErrorResponse(503, new ApiError(x.getMessage(), x.field()),
                    Map.of("Retry-After", Long.toString(seconds(x.retryAfter()))));
        }
        if (e instanceof HttpResponseException x && x.getStatus() < 500) {
            String allowed = x.getStatus() == 405 ? allowedMethods(x) : null;
            return new ErrorResponse(x.getStatus(), new ApiError(x.getMessage(), null),
                    allowed == null ? Map.of() : Map.of("Allow", allowed));
        }
        return answer(500, INTERNAL_ERROR, null);
    }

    /** As {@link #of(Exception)}, and a bug (a 500) is logged with the request it failed. */
    static ErrorResponse of(Exception e, Object method, String path) {
        ErrorResponse r = of(e);
        // Only a bug is logged: a 503 is serving waiting for a model, which its metrics and /readyz show.
        if (r.status() == 500) LOG.error("{} {} failed", method, path, e);
        return r;
    }

    /** Registered on Javalin for every exception a handler throws. */
    static void handle(Exception e, Context ctx) {
        ErrorResponse r = of(e, ctx.method(), ctx.path());
        r.headers().forEach(ctx::header);
        ctx.status(r.status()).json(r.body());
    }

    /**
     * Javalin lists the methods a path has in a 405's details (keyed for a JSON or an HTML client); the Allow header
     * is where HTTP wants them.
     */
    private static String allowedMethods(HttpResponseException e) {
        String json = e.getDetails().get("availableMethods");
        return json != null ? json : e.getDetails().get("Available methods");
    }

    private static ErrorResponse answer(int status, String message, String field) {
        return new ErrorResponse(status, new ApiError(message, field), Map.of());
    }

    /** Retry-After counts whole seconds; a wait is rounded up so that the client never asks too early. */
    static long seconds(Duration d) {
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Math.max(1, s);
    }
}
