package dev.eddy.tools.demo;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The simulated clients' schedulers: daemon threads, so that a demo that ends early never waits on its traffic. */
final class DaemonPool {
    private DaemonPool() {
    }

    static ScheduledExecutorService scheduled(int threads, String name) {
        return Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
