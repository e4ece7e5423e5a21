package dev.eddy.events.readers;

import dev.eddy.events.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassificationTsvReaderTest {

    private static ClassificationDataset read(String name) throws IOException {
        return ClassificationTsvReader.read(SharedData.path("classification/" + name + "/" + name + ".tsv.gz"));
    }

    private static void assertShape(ClassificationDataset d, String name, int rows, int cols, int classes) {
        assertThat(d.name()).isEqualTo(name);
        assertThat(d.size()).isEqualTo(rows);
        assertThat(d.features()).hasNumberOfRows(rows);
        assertThat(Arrays.stream(d.features())).allSatisfy(r -> assertThat(r).hasSize(cols));
        assertThat(d.featureNames()).hasSize(cols).doesNotContain(ClassificationTsvReader.TARGET);
        assertThat(d.numClasses()).isEqualTo(classes);
        assertThat(d.classValues()).hasSize(classes).isSorted();
        assertThat(IntStream.of(d.labels()).boxed()).allSatisfy(l -> assertThat(l).isBetween(0, classes - 1));
        assertThat(IntStream.of(d.classCounts()).boxed()).allSatisfy(c -> assertThat(c).isPositive());
    }

    @Test
    void letter() throws IOException {
        ClassificationDataset d = read("letter");
        assertShape(d, "letter", 20_000, 16, 26);
        assertThat(d.classValues()).isEqualTo(IntStream.rangeClosed(1, 26).toArray());
        assertThat(d.featureNames()).startsWith("x-box", "y-box").endsWith("yegvx");
        // First row: 2 4 4 3 2 7 8 2 9 11 7 7 1 8 5 6, target 26.
        assertThat(d.features()[0]).containsExactly(2, 4, 4, 3, 2, 7, 8, 2, 9, 11, 7, 7, 1, 8, 5, 6);
        assertThat(d.labels()[0]).isEqualTo(25);
        assertThat(d.classCounts()[0]).isEqualTo(789);    // class 1 ('A')
    }

    @Test
    void magic() throws IOException {
        ClassificationDataset d = read("magic");
        assertShape(d, "magic", 19_020, 10, 2);
        assertThat(d.classValues()).containsExactly(0, 1);
        assertThat(d.classCounts()).containsExactly(12_332, 6_688);
        assertThat(d.features()[0][0]).isEqualTo(28.7967f);
        assertThat(d.features()[0][7]).isEqualTo(-8.2027f);
    }

    @Test
    void mushroom() throws IOException {
        ClassificationDataset d = read("mushroom");
        assertShape(d, "mushroom", 8_124, 22, 2);
        assertThat(d.featureNames()).contains("bruises?", "stalk-surface-above-ring");
        assertThat(d.classCounts()).containsExactly(4_208, 3_916);
    }

    @Test
    void shuttle() throws IOException {
        ClassificationDataset d = read("shuttle");
        assertShape(d, "shuttle", 58_000, 9, 7);
        assertThat(d.classValues()).containsExactly(1, 2, 3, 4, 5, 6, 7);
        // Heavily imbalanced: class 1 holds 78.6 %, class 6 only 10 examples.
        assertThat(d.classCounts()).containsExactly(45_586, 50, 171, 8_903, 3_267, 10, 13);
        assertThat(d.labels()[0]).isEqualTo(1);      // target 2
    }

    @Test
    void sparseClassValuesAreMadeDense(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("toy.tsv");
        Files.writeString(f, "a\tb\ttarget\n1\t2\t10\n3\t4\t-5\n5\t6\t10.0\n");
        ClassificationDataset d = ClassificationTsvReader.read(f);
        assertThat(d.name()).isEqualTo("toy");
        assertThat(d.classValues()).containsExactly(-5, 10);
        assertThat(d.labels()).containsExactly(1, 0, 1);
        assertThat(Arrays.stream(d.features()).map(r -> r[1])).containsExactly(2f, 4f, 6f);
    }

    @Test
    void badCellNamesLineAndColumn(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("bad.tsv");
        Files.writeString(f, "a\tb\ttarget\n1\t2\t0\n3\tx7\t1\n");
        assertThatThrownBy(() -> ClassificationTsvReader.read(f))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("bad.tsv:3: column 'b': 'x7' is not a finite number")
                .satisfies(e -> assertThat(((MalformedDataException) e).lineNumber()).isEqualTo(3));
    }

    @Test
    void fractionalTargetOrMissingTargetColumnIsRejected(@TempDir Path tmp) throws IOException {
        Path fractional = tmp.resolve("reg.tsv");
        Files.writeString(fractional, "a\ttarget\n1\t0.5\n");
        assertThatThrownBy(() -> ClassificationTsvReader.read(fractional))
                .hasMessage("reg.tsv:2: column 'target': '0.5' is not an integer class");
        Path noTarget = tmp.resolve("nt.tsv");
        Files.writeString(noTarget, "a\tclass\n1\t0\n");
        assertThatThrownBy(() -> ClassificationTsvReader.read(noTarget)).hasMessageContaining("not 'target'");
        Path ragged = tmp.resolve("ragged.tsv");
        Files.writeString(ragged, "a\tb\ttarget\n1\t2\t0\n1\t0\n");
        assertThatThrownBy(() -> ClassificationTsvReader.read(ragged)).hasMessage("ragged.tsv:3: has 2 columns, the header 3");
    }
}
