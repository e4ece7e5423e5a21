package dev.eddy.serving.http;

import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One JSON {@code POST} endpoint's own work, from its body to its status and JSON answer (parse, validate, act,
 * encode), whichever way the request reached it: {@link InlinePostHandler} or the servlet route it falls back to both
 * call {@link #answer}.
 *
 * @param name   the endpoint's name in the metrics
 * @param access the key scope it needs and whether it is shed
 */
record PostRoute(String path, String name, Access access, Work work) {

    /** What the endpoint does with a body; {@code header} reads the request's headers by name. */
    @FunctionalInterface
    interface Work {
        Answer answer(byte[] body, UnaryOperator<String> header) throws IOException;
    }

    /** A status and its JSON body. */
    record Answer(int status, byte[] json) {}

    Answer answer(byte[] body, UnaryOperator<String> header) throws IOException {
        return work.answer(body, header);
    }

    /**
     * Serving's three: rank (answered 200; the HTTP warm-up's own requests, which carry its {@link WarmUpPass}, are
     * ranked to the end but not logged), reward and events (202).
     */
    static List<PostRoute> of(ServingEndpoints endpoints, RequestValidator validator, WarmUpPass warmUp) {
        PostRoute rank = new PostRoute("/v1/rank", "rank", Access.RANK, (body, header) -> {
            RankRequest r = RequestBodies.parse(body, RankRequest.class);
            validator.validate(r);
            return json(200, warmUp.admits(header.apply(WarmUpPass.HEADER)) ? endpoints.rankUnlogged(r) : endpoints.rank(r));
        });
        PostRoute reward = new PostRoute("/v1/reward", "reward", Access.FEEDBACK, (body, header) -> {
            RewardRequest r = RequestBodies.parse(body, RewardRequest.class);
            validator.validate(r);
            return json(202, endpoints.reward(r));
        });
        PostRoute events = new PostRoute("/v1/events", "events", Access.FEEDBACK, (body, header) -> {
            EventRequest r = RequestBodies.parse(body, EventRequest.class);
            validator.validate(r);
            return json(202, endpoints.event(r));
        });
        return List.of(rank, reward, events);
    }

    private static Answer json(int status, Object value) throws IOException {
        return new Answer(status, RequestBodies.mapper().writeValueAsBytes(value));
    }
}
