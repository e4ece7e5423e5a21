package dev.eddy.bandits.mdp.policy;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.nio.ByteBuffer;

/** Small dense helpers shared by the session policies: row-major d×d matrices as double[d*d]. */
final class Dense {
    private Dense() {}

    /** (ridge·I + scale·m)⁻¹ by Cholesky; ridge &gt; 0 makes the argument positive definite. */
    static double[] ridgeInverse(double[] m, int d, double scale, double ridge) {
        DMatrixRMaj a = new DMatrixRMaj(d, d);
        for (int i = 0; i < d * d; i++) a.data[i] = scale * m[i];
        for (int i = 0; i < d; i++) a.data[i * d + i] += ridge;
        DMatrixRMaj inv = new DMatrixRMaj(d, d);
        if (!CommonOps_DDRM.invertSPD(a, inv)) {
            throw new IllegalStateException("covariance + ridge is not positive definite: non-finite features?");
        }
        return inv.data.clone();
    }

    /** out += w·x xᵀ. */
    static void addOuter(double[] out, double[] x, double w) {
        int d = x.length;
        for (int i = 0; i < d; i++) {
            double wi = w * x[i];
            if (wi == 0) continue;
            int row = i * d;
            for (int j = 0; j < d; j++) out[row + j] += wi * x[j];
        }
    }

    /** xᵀ M x. */
    static double quadratic(double[] m, double[] x) {
        int d = x.length;
        double s = 0;
        for (int i = 0; i < d; i++) {
            double r = 0;
            int row = i * d;
            for (int j = 0; j < d; j++) r += m[row + j] * x[j];
            s += x[i] * r;
        }
        return s;
    }

    /** out += w·M x. */
    static void addMatVec(double[] out, double[] m, double[] x, double w) {
        int d = x.length;
        for (int i = 0; i < d; i++) {
            double r = 0;
            int row = i * d;
            for (int j = 0; j < d; j++) r += m[row + j] * x[j];
            out[i] += w * r;
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static void checkFeatures(double[][] features, int d, double[] out) {
        int actions = features.length;
        if (actions < 1) throw new IllegalArgumentException("need at least one action");
        if (out.length < actions) throw new IllegalArgumentException("out has room for " + out.length + " actions, need " + actions);
        checkFeatures(features, d);
    }

    static void checkFeatures(double[][] features, int d) {
        int actions = features.length;
        if (actions < 1) throw new IllegalArgumentException("need at least one action");
        for (int a = 0; a < actions; a++) {
            if (features[a].length != d) {
                throw new IllegalArgumentException("feature " + a + " has dimension " + features[a].length + ", expected " + d);
            }
        }
    }

    static void put(ByteBuffer b, double[][] rows) {
        for (double[] r : rows) for (double v : r) b.putDouble(v);
    }

    static void get(ByteBuffer b, double[][] rows) {
        for (double[] r : rows) for (int i = 0; i < r.length; i++) r[i] = b.getDouble();
    }

    static ByteBuffer open(byte[] snapshot, int magic, int version, String what) {
        if (snapshot == null || snapshot.length < 8) throw new IllegalArgumentException("not a " + what + " snapshot");
        ByteBuffer b = ByteBuffer.wrap(snapshot);
        int m = b.getInt();
        if (m != magic) throw new IllegalArgumentException("not a " + what + " snapshot: magic 0x" + Integer.toHexString(m));
        int v = b.getInt();
        if (v != version) {
            throw new IllegalArgumentException(what + " snapshot has format version " + v + ", this reads " + version);
        }
        return b;
    }
}
