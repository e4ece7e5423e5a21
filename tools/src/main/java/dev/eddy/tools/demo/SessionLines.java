package dev.eddy.tools.demo;

import dev.eddy.events.event.ExperimentResults;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The summary's lines on the session experiment: clicks per session of the FTRL policy against uniform. */
final class SessionLines {
    private SessionLines() {}

    static void print(PrintStream out, Map<String, SessionRewards.Stat> sessions, ExperimentResults read) {
        if (sessions.isEmpty()) return;
        out.printf(Locale.ROOT, "  session experiment '%s' (clicks per session: whole run / last %d sessions; at most %d "
                        + "steps, a user leaves after a miss with p = %.1f)%n", DemoExperiment.SESSIONS_ID, Demo.SESSION_WINDOW,
                SimulatedSessions.HORIZON, SimulatedSessions.LEAVE_AFTER_MISS);
        for (String variant : new java.util.TreeSet<>(sessions.keySet())) {
            SessionRewards.Stat s = sessions.get(variant);
            out.printf(Locale.ROOT, "      %-10s %,8d sessions  %.3f / %.3f  (%.2f steps per session)%n", variant,
                    s.sessions(), s.perSession(), s.recentPerSession(), s.sessions() == 0 ? 0.0 : (double) s.steps() / s.sessions());
        }
        SessionRewards.Stat ftrl = sessions.get(DemoExperiment.FTRL);
        SessionRewards.Stat uniform = sessions.get(DemoExperiment.UNIFORM);
        if (ftrl != null && uniform != null && uniform.perSession() > 0 && uniform.recentPerSession() > 0) {
            out.printf(Locale.ROOT, "  %s vs %s: %+.1f %% clicks per session over the whole run, %+.1f %% over the last %d sessions%n",
                    DemoExperiment.FTRL, DemoExperiment.UNIFORM, 100 * (ftrl.perSession() / uniform.perSession() - 1),
                    100 * (ftrl.recentPerSession() / uniform.recentPerSession() - 1), Demo.SESSION_WINDOW);
        }
        if (read != null) {
            for (String line : ExperimentLines.lifts(read, DemoExperiment.SESSION_METRIC)) {
                out.println("      experiments job, " + DemoExperiment.SESSION_METRIC + ": " + line);
            }
        }
    }
}
