package dev.eddy.jobs.replay;

import dev.eddy.bandits.slate.Slate;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs the candidate policies over the logged decisions, keyed by lane. In batch execution Flink hands each lane
 * its records sorted by timestamp, one lane after the other, so a learning policy sees the log in event-time
 * order. Policies live in plain fields, not Flink state: a batch job has no checkpoints, and a failed batch task
 * is re-run from its sorted input. When snapshots are asked for, at the end of a learning lane (the end-of-input
 * watermark fires its timer) the learner's snapshot is written to the snapshot folder and only the file's path is
 * emitted: a learner's state can be hundreds of megabytes (NeuFastCB at 18 hashing bits), far more than a record
 * of the job's output may be.
 */
public final class ReplayOperator extends KeyedProcessFunction<Integer, KeyedReplayRecord, ReplayedSample> {
    private static final long serialVersionUID = 1L;

    private final ReplaySettings settings;
    /** Where learners' final states go, or null: none is kept. */
    private final String snapshotDir;
    private transient Map<Integer, Lane> lanes;

    public ReplayOperator(ReplaySettings settings, String snapshotDir) {
        this.settings = settings;
        this.snapshotDir = snapshotDir;
    }

    private record Lane(ReplayPolicy policy, SplittableRandom rng) {}

    @Override
    public void open(OpenContext context) {
        lanes = new HashMap<>();
    }

    @Override
    public void processElement(KeyedReplayRecord in, Context ctx, Collector<ReplayedSample> out) throws Exception {
        ReplayRecord r = in.record;
        if (in.lane == KeyedReplayRecord.PROBLEMS) {
            out.collect(problem(r.source, r.line, r.problem, r.raw));
            return;
        }
        Lane lane = lanes.get(in.lane);
        if (lane == null) {
            ReplayPolicySpec spec = settings.policies().get(settings.policyOfLane(in.lane));
            lane = new Lane(ReplayPolicies.create(spec, settings), new SplittableRandom(settings.seed() * 31 + in.lane));
            lanes.put(in.lane, lane);
            if (snapshotDir != null && lane.policy().learns()) ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        JoinedExample example;
        try {
            example = EventJson.parseExample(r.example);
        } catch (InvalidEventException e) {
            // Only records that parsed at the source get here; failing loudly beats a silently short estimate.
            throw new IllegalStateException(r.source + ":" + r.line + " parsed at the source but not here: "
                    + e.getMessage(), e);
        }
        ReplayEvent event = ReplayEvent.of(example);
        Slate slate = lane.policy().decide(event, lane.rng());
        out.collect(sample(lane.policy().name(), r, event, slate));
        lane.policy().learn(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReplayedSample> out) throws Exception {
        Lane lane = lanes.get(ctx.getCurrentKey());
        PolicySnapshot snapshot = lane == null ? null : lane.policy().snapshot();
        if (snapshot == null) return;
        ReplayedSample s = new ReplayedSample();
        s.policy = lane.policy().name();
        Path file = Path.of(snapshotDir).resolve(PolicySnapshot.fileName(s.policy));
        Files.createDirectories(file.getParent());
        snapshot.write(file);
        s.snapshot = file.toString();
        out.collect(s);
    }

    static ReplayedSample sample(String policy, ReplayRecord r, ReplayEvent event, Slate slate) {
        ReplayedSample s = new ReplayedSample();
        s.policy = policy;
        s.source = r.source;
        s.line = r.line;
        s.timestamp = r.timestamp;
        s.reward = event.reward();
        s.rewardObserved = event.example().rewardObserved();
        s.loggedAction = event.loggedAction();
        s.loggedPropensity = event.propensity();
        s.weight = event.decision().weight();
        // Learners may reuse their distribution array for the next round.
        s.target = slate.firstSlotDistribution(event.actions()).clone();
        s.targetAction = slate.actions()[0];
        s.position = event.position();
        List<Candidate> candidates = event.decision().candidates();
        s.actions = new String[candidates.size()];
        for (int a = 0; a < s.actions.length; a++) s.actions[a] = candidates.get(a).id();
        return s;
    }

    static ReplayedSample problem(String source, long line, String reason, String raw) {
        ReplayedSample s = new ReplayedSample();
        s.source = source;
        s.line = line;
        s.problem = reason;
        s.raw = raw;
        return s;
    }
}
