package dev.eddy.events.readers;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads PMLB-style classification files: tab-separated, plain or gzipped, a header row, numeric features
 * (categorical ones already integer-coded) and the class in the last column, named {@code target}. The
 * target's values, whatever they are (1..26, 0/1, ...), are mapped to dense labels in ascending order.
 * Unlike event logs, a data set with a bad cell is rejected whole, naming the line and column.
 */
public final class ClassificationTsvReader {

    public static final String TARGET = "target";

    private ClassificationTsvReader() {}

    public static ClassificationDataset read(Path tsv) throws IOException {
        String source = tsv.getFileName().toString();
        List<float[]> rows = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        List<String> featureNames;
        try (BufferedReader in = TextInputs.open(tsv)) {
            String headerLine = in.readLine();
            if (headerLine == null) throw new MalformedDataException(source, 1, "empty file, no header");
            String[] header = headerLine.split("\t", -1);
            if (!header[header.length - 1].equals(TARGET)) {
                throw new MalformedDataException(source, 1, "the last column is '" + header[header.length - 1]
                        + "', not '" + TARGET + "'");
            }
            featureNames = List.of(Arrays.copyOf(header, header.length - 1));
            long lineNumber = 1;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isEmpty()) continue;
                String[] cells = line.split("\t", -1);
                if (cells.length != header.length) {
                    throw new MalformedDataException(source, lineNumber, "has " + cells.length + " columns, the header "
                            + header.length);
                }
                float[] row = new float[featureNames.size()];
                for (int j = 0; j < row.length; j++) row[j] = feature(cells[j], header[j], source, lineNumber);
                rows.add(row);
                targets.add(classValue(cells[cells.length - 1], source, lineNumber));
            }
        }
        int[] classValues = new TreeSet<>(targets).stream().mapToInt(Integer::intValue).toArray();
        int[] labels = new int[targets.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = Arrays.binarySearch(classValues, targets.get(i));
        return new ClassificationDataset(TextInputs.baseName(tsv, ".tsv"), featureNames,
                rows.toArray(new float[0][]), labels, classValues.length, classValues);
    }

    private static double number(String cell, String column, String source, long lineNumber)
            throws MalformedDataException {
        try {
            double v = Double.parseDouble(cell);
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // reported below, with the place
        }
        throw new MalformedDataException(source, lineNumber, "column '" + column + "': '" + cell
                + "' is not a finite number");
    }

    // Features are stored as floats: a finite double beyond the float range (1e39) would become Infinity there.
    private static float feature(String cell, String column, String source, long lineNumber)
            throws MalformedDataException {
        float v = (float) number(cell, column, source, lineNumber);
        if (Float.isFinite(v)) return v;
        throw new MalformedDataException(source, lineNumber, "column '" + column + "': '" + cell
                + "' is beyond the range of a feature (a 32-bit float)");
    }

    // PMLB writes integer classes, sometimes as "2.0"; a fractional target means a regression set, not ours.
    private static int classValue(String cell, String source, long lineNumber) throws MalformedDataException {
        double v = number(cell, TARGET, source, lineNumber);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new MalformedDataException(source, lineNumber, "column '" + TARGET + "': '" + cell
                    + "' is not an integer class");
        }
        return (int) v;
    }
}
