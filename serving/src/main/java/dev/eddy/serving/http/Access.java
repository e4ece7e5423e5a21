package dev.eddy.serving.http;

import dev.eddy.serving.security.Scope;
import io.javalin.security.RouteRole;

/**
 * What a route needs, declared with the route itself (a Javalin route role): the scope its caller's key must have,
 * or none. {@link ServingServer} refuses to start with a route that declares no access, so a new endpoint cannot be
 * open by omission.
 */
public enum Access implements RouteRole {
    /** Probes, the OpenAPI document and the dashboard's page and scripts: no key, never shed. */
    OPEN(null, false),
    RANK(Scope.RANK, true),
    FEEDBACK(Scope.FEEDBACK, true),
    READ(Scope.READ, true),
    /** Metrics and reload: not shed, so that an overloaded server can still be watched and steered. */
    ADMIN(Scope.ADMIN, false);

    private final Scope scope;
    private final boolean shed;

    Access(Scope scope, boolean shed) {
        this.scope = scope;
        this.shed = shed;
    }

    /** The scope a key needs, or null for an open route. */
    public Scope scope() {
        return scope;
    }

    /** Whether the route's requests count against the concurrency limit (and are refused with 503 over it). */
    public boolean shed() {
        return shed;
    }
}
