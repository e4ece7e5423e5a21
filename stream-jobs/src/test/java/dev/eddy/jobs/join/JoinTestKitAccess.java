package dev.eddy.jobs.join;

import dev.eddy.events.event.Decision;

import java.time.Instant;

/** Lets tests in other packages build the same decisions as the join tests. */
public final class JoinTestKitAccess {
    private JoinTestKitAccess() {}

    public static Decision decision(String id, Instant t) {
        return JoinTestKit.decision(id, t);
    }
}
