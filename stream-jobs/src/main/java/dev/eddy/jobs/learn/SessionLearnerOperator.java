package dev.eddy.jobs.learn;

import dev.eddy.bandits.mdp.Episode;
import dev.eddy.bandits.mdp.eval.SessionModelSpec;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import dev.eddy.jobs.runtime.PublishedVersions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies the episode update of each finished session to its model's session policy (keyed by model name) and
 * publishes its versions; state, restore and publishing as in {@link PublishingLearnerOperator}. An update is one
 * episode.
 *
 * <p>Episode: the session's decisions in step order, at most H of them (later steps are cut off, counted in
 * {@code learner.truncatedSessions}); at each step the dense hashed φ(s, a) of every candidate, the first slot's
 * logged action and propensity, and loss 1 − reward (reward clipped to [0, 1]; an unrewarded example has the join's
 * default reward). A session with a {@code skipLearn} decision is not learned ({@code learner.skipLearnSessions}):
 * its loss-to-go would be wrong without that step. The number of actions A of a new policy is the largest candidate
 * count of its first session; a later session with more candidates is a dead letter.
 */
public final class SessionLearnerOperator extends PublishingLearnerOperator<SessionExamples, SessionLearner> {

    private transient Counter truncated;
    private transient Counter skipped;

    public SessionLearnerOperator(LearnerSettings settings, PublishedVersions publishedVersions) {
        super(settings, publishedVersions);
    }

    @Override
    public void open() throws Exception {
        super.open();
        var metrics = getRuntimeContext().getMetricGroup().addGroup("learner");
        truncated = metrics.counter("truncatedSessions");
        skipped = metrics.counter("skipLearnSessions");
    }

    private SessionModelSpec spec(String policy, java.util.Map<String, String> params, int actions) {
        LearnerSettings.Sessions s = settings.sessions();
        return new SessionModelSpec(policy, params, s.horizon(), actions, settings.sessionHashing(), s.episodes(),
                settings.seed());
    }

    @Override
    protected SessionLearner restore(String model, LearnerState s) {
        LearnerSpec c = settings.sessions().models().get(model);
        if (c != null && (!c.learner().equals(s.learner) || !LiveModel.formatParams(c.params()).equals(s.params))) {
            LOG.warn("model {} keeps its session policy {}:{} from state; the configured {}:{} needs a fresh start",
                    model, s.learner, s.params, c.learner(), LiveModel.formatParams(c.params()));
        }
        return SessionLearner.restored(spec(s.learner, LiveModel.parseParams(s.params), s.actions), s.snapshot);
    }

    @Override
    protected Optional<SessionLearner> create(String model, int actions) {
        LearnerSpec configured = settings.sessions().models().get(model);
        if (configured == null) return Optional.empty();
        return Optional.of(SessionLearner.fresh(spec(configured.learner(), configured.params(), actions)));
    }

    @Override
    public void processElement(StreamRecord<SessionExamples> record) throws Exception {
        SessionExamples s = record.getValue();
        List<Decision> steps = new ArrayList<>();
        List<Double> rewards = new ArrayList<>();
        int actions = 0;
        for (byte[] json : s.examples) {
            JoinedExample e;
            try {
                e = EventJson.parseExample(json);
            } catch (InvalidEventException bad) {
                deadLetter("unexpected: " + bad.getMessage(), s.topic, s.partition, s.offset, json);
                return;
            }
            if (e.decision().skipLearn()) {
                skipped.inc();
                return;
            }
            steps.add(e.decision());
            rewards.add(e.reward());
            actions = Math.max(actions, e.decision().candidates().size());
        }
        int horizon = settings.sessions().horizon();
        if (steps.size() > horizon) {
            truncated.inc();
            steps = steps.subList(0, horizon);
            rewards = rewards.subList(0, horizon);
        }
        Optional<LiveModel<SessionLearner>> found = model(s.model, actions);
        if (found.isEmpty()) return;
        LiveModel<SessionLearner> m = found.get();
        SessionModelSpec spec = m.learner.spec();
        try {
            if (actions > spec.actions()) {
                throw new IllegalArgumentException("a step has " + actions + " candidates, the policy was built for "
                        + spec.actions());
            }
            Episode episode = spec.episode(steps, rewards.stream().mapToDouble(Double::doubleValue).toArray());
            m.learner.policy().learn(episode);
        } catch (IllegalArgumentException e) {
            deadLetter("model " + m.name + " (" + spec.policy() + ") cannot learn from session " + s.sessionId + ": "
                    + e.getMessage(), s.topic, s.partition, s.offset, s.examples[0]);
            return;
        }
        updated(m);
    }
}
