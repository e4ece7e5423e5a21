package dev.eddy.recsys.lifecycle;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most one {@link RetrainTask} running on a thread of its own, so that its owner's thread goes on (the retrain
 * job's task thread processes records and checkpoints meanwhile) and polls for the result. The methods are for the
 * owner's thread only; {@link #isRunning()} may also be read by others (a metrics gauge), without a guarantee of
 * freshness.
 */
public final class BackgroundRetrain implements AutoCloseable {
    /** How a retrain ended: its outcome, its failure, or discarded (then neither). */
    public record Finished(RetrainOutcome outcome, Throwable failure) {
        public boolean discarded() {
            return outcome == null && failure == null;
        }
    }

    private final ExecutorService executor;
    private final AtomicBoolean cancel = new AtomicBoolean();
    private volatile Future<RetrainOutcome> running;
    /** The running retrain's result is not wanted (its base was replaced while it ran). */
    private boolean discard;

    /**
     * @param threadName         the training thread's name
     * @param contextClassLoader the training thread's context class loader (the owner's user code, for DJL)
     */
    public BackgroundRetrain(String threadName, ClassLoader contextClassLoader) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            t.setContextClassLoader(contextClassLoader);
            return t;
        });
    }

    public boolean isRunning() {
        return running != null;
    }

    /** Starts {@code task}; none may be running. */
    public void start(RetrainTask task) {
        if (running != null) throw new IllegalStateException("a retrain is running already");
        cancel.set(false);
        running = executor.submit(() -> task.run(cancel::get));
    }

    /** Cancels the running retrain (at its next training step) and discards its result; nothing when none runs. */
    public void discard() {
        if (running == null) return;
        cancel.set(true);
        discard = true;
    }

    /** How the retrain ended, once it has; empty while it runs or when none was started. */
    public Optional<Finished> poll() throws InterruptedException {
        Future<RetrainOutcome> done = running;
        if (done == null || !done.isDone()) return Optional.empty();
        running = null;
        if (discard) {
            // Cancelled, or it had just finished: either way its result is not wanted.
            discard = false;
            return Optional.of(new Finished(null, null));
        }
        try {
            return Optional.of(new Finished(done.get(), null));
        } catch (ExecutionException e) {
            return Optional.of(new Finished(null, e.getCause()));
        } catch (CancellationException e) {
            return Optional.of(new Finished(null, e));
        }
    }

    /** Cancels a running retrain at its next step (the trainer releases the TrainingLock in its finally). */
    @Override
    public void close() {
        cancel.set(true);
        executor.shutdownNow();
    }
}
