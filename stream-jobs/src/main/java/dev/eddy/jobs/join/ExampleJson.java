package dev.eddy.jobs.join;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Writes a joined example (the {@code JoinedExample} wire format) from the validated JSON the join already holds,
 * without parsing the decision again: the decision and rewards were validated on the way in. The held JSON is
 * copied byte for byte (no decoding to characters and encoding back); the few scalar fields are written as
 * Jackson writes them ({@link Double#toString(double)} for the finite reward, ISO-8601 for the window end).
 */
final class ExampleJson {
    private static final byte[] DECISION = bytes("{\"decision\":");
    private static final byte[] REWARDS = bytes(",\"rewards\":[");
    private static final byte[] REWARD = bytes("],\"reward\":");
    private static final byte[] OBSERVED_TRUE = bytes(",\"rewardObserved\":true,\"windowEnd\":\"");
    private static final byte[] OBSERVED_FALSE = bytes(",\"rewardObserved\":false,\"windowEnd\":\"");
    private static final byte[] END = bytes("\"}");

    private ExampleJson() {}

    static byte[] write(byte[] decisionJson, List<byte[]> rewardJsons, double reward, boolean observed, long windowEnd) {
        int size = decisionJson.length + 120;
        for (byte[] r : rewardJsons) size += r.length + 1;
        Out out = new Out(size);
        out.write(DECISION);
        out.write(decisionJson);
        out.write(REWARDS);
        for (int i = 0; i < rewardJsons.size(); i++) {
            if (i > 0) out.write(',');
            out.write(rewardJsons.get(i));
        }
        out.write(REWARD);
        out.write(number(reward));
        out.write(observed ? OBSERVED_TRUE : OBSERVED_FALSE);
        out.write(bytes(Instant.ofEpochMilli(windowEnd).toString()));
        out.write(END);
        return out.bytes();
    }

    /** A JSON number as Jackson writes a double; non-finite values (never valid rewards) as quoted strings. */
    private static byte[] number(double v) {
        String s = Double.toString(v);
        return bytes(Double.isFinite(v) ? s : "\"" + s + "\"");
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    /** A ByteArrayOutputStream without locking that hands out its buffer when it is exactly full. */
    private static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        @Override
        public void write(int b) {
            if (count == buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(16, buf.length * 2));
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b) {
            if (count + b.length > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(count + b.length, buf.length * 2));
            System.arraycopy(b, 0, buf, count, b.length);
            count += b.length;
        }

        byte[] bytes() {
            return count == buf.length ? buf : java.util.Arrays.copyOf(buf, count);
        }
    }
}
