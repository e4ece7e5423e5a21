package dev.eddy.jobs.join;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the join keeps for one eventId, stored as one byte[] in RocksDB: one read and one write per
 * record, and a compact hand-made encoding rather than a general serializer (this is the hot path).
 */
final class JoinState {

    /** One reward held for the decision: its identity, event time, value and JSON as received. */
    record HeldReward(String key, long time, double value, byte[] json, String topic, int partition, long offset) {}

    byte[] decision;            // JSON as received (validated), null until the decision arrives
    long decisionTime;
    boolean emitted;            // the example went out; only reward keys are kept, for dedup
    long cleanupAt;             // event time at which an emitted entry is forgotten (only in state "join" of
                                // checkpoints written before state "join-joined"; 0 in join-joined)
    final List<HeldReward> rewards = new ArrayList<>();

    boolean hasReward(String key) {
        for (HeldReward r : rewards) if (r.key().equals(key)) return true;
        return false;
    }

    /** What is remembered once the example went out: the decision's time and its reward keys, no payloads. */
    JoinState joinedEntry() {
        JoinState j = new JoinState();
        j.emitted = true;
        j.decisionTime = decisionTime;
        for (HeldReward r : rewards) j.rewards.add(new HeldReward(r.key(), r.time(), r.value(), null, null, 0, 0));
        return j;
    }

    long earliestRewardTime() {
        long min = Long.MAX_VALUE;
        for (HeldReward r : rewards) min = Math.min(min, r.time());
        return min;
    }

    byte[] toBytes() {
        DataOutputSerializer out = new DataOutputSerializer(64 + (decision == null ? 0 : decision.length));
        try {
            out.writeBoolean(emitted);
            out.writeLong(decisionTime);
            out.writeLong(cleanupAt);
            writeBytes(out, decision);
            out.writeInt(rewards.size());
            for (HeldReward r : rewards) {
                out.writeUTF(r.key());
                out.writeLong(r.time());
                out.writeDouble(r.value());
                writeBytes(out, r.json());
                out.writeUTF(r.topic() == null ? "" : r.topic());
                out.writeInt(r.partition());
                out.writeLong(r.offset());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.getCopyOfBuffer();
    }

    static JoinState fromBytes(byte[] bytes) {
        JoinState s = new JoinState();
        if (bytes == null) return s;
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        try {
            s.emitted = in.readBoolean();
            s.decisionTime = in.readLong();
            s.cleanupAt = in.readLong();
            s.decision = readBytes(in);
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                s.rewards.add(new HeldReward(in.readUTF(), in.readLong(), in.readDouble(), readBytes(in),
                        in.readUTF(), in.readInt(), in.readLong()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt join state", e);
        }
        return s;
    }

    private static void writeBytes(DataOutputSerializer out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputDeserializer in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
