package dev.eddy.jobs.demo;

import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.connectors.json.EventJson;
import dev.eddy.connectors.json.InvalidEventException;
import dev.eddy.connectors.kafka.CommittedReader;
import dev.eddy.connectors.model.ModelAssembler;
import dev.eddy.connectors.model.ModelVersion;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows {@code eddy.models} (committed records only) the way serving will: assembles complete versions with
 * {@link ModelAssembler} (count and SHA-256 checked) and restores contextual-bandit versions with
 * {@link BanditModelSpec}, keeping the newest of each model for the traffic thread to decide with.
 */
public final class LatestModels implements Runnable {

    /**
     * A restored version. The bandit is not thread-safe: only the traffic thread calls it; a newer version replaces
     * the whole record, so it never sees a half-restored learner.
     */
    public record Loaded(String model, long version, long updates, ContextualBandit bandit, JointEncoder encoder) {}

    private final String bootstrap;
    private final String modelsTopic;
    private final Map<String, Loaded> latest = new ConcurrentHashMap<>();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile int rejectedByAssembler;
    private volatile boolean running = true;

    public LatestModels(String bootstrap, String modelsTopic) {
        this.bootstrap = bootstrap;
        this.modelsTopic = modelsTopic;
    }

    public Optional<Loaded> get(String model) {
        return Optional.ofNullable(latest.get(model));
    }

    /** The newest version number of each model seen so far. */
    public Map<String, Long> versions() {
        Map<String, Long> out = new java.util.TreeMap<>();
        latest.forEach((m, l) -> out.put(m, l.version()));
        return out;
    }

    /** Versions that failed their checks or could not be restored. */
    public long rejected() {
        return unreadable.get() + rejectedByAssembler;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        ModelAssembler assembler = new ModelAssembler();
        try (var consumer = CommittedReader.fromBeginning(bootstrap, List.of(modelsTopic))) {
            while (running) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        assembler.accept(EventJson.parseModelPart(r.value())).ifPresent(this::load);
                    } catch (InvalidEventException | IllegalArgumentException e) {
                        unreadable.incrementAndGet();
                    }
                }
                rejectedByAssembler = assembler.rejected().size();
            }
        }
    }

    private void load(ModelVersion v) {
        if (!BanditModelSpec.MODEL_TYPE.equals(v.manifest().modelType())) return;
        BanditModelSpec spec = BanditModelSpec.fromManifest(v.manifest());
        Double updates = v.manifest().metrics().get("updates");
        latest.put(v.model(), new Loaded(v.model(), v.version(), updates == null ? 0 : Math.round(updates),
                BanditModelSpec.restore(v), spec.encoder()));
    }
}
