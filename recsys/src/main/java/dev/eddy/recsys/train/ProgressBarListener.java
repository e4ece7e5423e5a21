package dev.eddy.recsys.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.Locale;

/** A console progress bar over all training steps, showing epoch, running loss and the last validation recall. */
public final class ProgressBarListener implements TrainingListener {
    private final String task;
    private ProgressBar bar;
    private double lastRecall = Double.NaN;
    private int epochs;

    public ProgressBarListener(String task) {
        this.task = task;
    }

    @Override
    public void onStart(TrainingConfig config, int stepsPerEpoch) {
        epochs = config.epochs();
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax((long) stepsPerEpoch * config.epochs())
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build();
    }

    @Override
    public void onStep(int epoch, int step, double loss) {
        bar.step();
        bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d/%d loss %.4f val-recall %s", epoch, epochs, loss,
                Double.isNaN(lastRecall) ? "-" : String.format(Locale.ROOT, "%.4f", lastRecall)));
    }

    @Override
    public void onEpoch(EpochStats stats) {
        if (!Double.isNaN(stats.validRecall())) lastRecall = stats.validRecall();
    }

    @Override
    public void onEnd() {
        if (bar != null) {
            // Epochs cut short by early stopping leave the bar below its max; it closes where it is.
            bar.close();
            bar = null;
        }
    }
}
