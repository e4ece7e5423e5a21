package dev.eddy.serving.http;

import dev.eddy.serving.error.InvalidRequestException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Answers the JSON {@code POST} endpoints (rank, reward, events: {@link PostRoute}) on the thread that read the
 * request, and hands every other request to Javalin's servlet on a pool thread. The servlet is a blocking handler: for
 * each of its requests Jetty wakes a second thread to go on selecting while the first runs it, and that wake-up, the
 * parks and the servlet layers were more of a rank request's CPU than the ranking (profiled under load). With the
 * default asynchronous log these endpoints block on nothing, so they run where their bytes arrived, as a non-blocking
 * Jetty handler; when logging may wait for Kafka ({@link ServingEndpoints#logMayWait}) the work goes to a pool thread.
 * They answer exactly as the servlet routes do: the same {@link Guard}, body limits and deadline, {@link PostRoute}
 * and {@link ErrorResponses}. Requests of another shape (a body without a length, or one over the limit, which the
 * servlet drains before its 413) go to the servlet.
 */
final class InlinePostHandler extends Handler.Wrapper {
    private final Map<String, PostRoute> routes;
    private final ServingEndpoints endpoints;
    private final Guard guard;
    private final ServingMetrics metrics;
    private final int bodyLimit;
    private final Duration requestTimeout;

    InlinePostHandler(List<PostRoute> routes, ServingEndpoints endpoints, Guard guard, ServingMetrics metrics,
                      int bodyLimit, Duration requestTimeout) {
        this.routes = routes.stream().collect(Collectors.toUnmodifiableMap(PostRoute::path, Function.identity()));
        this.endpoints = endpoints;
        this.guard = guard;
        this.metrics = metrics;
        this.bodyLimit = bodyLimit;
        this.requestTimeout = requestTimeout;
    }

    /** Selecting threads for a connector: one per core, as each runs the requests it reads. */
    static int selectors() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Jetty runs a non-blocking server's requests on the selecting thread; the servlet's are dispatched below. */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long length = request.getLength();
        PostRoute route = HttpMethod.POST.is(request.getMethod()) ? routes.get(Request.getPathInContext(request)) : null;
        if (route != null && length >= 0 && length <= bodyLimit) {
            new Exchange(route, request, response, callback, (int) length).run();
        } else {
            request.getContext().execute(() -> toServlet(request, response, callback));
        }
        return true;
    }

    private void toServlet(Request request, Response response, Callback callback) {
        try {
            if (!super.handle(request, response, callback)) Response.writeError(request, response, callback, 404);
        } catch (Throwable t) {
            Response.writeError(request, response, callback, t);
        }
    }

    /** One request: its body as it arrives, then its answer. */
    private final class Exchange implements Runnable {
        private final PostRoute route;
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final long started = System.nanoTime();
        private final byte[] body;
        private int filled;

        Exchange(PostRoute route, Request request, Response response, Callback callback, int length) {
            this.route = route;
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.body = new byte[length];
        }

        /**
         * Takes what has arrived of the body, and asks to be run again when more does (on the selecting thread); once
         * it is whole, the guard (key, scope, rate). The guard comes after the body so that a refusal never leaves
         * body bytes unread: Jetty would then close the kept-alive connection after an answer that did not say so,
         * and a client that sent its next request on it gets no answer (seen as "header parser received no bytes"
         * from Java's client, about one warm-up in ten over TLS). Bodies are bounded by the limit either way.
         */
        @Override
        public void run() {
            try {
                while (true) {
                    Content.Chunk chunk = request.read();
                    if (chunk == null) {
                        request.demand(this);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) throw unreadable(chunk.getFailure());
                    boolean last = chunk.isLast();
                    ByteBuffer bytes = chunk.getByteBuffer();
                    int n = Math.min(bytes.remaining(), body.length - filled);
                    bytes.get(body, filled, n);
                    filled += n;
                    chunk.release();
                    if (last) break;
                    if (System.nanoTime() - started - requestTimeout.toNanos() > 0) throw ServingServer.timedOut(requestTimeout);
                }
                if (filled < body.length) {
                    throw new InvalidRequestException(null, "request body ended after " + filled + " of the "
                            + body.length + " bytes its Content-Length announced");
                }
                guard.admit(guard.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION)), route.access());
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            answerInSlot();
        }

        private RuntimeException unreadable(Throwable failure) {
            // Jetty's idle timeout fails a read that waited too long for a byte; its other messages name its classes.
            for (Throwable c = failure; c != null; c = c.getCause()) {
                if (c instanceof TimeoutException) return ServingServer.timedOut(requestTimeout);
            }
            return new InvalidRequestException(null, "could not read the request body");
        }

        /**
         * Answers in a slot of the concurrency limit. With one free and a log that waits on nothing, here and now; else
         * on a pool thread, which waits for a slot as long as the servlet's routes do, so that the selecting thread
         * never waits.
         */
        private void answerInSlot() {
            LoadShedder shedder = route.access().shed() ? guard.shedder() : null;
            if (!endpoints.logMayWait() && (shedder == null || shedder.tryEnter())) {
                answerThenLeave(shedder);
                return;
            }
            request.getContext().execute(() -> {
                if (shedder == null || enter(shedder)) answerThenLeave(shedder);
                else fail(new OverloadedException());
            });
        }

        private static boolean enter(LoadShedder shedder) {
            try {
                return shedder.enter();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** Answers, then gives back the slot it held (if any). */
        private void answerThenLeave(LoadShedder shedder) {
            try {
                answer();
            } finally {
                if (shedder != null) shedder.exit();
            }
        }

        private void answer() {
            PostRoute.Answer answer;
            try {
                answer = route.answer(body, request.getHeaders()::get);
            } catch (Exception e) {
                fail(e);
                return;
            }
            write(answer.status(), answer.json(), Map.of());
        }

        private void fail(Exception e) {
            ErrorResponses.ErrorResponse r = ErrorResponses.of(e, request.getMethod(), route.path());
            byte[] json;
            try {
                json = RequestBodies.mapper().writeValueAsBytes(r.body());
            } catch (java.io.IOException impossible) {
                throw new java.io.UncheckedIOException(impossible);
            }
            write(r.status(), json, r.headers());
        }

        private void write(int status, byte[] json, Map<String, String> headers) {
            response.setStatus(status);
            HttpFields.Mutable h = response.getHeaders();
            headers.forEach(h::put);
            h.put(HttpHeader.CONTENT_TYPE, "application/json");
            h.put(HttpHeader.CONTENT_LENGTH, json.length);
            metrics.request(route.name(), status, System.nanoTime() - started);
            response.write(true, ByteBuffer.wrap(json), callback);
        }
    }
}
