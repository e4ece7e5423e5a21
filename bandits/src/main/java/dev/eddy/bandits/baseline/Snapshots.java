package dev.eddy.bandits.baseline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The frame every baseline snapshot shares: a magic number naming the learner, a format version, the configuration
 * (checked on restore, since a state is meaningless under another configuration), then the state.
 */
final class Snapshots {
    private Snapshots() {}

    /** A writer with the magic number and version already written. */
    static Writer writer(int magic, int version) {
        Writer w = new Writer();
        w.putInt(magic);
        w.putInt(version);
        return w;
    }

    /** A reader positioned after the magic number and version, which must be the expected ones. */
    static Reader reader(byte[] bytes, int magic, int version, String learner) {
        if (bytes == null) throw new IllegalArgumentException("snapshot must not be null");
        Reader r = new Reader(bytes);
        int m = r.getInt();
        if (m != magic) {
            throw new IllegalArgumentException("not a " + learner + " snapshot: magic 0x" + Integer.toHexString(m));
        }
        int v = r.getInt();
        if (v != version) {
            throw new IllegalArgumentException(learner + " snapshot has format version " + v + ", this reads " + version);
        }
        return r;
    }

    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Writer putInt(int v) {
            try {
                out.writeInt(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer putLong(long v) {
            try {
                out.writeLong(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer putDouble(double v) {
            try {
                out.writeDouble(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer putDoubles(double[] v) {
            putInt(v.length);
            for (double x : v) putDouble(x);
            return this;
        }

        byte[] toBytes() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    static final class Reader {
        private final DataInputStream in;

        private Reader(byte[] bytes) {
            in = new DataInputStream(new ByteArrayInputStream(bytes));
        }

        int getInt() {
            try {
                return in.readInt();
            } catch (IOException e) {
                throw truncated(e);
            }
        }

        long getLong() {
            try {
                return in.readLong();
            } catch (IOException e) {
                throw truncated(e);
            }
        }

        double getDouble() {
            try {
                return in.readDouble();
            } catch (IOException e) {
                throw truncated(e);
            }
        }

        double[] getDoubles(int expectedLength) {
            int n = getInt();
            if (n != expectedLength) {
                throw new IllegalArgumentException("snapshot array has length " + n + ", expected " + expectedLength);
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = getDouble();
            return v;
        }

        /** Reads an int of the saved configuration and fails unless it equals this learner's. */
        void expectInt(String what, int expected) {
            int v = getInt();
            if (v != expected) throw mismatch(what, v, expected);
        }

        /** Reads a double of the saved configuration and fails unless it is bit-for-bit this learner's. */
        void expectDouble(String what, double expected) {
            double v = getDouble();
            if (Double.doubleToLongBits(v) != Double.doubleToLongBits(expected)) throw mismatch(what, v, expected);
        }

        /** Trailing bytes mean a different layout than the version claims; refuse rather than half-restore. */
        void expectEnd() {
            try {
                if (in.available() != 0) {
                    throw new IllegalArgumentException("snapshot has " + in.available() + " unexpected trailing bytes");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static IllegalArgumentException mismatch(String what, Object got, Object expected) {
            return new IllegalArgumentException("snapshot was taken with " + what + " = " + got
                    + ", this learner has " + expected);
        }

        private static IllegalArgumentException truncated(IOException e) {
            return new IllegalArgumentException("snapshot is truncated", e);
        }
    }
}
