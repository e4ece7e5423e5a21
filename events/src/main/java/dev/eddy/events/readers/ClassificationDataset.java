package dev.eddy.events.readers;

import java.util.List;

/**
 * A supervised classification data set with dense labels, the input of the supervised-to-bandit conversion
 * (one arm per class, reward 1 for the true class).
 *
 * @param name         the data set's name (the file name without suffixes)
 * @param featureNames the feature columns, in order
 * @param features     one row of {@code featureNames.size()} values per example
 * @param labels       the class of each example, dense in {@code 0 .. numClasses-1}
 * @param numClasses   how many distinct classes the file holds
 * @param classValues  {@code classValues[label]} is the file's own target value of that label, ascending
 */
public record ClassificationDataset(String name, List<String> featureNames, float[][] features, int[] labels,
                                    int numClasses, int[] classValues) {
    public ClassificationDataset {
        featureNames = List.copyOf(featureNames);
    }

    public int size() {
        return labels.length;
    }

    /** Examples per dense label. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : labels) counts[label]++;
        return counts;
    }
}
