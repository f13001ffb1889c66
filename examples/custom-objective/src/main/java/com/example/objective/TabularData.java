package com.example.objective;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The example's data set: a CSV of {@code FEATURES} numeric columns and a 0/1 label, which it writes itself (the
 * label a fixed nonlinear rule of the features, with 10% of labels flipped), then reads back.
 */
public final class TabularData {

    public static final int FEATURES = 8;

    /** The rows' features and labels. */
    public record Rows(float[][] x, int[] y) {
    }

    private TabularData() {
    }

    /** Writes {@code n} rows to {@code file} unless it exists (as a complete file, renamed into place). */
    public static Path ensure(Path file, int n, long seed) {
        if (Files.exists(file)) {
            return file;
        }
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double[] f = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                f[j] = r.nextGaussian();
                b.append(String.format(Locale.ROOT, "%.5f,", f[j]));
            }
            boolean label = f[0] * f[1] + Math.sin(2 * f[2]) - 0.5 * f[3] > 0;
            b.append(label ^ r.nextDouble() < 0.1 ? 1 : 0).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".tabular", ".csv");
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    public static Rows read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
        List<float[]> x = new ArrayList<>();
        int[] y = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(",");
            if (parts.length != FEATURES + 1) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected " + (FEATURES + 1)
                        + " comma-separated values, got " + parts.length);
            }
            float[] f = new float[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                f[j] = Float.parseFloat(parts[j]);
            }
            x.add(f);
            y[i] = Integer.parseInt(parts[FEATURES].trim());
        }
        return new Rows(x.toArray(float[][]::new), y);
    }
}
