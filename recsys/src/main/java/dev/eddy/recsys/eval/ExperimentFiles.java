package dev.eddy.recsys.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eddy.recsys.train.EpochStats;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes an evaluation's results: runs.csv, epochs.csv, summary.csv and results.json in one folder. */
public final class ExperimentFiles {
    private ExperimentFiles() {}

    public static List<Path> write(Path dir, List<ExperimentResult> runs, List<ExperimentSummary> summaries, Map<String, Object> setup) throws IOException {
        Files.createDirectories(dir);
        List<String> metrics = runs.get(0).test().keySet().stream().sorted().toList();
        Path runsCsv = dir.resolve("runs.csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(runsCsv, StandardCharsets.UTF_8))) {
            w.println("method,backbone,noise,seed," + String.join(",", metrics) + ",best_epoch,best_valid_recall@20,epoch_seconds,triples_per_second,epochs,triples,wall_seconds");
            for (ExperimentResult r : runs) {
                StringBuilder sb = new StringBuilder();
                sb.append(r.method()).append(',').append(r.backbone()).append(',').append(r.noise()).append(',').append(r.seed());
                for (String m : metrics) sb.append(',').append(fmt(r.test().get(m)));
                sb.append(',').append(r.bestEpoch()).append(',').append(fmt(r.bestValidRecall()))
                        .append(',').append(fmt(r.meanEpochSeconds())).append(',').append(fmt(r.triplesPerSecond()))
                        .append(',').append(r.epochs().size()).append(',').append(r.triples()).append(',').append(fmt(r.wallSeconds()));
                w.println(sb);
            }
        }
        Path epochsCsv = dir.resolve("epochs.csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(epochsCsv, StandardCharsets.UTF_8))) {
            w.println("method,backbone,noise,seed,epoch,phase,loss,trained_noise_share,triples,seconds,valid_recall@20");
            for (ExperimentResult r : runs) {
                for (EpochStats e : r.epochs()) {
                    w.println(String.join(",", r.method(), r.backbone(), Double.toString(r.noise()), Long.toString(r.seed()),
                            Integer.toString(e.epoch()), e.phase(), fmt(e.meanLoss()), fmt(e.noiseShare()),
                            Long.toString(e.triples()), fmt(e.seconds()), fmt(e.validRecall())));
                }
            }
        }
        Path summaryCsv = dir.resolve("summary.csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(summaryCsv, StandardCharsets.UTF_8))) {
            StringBuilder header = new StringBuilder("method,backbone,noise,seeds");
            for (String m : metrics) header.append(',').append(m).append(",sd_").append(m);
            w.println(header.append(",trained_noise_share_last_epoch,best_epoch,epochs,triples,wall_seconds"));
            for (ExperimentSummary s : summaries) {
                StringBuilder sb = new StringBuilder();
                sb.append(s.method()).append(',').append(s.backbone()).append(',').append(s.noise()).append(',').append(s.seeds());
                for (String m : metrics) sb.append(',').append(fmt(s.mean().get(m))).append(',').append(fmt(s.sd().get(m)));
                w.println(sb.append(',').append(fmt(s.lastShare())).append(',').append(fmt(s.bestEpoch()))
                        .append(',').append(fmt(s.epochsRun())).append(',').append(fmt(s.triples()))
                        .append(',').append(fmt(s.wallSeconds())));
            }
        }
        Path json = dir.resolve("results.json");
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("setup", setup);
        all.put("summary", summaries);
        all.put("runs", runs);
        // NaN (an epoch without validation) comes out as the string "NaN": Jackson quotes non-numeric numbers by default.
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), all);
        return List.of(runsCsv, epochsCsv, summaryCsv, json);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
