package dev.eddy.jobs.replay;

/** What every replay policy holds besides its rule: the name it reports under and whether it learns. */
abstract class NamedReplayPolicy implements ReplayPolicy {
    private final String name;
    private final boolean learns;

    NamedReplayPolicy(String name, boolean learns) {
        this.name = name;
        this.learns = learns;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean learns() {
        return learns;
    }
}
