package dev.eddy.jobs.replay;

import dev.eddy.bandits.eval.Policies;
import dev.eddy.bandits.eval.UnknownPolicyException;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A candidate policy as given on the command line:
 * <ul>
 *   <li>{@code uniform}, {@code logging} (the log's own policy), {@code popular} (most rewarded so far);</li>
 *   <li>{@code learner:NAME} or {@code learner:NAME:k=v,k=v}: a registered learner (neufastcb, linucb, ...) that
 *       learns while replaying;</li>
 *   <li>{@code snapshot:FILE}: a learner restored from a snapshot that {@code --save-snapshots} wrote, fixed;</li>
 *   <li>{@code logged:FILE}: the context-free policy that wrote another log, estimated from it (per position, the
 *       frequency of each item);</li>
 *   <li>{@code serving:NAME[:model=M,version=N,epsilon=E]}: a policy serving runs ({@link ServingPolicySpec}),
 *       fixed, with a model version from the models topic ({@link ReplayModels} attaches it as {@link #model()}).</li>
 * </ul>
 */
public record ReplayPolicySpec(String text, Kind kind, String learner, Map<String, String> params, String file,
                               ServingPolicySpec serving, ReplayModel model) implements Serializable {

    public enum Kind { UNIFORM, LOGGING, POPULAR, LEARNER, SNAPSHOT, LOGGED, SERVING }

    public ReplayPolicySpec {
        params = Map.copyOf(params);
    }

    /** Whether it ranks with a model version that must be read from the models topic first. */
    public boolean needsModel() {
        return kind == Kind.SERVING && serving.needsModel();
    }

    /** This spec with the model version it ranks with. */
    public ReplayPolicySpec withModel(ReplayModel m) {
        return new ReplayPolicySpec(text, kind, learner, params, file, serving, m);
    }

    public static ReplayPolicySpec parse(String text) {
        String t = text.trim();
        switch (t) {
            case "uniform": return simple(t, Kind.UNIFORM);
            case "logging": return simple(t, Kind.LOGGING);
            case "popular": return simple(t, Kind.POPULAR);
            default: break;
        }
        int colon = t.indexOf(':');
        String prefix = colon < 0 ? t : t.substring(0, colon);
        String rest = colon < 0 ? "" : t.substring(colon + 1);
        switch (prefix) {
            case "learner": return learner(t, rest);
            case "snapshot": return file(t, Kind.SNAPSHOT, rest);
            case "logged": return file(t, Kind.LOGGED, rest);
            case "serving": return new ReplayPolicySpec(t, Kind.SERVING, null, Map.of(), null,
                    ServingPolicySpec.parse(t, rest), null);
            default: throw new IllegalArgumentException("unknown policy spec '" + text + "': use uniform, logging, "
                    + "popular, learner:NAME[:k=v,...], snapshot:FILE, logged:FILE or serving:NAME[:k=v,...]");
        }
    }

    /** Whether the policy changes while replaying, and so needs the whole log in order on one lane. */
    public boolean learns() {
        return kind == Kind.LEARNER || kind == Kind.POPULAR;
    }

    private static ReplayPolicySpec simple(String t, Kind kind) {
        return new ReplayPolicySpec(t, kind, null, Map.of(), null, null, null);
    }

    private static ReplayPolicySpec learner(String t, String rest) {
        int colon = rest.indexOf(':');
        String name = colon < 0 ? rest : rest.substring(0, colon);
        if (name.isBlank()) throw new IllegalArgumentException("'" + t + "' names no learner: use learner:NAME");
        Policies registered = Policies.standard();
        if (!registered.contains(name)) throw new UnknownPolicyException("learner", name, registered.names());
        Map<String, String> params = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String kv : rest.substring(colon + 1).split(",")) {
                if (kv.isBlank()) continue;
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("'" + kv + "' in '" + t + "' is not KEY=VALUE");
                params.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        if (name.equals("linucb")) {
            // Replay hashes context and action into one joint space, as the learner job does: disjoint LinUCB's
            // per-action blocks do not exist there (and 2^bits rarely splits evenly by the actions), so shared it is.
            String mode = params.putIfAbsent("mode", "shared");
            if (mode != null && !mode.equals("shared")) {
                throw new IllegalArgumentException("'" + t + "': replay learns on joint (context, action) features, "
                        + "where linucb works only with mode=shared (the default here)");
            }
        }
        try {
            // Building one small instance checks the parameters now, not inside the job on the first event.
            registered.create(name, 8, 2, 0, params);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + t + "': " + e.getMessage(), e);
        }
        return new ReplayPolicySpec(t, Kind.LEARNER, name, params, null, null, null);
    }

    private static ReplayPolicySpec file(String t, Kind kind, String path) {
        if (path.isBlank()) throw new IllegalArgumentException("'" + t + "' names no file");
        return new ReplayPolicySpec(t, kind, null, Map.of(), path, null, null);
    }
}
