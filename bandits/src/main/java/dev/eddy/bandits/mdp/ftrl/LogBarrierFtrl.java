package dev.eddy.bandits.mdp.ftrl;

/**
 * The per-state FTRL step with the log-barrier regularizer (Algorithm 1 of Dai, Luo, Wei and Zimmert, ICML 2023):
 * <pre>
 *   p = argmin_{p ∈ Δ_A}  η⟨p, L⟩ + Σ_a ln(1/p_a)
 * </pre>
 * where L_a is the cumulative (loss − bonus) estimate of action a. L may be arbitrarily negative: the log barrier
 * keeps every p_a away from 0 whatever L is, which is why the paper can use unbounded-below loss estimates.
 *
 * <h2>Exact solution</h2>
 * The objective is strictly convex and tends to +∞ at the boundary of the simplex, so the minimiser is interior
 * and the only active constraint is Σ p_a = 1. Stationarity of the Lagrangian gives η L_a − 1/p_a + λ = 0, i.e.
 * <pre>
 *   p_a = 1 / (η L_a + λ),   with λ &gt; −η·min L so that every p_a &gt; 0,
 * </pre>
 * and λ is the unique root of Σ_a 1/(η L_a + λ) = 1 on that half-line (the sum decreases strictly from +∞ to 0).
 *
 * <h2>The bracket</h2>
 * Write m = min L, x_a = η(L_a − m) ≥ 0 and μ = λ + η m &gt; 0, so p_a = 1/(x_a + μ) and
 * f(μ) = Σ_a 1/(x_a + μ) − 1. At μ = 1 the minimising action alone contributes 1/(0 + 1) = 1 and the others are
 * positive, so f(1) ≥ 0. At μ = A every term is at most 1/A, so f(A) ≤ 0. Hence μ ∈ [1, A], i.e.
 * λ ∈ [1 − η·min L, A − η·min L]. Solving for μ rather than λ keeps the arithmetic at the scale of the spread
 * of L, not of L itself: with L ≈ −10⁶ the terms η L_a and λ would otherwise cancel catastrophically.
 *
 * <h2>Root finding</h2>
 * f is decreasing and convex on μ &gt; 0, so Newton started from a point where f ≥ 0 moves monotonically
 * towards the root without overshooting; it starts at the lower end of the bracket. Rounding can still throw a
 * step outside the current bracket, and then the step is a bisection instead. The bracket shrinks with the sign
 * of f at every iterate, so the loop always terminates. It stops when |Σp − 1| ≤ {@value #SUM_TOLERANCE} and
 * then divides by the sum, which leaves the KKT residuals unchanged up to that relative factor.
 *
 * <p>If η(L_a − min L) overflows a double, p_a comes out as 0; that needs a spread beyond 10³⁰⁰ and is not
 * guarded.
 */
public final class LogBarrierFtrl {

    /** Stop once the unnormalised probabilities sum to 1 within this; normalisation then fixes the rest. */
    static final double SUM_TOLERANCE = 1e-13;

    /** Far above what the method needs (Newton from μ = 1 roughly doubles μ until it is near the root). */
    private static final int MAX_ITERATIONS = 200;

    private double[] losses;

    /** An instance keeps a buffer for the cumulative losses so that {@link #policy} does not allocate. */
    public LogBarrierFtrl(int maxActions) {
        if (maxActions < 1) throw new IllegalArgumentException("maxActions must be at least 1");
        losses = new double[maxActions];
    }

    /**
     * π(·|s) for linear cumulative losses: L_a = ⟨φ(s, a), Θ⟩ with {@code features[a]} = φ(s, a), then the
     * log-barrier step. Writes the first {@code actions} entries of {@code out}.
     */
    public void policy(double[][] features, int actions, double[] theta, double eta, double[] out) {
        if (actions > losses.length) losses = new double[actions];
        int d = theta.length;
        for (int a = 0; a < actions; a++) {
            double[] phi = features[a];
            if (phi.length != d) throw new IllegalArgumentException("feature " + a + " has dimension " + phi.length
                    + ", Θ has " + d);
            double s = 0;
            for (int i = 0; i < d; i++) s += phi[i] * theta[i];
            losses[a] = s;
        }
        solve(losses, actions, eta, out);
    }

    /**
     * Writes the log-barrier FTRL distribution for the first {@code actions} entries of {@code cumulativeLoss}
     * into {@code out}. Allocation-free.
     *
     * @param eta the learning rate, finite and ≥ 0 (0 gives the uniform distribution)
     */
    public static void solve(double[] cumulativeLoss, int actions, double eta, double[] out) {
        checkArguments(cumulativeLoss, actions, eta, out);
        double min = minimum(cumulativeLoss, actions);
        if (actions == 1) {
            out[0] = 1.0;
            return;
        }
        double lo = 1.0;
        double hi = actions;
        double mu = lo;
        double sum = 0;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            sum = 0;
            double sumSq = 0;
            for (int a = 0; a < actions; a++) {
                double p = 1.0 / (eta * (cumulativeLoss[a] - min) + mu);
                sum += p;
                sumSq += p * p;
            }
            double f = sum - 1.0;
            if (Math.abs(f) <= SUM_TOLERANCE) break;
            if (f > 0) lo = mu;
            else hi = mu;
            // f' = −Σ p², so the Newton step is μ + f / Σ p².
            double next = mu + f / sumSq;
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            if (next == mu || hi - lo <= Math.ulp(hi)) break;
            mu = next;
        }
        double norm = 0;
        for (int a = 0; a < actions; a++) {
            double p = 1.0 / (eta * (cumulativeLoss[a] - min) + mu);
            out[a] = p;
            norm += p;
        }
        double inv = 1.0 / norm;
        for (int a = 0; a < actions; a++) out[a] *= inv;
    }

    static void checkArguments(double[] cumulativeLoss, int actions, double eta, double[] out) {
        if (actions < 1) throw new IllegalArgumentException("need at least one action");
        if (cumulativeLoss.length < actions || out.length < actions) {
            throw new IllegalArgumentException("cumulativeLoss and out need at least " + actions + " entries");
        }
        if (!(eta >= 0) || Double.isInfinite(eta)) throw new IllegalArgumentException("eta must be finite and ≥ 0");
    }

    /** The minimum of the first {@code actions} losses; rejects non-finite ones, which have no meaningful step. */
    static double minimum(double[] cumulativeLoss, int actions) {
        double min = Double.POSITIVE_INFINITY;
        for (int a = 0; a < actions; a++) {
            double l = cumulativeLoss[a];
            if (!Double.isFinite(l)) throw new IllegalArgumentException("cumulative loss of action " + a + " is " + l);
            if (l < min) min = l;
        }
        return min;
    }
}
