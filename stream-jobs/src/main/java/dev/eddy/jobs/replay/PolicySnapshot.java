package dev.eddy.jobs.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.json.EventJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A learner's state after a replay, with what it takes to rebuild the learner: a file that {@code snapshot:FILE}
 * replays as a fixed policy. Jackson writes the state bytes as base64.
 *
 * @param learner     the registered learner name (e.g. neufastcb)
 * @param params      its parameters
 * @param hashing     the feature hashing it was trained with
 * @param actions     the number of actions it was built for
 * @param seed        its seed
 * @param state       {@link dev.eddy.bandits.core.ContextualBandit#snapshot()}
 */
public record PolicySnapshot(String learner, Map<String, String> params, HashingConfig hashing, int actions, long seed,
                             byte[] state) {
    private static final ObjectMapper JSON = EventJson.mapper();

    /** The file name of a policy's snapshot in a snapshot folder: the policy's text, made safe for a file name. */
    public static String fileName(String policy) {
        return policy.replaceAll("[^A-Za-z0-9._-]+", "_") + ".json";
    }

    public void write(Path file) throws IOException {
        Files.write(file, JSON.writeValueAsBytes(this));
    }

    public static PolicySnapshot read(Path file) throws IOException {
        try {
            PolicySnapshot s = JSON.readValue(file.toFile(), PolicySnapshot.class);
            if (s.learner() == null || s.state() == null) throw new IOException("it names no learner or has no state");
            return s;
        } catch (IOException e) {
            throw new IOException(file + " is not a policy snapshot written by `eddy replay --save-snapshots`: "
                    + e.getMessage(), e);
        }
    }
}
