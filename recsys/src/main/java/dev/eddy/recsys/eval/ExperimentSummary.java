package dev.eddy.recsys.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Mean and sample standard deviation over seeds of one (method, backbone, noise) cell.
 *
 * @param method      method name
 * @param backbone    backbone name
 * @param noise       noise ratio
 * @param seeds       runs aggregated
 * @param mean        metric → mean over seeds
 * @param sd          metric → sample standard deviation (0 for one seed)
 * @param noiseShare  per epoch, the mean share of injected noise among trained positives (over the epochs all
 *                    runs reached)
 * @param bestEpoch   mean selected epoch
 * @param epochsRun   mean epochs trained (early stopping ends runs at different epochs)
 * @param triples     mean triples trained on per run
 * @param wallSeconds mean wall time of a run's training, validations included
 */
public record ExperimentSummary(String method, String backbone, double noise, int seeds, Map<String, Double> mean,
                                Map<String, Double> sd, double[] noiseShare, double bestEpoch, double epochsRun,
                                double triples, double wallSeconds) {

    /** Groups runs by (method, backbone, noise) in first-seen order. */
    public static List<ExperimentSummary> of(List<ExperimentResult> runs) {
        Map<String, List<ExperimentResult>> groups = new LinkedHashMap<>();
        for (ExperimentResult r : runs) groups.computeIfAbsent(r.method() + "|" + r.backbone() + "|" + r.noise(), k -> new ArrayList<>()).add(r);
        List<ExperimentSummary> out = new ArrayList<>();
        for (List<ExperimentResult> g : groups.values()) out.add(summarize(g));
        return out;
    }

    private static ExperimentSummary summarize(List<ExperimentResult> runs) {
        ExperimentResult first = runs.get(0);
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> sd = new LinkedHashMap<>();
        for (String metric : first.test().keySet().stream().sorted().toList()) {
            double[] v = runs.stream().mapToDouble(r -> r.test().get(metric)).toArray();
            mean.put(metric, mean(v));
            sd.put(metric, sd(v));
        }
        int epochs = runs.stream().mapToInt(r -> r.epochs().size()).min().orElse(0);
        double[] share = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            final int idx = e;
            share[e] = runs.stream().mapToDouble(r -> r.epochs().get(idx).noiseShare()).average().orElse(Double.NaN);
        }
        return new ExperimentSummary(first.method(), first.backbone(), first.noise(), runs.size(), mean, sd, share,
                runs.stream().mapToInt(ExperimentResult::bestEpoch).average().orElse(Double.NaN),
                runs.stream().mapToInt(r -> r.epochs().size()).average().orElse(Double.NaN),
                runs.stream().mapToLong(ExperimentResult::triples).average().orElse(Double.NaN),
                runs.stream().mapToDouble(ExperimentResult::wallSeconds).average().orElse(Double.NaN));
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    static double sd(double[] v) {
        if (v.length < 2) return 0;
        double m = mean(v);
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    /** The closing line, e.g. {@code pld recall@20=0.2512 ndcg@20=0.2011 noise=0.2 ...}. */
    public String line() {
        return String.format(Locale.ROOT, "%s recall@20=%.4f ndcg@20=%.4f noise=%s backbone=%s seeds=%d sd(recall@20)=%.4f "
                        + "sd(ndcg@20)=%.4f recall@50=%.4f ndcg@50=%.4f ndcg-all@20=%.4f trained-noise-share=%.4f "
                        + "best-epoch=%.1f epochs=%.1f triples=%.0f wall=%.1fs",
                method, mean.get("recall@20"), mean.get("ndcg@20"), trim(noise), backbone, seeds, sd.get("recall@20"),
                sd.get("ndcg@20"), mean.get("recall@50"), mean.get("ndcg@50"), mean.get("ndcg-all@20"), lastShare(),
                bestEpoch, epochsRun, triples, wallSeconds);
    }

    /** The noise share among trained positives in the last epoch. */
    public double lastShare() {
        return noiseShare.length == 0 ? Double.NaN : noiseShare[noiseShare.length - 1];
    }

    static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
