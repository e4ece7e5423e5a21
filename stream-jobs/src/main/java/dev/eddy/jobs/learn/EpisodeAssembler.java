package dev.eddy.jobs.learn;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the examples of one session window (key: model and sessionId) into one {@link SessionExamples}, ordered by
 * the decisions' step (decisions without one after those with one), then decision time, then offset: the order in
 * which the session happened, whatever order the examples arrived in.
 */
final class EpisodeAssembler extends ProcessWindowFunction<LearnerInput, SessionExamples, String, TimeWindow> {

    static final Comparator<LearnerInput> SESSION_ORDER = Comparator
            .comparingInt((LearnerInput in) -> in.step == null ? Integer.MAX_VALUE : in.step)
            .thenComparingLong(in -> in.eventTime)
            .thenComparingLong(in -> in.offset);

    @Override
    public void process(String key, Context ctx, Iterable<LearnerInput> elements, Collector<SessionExamples> out) {
        List<LearnerInput> steps = new ArrayList<>();
        elements.forEach(steps::add);
        steps.sort(SESSION_ORDER);
        SessionExamples s = new SessionExamples();
        LearnerInput first = steps.get(0);
        s.model = first.model;
        s.sessionId = first.sessionId;
        s.end = ctx.window().getEnd();
        s.topic = first.topic;
        s.partition = first.partition;
        s.offset = first.offset;
        s.examples = new byte[steps.size()][];
        for (int i = 0; i < steps.size(); i++) s.examples[i] = steps.get(i).payload;
        out.collect(s);
    }
}
