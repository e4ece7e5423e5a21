package dev.eddy.tools.cli;

import dev.eddy.events.readers.MalformedDataException;
import dev.eddy.recsys.data.DataSplit;
import dev.eddy.recsys.data.ImplicitDataset;
import dev.eddy.recsys.data.InteractionFormat;
import dev.eddy.recsys.data.InteractionReader;
import dev.eddy.recsys.data.SyntheticData;
import dev.eddy.recsys.eval.ExperimentFiles;
import dev.eddy.recsys.eval.ExperimentResult;
import dev.eddy.recsys.eval.ExperimentSummary;
import dev.eddy.recsys.eval.RankingResult;
import dev.eddy.recsys.eval.RecsysExperiment;
import dev.eddy.recsys.train.Backbone;
import dev.eddy.recsys.train.DeviceSelector;
import dev.eddy.recsys.train.LossKind;
import dev.eddy.recsys.train.Method;
import dev.eddy.recsys.train.ProgressBarListener;
import dev.eddy.recsys.train.TrainingConfig;
import dev.eddy.recsys.train.TrainingListener;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code eddy recsys-eval}: recommender training methods under injected noise, the PLD paper's offline protocol. */
@Command(name = "recsys-eval", mixinStandardHelpOptions = true,
        description = "Train recommenders (MF or LightGCN; BPR, PLD, T-CE, R-CE) on interactions with noise injected into "
                + "the training split, select on validation Recall@20, and report full-ranking Recall/NDCG@20,50 on the "
                + "clean test split over several seeds; write runs.csv, epochs.csv, summary.csv and results.json to the "
                + "output folder and print one line per method and noise level.")
final class RecsysEvalCommand implements java.util.concurrent.Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--data", paramLabel = "FILE", description = "interactions file (plain or .gz), or a Last.fm folder "
                + "holding user_artists.dat (read as --format lastfm)")
        Path data;

        @Option(names = "--synthetic", description = "generated data with planted preferences: 5,000 users, 2,000 items, ~200k interactions")
        boolean synthetic;
    }

    @Option(names = "--format", defaultValue = "movielens", paramLabel = "FORMAT",
            description = "movielens (user::item::rating::ts or ml-100k tabs), csv (user,item[,ts]), events (Interaction JSON lines) "
                    + "or lastfm (user<TAB>artist<TAB>plays under a header: HetRec user_artists.dat); default: ${DEFAULT-VALUE}, "
                    + "lastfm for a file named user_artists.dat or a folder holding one")
    String format;

    @Option(names = "--noise", paramLabel = "RATIO", description = "injected noise ratio per user (× |train_u|); repeatable; default 0.2")
    List<Double> noise = new ArrayList<>();

    @Option(names = "--method", paramLabel = "NAME", description = "bpr, pld, tce or rce; repeatable; default pld")
    List<String> methods = new ArrayList<>();

    @Option(names = "--backbone", defaultValue = "mf", description = "mf or lightgcn (default: ${DEFAULT-VALUE})")
    String backbone;

    @Option(names = "--loss", defaultValue = "bpr", description = "bpr (pairwise) or bce (pointwise) (default: ${DEFAULT-VALUE})")
    String loss;

    @Option(names = "--seeds", defaultValue = "5", paramLabel = "S", description = "runs per method and noise level (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--seed", defaultValue = "1", description = "the first seed; runs use seed, seed+1, ... (default: ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--data-seed", defaultValue = "42", description = "seed of the synthetic data (default: ${DEFAULT-VALUE})")
    long dataSeed;

    @Option(names = "--epochs", defaultValue = "" + TrainingConfig.DEFAULT_EPOCHS, paramLabel = "E",
            description = "the most training epochs; training stops earlier after --patience validations without gain "
                    + "(default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--dim", defaultValue = "64", description = "embedding dimension (default: ${DEFAULT-VALUE})")
    int dim;

    @Option(names = "--batch", defaultValue = "" + TrainingConfig.DEFAULT_BATCH_SIZE, description = "batch size; PLD: users per step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "" + TrainingConfig.DEFAULT_LEARNING_RATE, description = "AdamW learning rate (default: ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--weight-decay", defaultValue = "0", description = "AdamW decoupled weight decay (default: ${DEFAULT-VALUE})")
    float weightDecay;

    @Option(names = "--l2", defaultValue = "0.0001", description = "L2 on the batch embeddings (default: ${DEFAULT-VALUE})")
    float l2;

    @Option(names = "--k", defaultValue = "5", description = "PLD candidate pool size (default: ${DEFAULT-VALUE})")
    int poolSize;

    @Option(names = "--tau", defaultValue = "0.1", description = "PLD softmax temperature (default: ${DEFAULT-VALUE})")
    float tau;

    @Option(names = "--warmup", defaultValue = "" + TrainingConfig.DEFAULT_WARMUP_EPOCHS,
            description = "PLD: fewest warm-up epochs of plain BPR; the warm-up goes on until validation recall stops "
                    + "improving (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--tce-max-drop", defaultValue = "0.2", description = "T-CE: cap of the dropped share (default: ${DEFAULT-VALUE})")
    float tceMaxDrop;

    @Option(names = "--tce-ramp-steps", defaultValue = "1000", description = "T-CE: steps to reach the cap (default: ${DEFAULT-VALUE})")
    int tceRampSteps;

    @Option(names = "--rce-beta", defaultValue = "0.25", description = "R-CE: weight exponent (default: ${DEFAULT-VALUE})")
    float rceBeta;

    @Option(names = "--layers", defaultValue = "3", description = "LightGCN layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--eval-every", defaultValue = "" + TrainingConfig.DEFAULT_EVAL_EVERY, description = "validate every N epochs (default: ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--patience", defaultValue = "" + TrainingConfig.DEFAULT_PATIENCE, description = "stop after N validations without gain; 0: never (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--no-progress", description = "no progress bar (logs, CI)")
    boolean noProgress;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder, created if needed")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Method> methodList;
        TrainingConfig base;
        InteractionFormat fmt;
        try {
            if (noise.isEmpty()) noise.add(0.2);
            if (methods.isEmpty()) methods.add("pld");
            methodList = validate();
            fmt = parse(() -> InteractionFormat.parse(format), "--format");
            base = baseConfig();
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage());
        }

        ImplicitDataset data;
        String dataName;
        if (source.synthetic) {
            data = SyntheticData.standard().generate(dataSeed);
            dataName = "synthetic(seed=" + dataSeed + ")";
        } else {
            Path file = source.data;
            if (Files.isDirectory(file)) {
                file = file.resolve(InteractionFormat.LASTFM_FILE);
                if (!Files.isRegularFile(file)) return fail(err, "--data: " + source.data + " is a folder without " + InteractionFormat.LASTFM_FILE);
            }
            if (!Files.isRegularFile(file)) return fail(err, "--data: no such file " + file);
            // The Last.fm file says what it is by its name; an explicit --format still wins.
            if (!formatGiven() && file.getFileName().toString().equals(InteractionFormat.LASTFM_FILE)) fmt = InteractionFormat.LASTFM;
            try {
                data = ImplicitDataset.of(InteractionReader.read(file, fmt));
            } catch (MalformedDataException e) {
                return fail(err, "--data: " + e.getMessage());
            }
            dataName = file.toString();
        }
        stdout.printf(Locale.ROOT, "data %s: %d users, %d items, %d interactions; backbone %s, at most %d epochs "
                        + "(stop after %d validations without gain, every %d) x %d seeds%n",
                dataName, data.numUsers(), data.numItems(), data.numInteractions(), backbone, epochs, patience, evalEvery, seeds);
        stdout.flush();

        List<ExperimentResult> runs = new ArrayList<>();
        Map<String, Object> popularity = new LinkedHashMap<>();
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("data", dataName);
        setup.put("users", data.numUsers());
        setup.put("items", data.numItems());
        setup.put("interactions", data.numInteractions());
        setup.put("config", base.asMap());
        setup.put("popularity", popularity);
        for (double ratio : noise) {
            for (int s = 0; s < seeds; s++) {
                long seed = firstSeed + s;
                DataSplit split = RecsysExperiment.prepare(data, ratio, seed);
                RankingResult pop = RecsysExperiment.popularity(split, device);
                popularity.put("noise=" + ratio + ",seed=" + seed, pop.metrics());
                for (Method m : methodList) {
                    TrainingConfig config = base.toBuilder().method(m).seed(seed).build();
                    TrainingListener listener = noProgress ? TrainingListener.NONE
                            : new ProgressBarListener(String.format(Locale.ROOT, "%s noise=%s seed=%d", m.label(), ratio, seed));
                    ExperimentResult r = RecsysExperiment.run(split, ratio, config, listener);
                    stdout.printf(Locale.ROOT, "  %s noise=%s seed=%d recall@20=%.4f ndcg@20=%.4f best-epoch=%d epochs=%d "
                                    + "trained-noise-share=%.4f epoch=%.2fs triples/s=%.0f wall=%.1fs (popularity recall@20=%.4f)%n",
                            r.method(), ratio, seed, r.test().get("recall@20"), r.test().get("ndcg@20"), r.bestEpoch(),
                            r.epochs().size(), r.epochs().get(r.epochs().size() - 1).noiseShare(), r.meanEpochSeconds(),
                            r.triplesPerSecond(), r.wallSeconds(), pop.get("recall@20"));
                    stdout.flush();
                    runs.add(r);
                    // Rewritten after every run: a long grid that is stopped early keeps what it finished.
                    ExperimentFiles.write(out, runs, ExperimentSummary.of(runs), setup);
                }
            }
        }
        List<ExperimentSummary> summaries = ExperimentSummary.of(runs);
        List<Path> files = ExperimentFiles.write(out, runs, summaries, setup);
        stdout.println("wrote " + String.join(", ", files.stream().map(Path::toString).toList()));
        // The last lines, one per method and noise level, so that scripts can take them with tail.
        for (ExperimentSummary s : summaries) stdout.println(s.line());
        stdout.flush();
        return 0;
    }

    private boolean formatGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--format");
    }

    private List<Method> validate() {
        if (seeds < 1) throw new IllegalArgumentException("--seeds must be >= 1, was " + seeds);
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be >= 1, was " + epochs);
        for (double r : noise) {
            if (!(r >= 0) || Double.isInfinite(r)) throw new IllegalArgumentException("--noise must be >= 0, was " + r);
        }
        if (new LinkedHashSet<>(noise).size() != noise.size()) throw new IllegalArgumentException("--noise: a level is given twice in " + noise);
        List<Method> list = new ArrayList<>();
        for (String m : methods) list.add(parse(() -> Method.parse(m), "--method"));
        if (new LinkedHashSet<>(list).size() != list.size()) throw new IllegalArgumentException("--method: a method is given twice in " + methods);
        return list;
    }

    private TrainingConfig baseConfig() {
        TrainingConfig.Builder b = TrainingConfig.builder()
                .backbone(parse(() -> Backbone.parse(backbone), "--backbone"))
                .loss(parse(() -> LossKind.parse(loss), "--loss"));
        check(dim >= 1, "--dim must be >= 1, was " + dim);
        check(batch >= 1, "--batch must be >= 1, was " + batch);
        check(lr > 0 && Float.isFinite(lr), "--lr must be > 0, was " + lr);
        check(weightDecay >= 0, "--weight-decay must be >= 0, was " + weightDecay);
        check(l2 >= 0, "--l2 must be >= 0, was " + l2);
        check(poolSize >= 1, "--k must be >= 1, was " + poolSize);
        check(tau > 0 && Float.isFinite(tau), "--tau must be > 0, was " + tau);
        check(warmup >= 0, "--warmup must be >= 0, was " + warmup);
        check(tceMaxDrop >= 0 && tceMaxDrop < 1, "--tce-max-drop must be in [0, 1), was " + tceMaxDrop);
        check(tceRampSteps >= 1, "--tce-ramp-steps must be >= 1, was " + tceRampSteps);
        check(rceBeta >= 0, "--rce-beta must be >= 0, was " + rceBeta);
        check(layers >= 1, "--layers must be >= 1, was " + layers);
        check(evalEvery >= 1, "--eval-every must be >= 1, was " + evalEvery);
        check(patience >= 0, "--patience must be >= 0, was " + patience);
        TrainingConfig config = b.dim(dim).epochs(epochs).batchSize(batch).learningRate(lr).weightDecay(weightDecay).l2(l2)
                .pldPoolSize(poolSize).pldTau(tau).warmupEpochs(warmup).tceMaxDrop(tceMaxDrop).tceRampSteps(tceRampSteps)
                .rceBeta(rceBeta).lightGcnLayers(layers).evalEvery(evalEvery).patience(patience)
                .device(parse(() -> { DeviceSelector.checkName(device); return device; }, "--device"))
                .build();
        return config;
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /** Runs a parser and names the option in its complaint. */
    private static <T> T parse(java.util.function.Supplier<T> parser, String option) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    private static int fail(PrintWriter err, String message) {
        err.println("eddy recsys-eval: " + message);
        err.flush();
        return 2;
    }
}
