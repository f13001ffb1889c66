package io.sparkhpo.search.sampler;

import io.sparkhpo.search.space.CategoricalDistribution;
import io.sparkhpo.search.space.Distribution;
import io.sparkhpo.search.space.FloatDistribution;
import io.sparkhpo.search.space.IntDistribution;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our Sobol points and TPE densities against the reference libraries (fixtures from tools/sobol and tools/golden). */
class GoldenTest {

    static List<String> lines(String resource) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(GoldenTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                if (!l.startsWith("#") && !l.isBlank()) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    static double[] numbers(String[] f, int from) {
        return Arrays.stream(f).skip(from).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void unscrambledSobolEqualsScipy() throws IOException {
        List<String> rows = lines("sobol-scipy.txt");
        assertEquals(256, rows.size());
        SobolSampler s = new SobolSampler(0, false);
        for (int n = 0; n < rows.size(); n++) {
            double[] expected = numbers(rows.get(n).trim().split(" "), 0);
            assertEquals(SobolSampler.MAX_DIMS, expected.length);
            double[] got = s.point(n, SobolSampler.MAX_DIMS);
            for (int d = 0; d < expected.length; d++) {
                assertEquals(expected[d], got[d], 0.0, "point " + n + " dimension " + d);
            }
        }
    }

    /** Scrambling keeps the net property: each of 32 equal slices of every axis holds one of the first 32 points. */
    @Test
    void scrambledSobolStaysStratifiedAndDependsOnTheSeed() {
        for (long seed : new long[]{1, 2, 99}) {
            SobolSampler s = new SobolSampler(seed);
            for (int d = 0; d < 20; d++) {
                Set<Integer> cells = new HashSet<>();
                for (int n = 0; n < 32; n++) {
                    cells.add((int) Math.floor(s.point(n, 20)[d] * 32));
                }
                assertEquals(32, cells.size(), "seed " + seed + " dimension " + d);
            }
        }
        assertTrue(new SobolSampler(1).point(0, 3)[0] != new SobolSampler(2).point(0, 3)[0]);
    }

    @Test
    void parzenEstimatorMatchesOptuna31() throws IOException {
        Map<String, Distribution> space = new LinkedHashMap<>();
        space.put("a", new FloatDistribution(-2, 3, false));
        space.put("b", new FloatDistribution(1e-4, 1, true));
        space.put("c", IntDistribution.of(1, 60));
        space.put("d", new CategoricalDistribution(List.of("x", "y", "z")));
        space.put("e", new FloatDistribution(0, 1, false, 0.05));
        Map<String, double[]> obs = new LinkedHashMap<>();
        Map<String, double[]> pts = new LinkedHashMap<>();
        int compared = 0;
        for (String line : lines("optuna-parzen.txt")) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "case" -> {
                    obs.clear();
                    pts.clear();
                }
                case "obs" -> obs.put(f[1], numbers(f, 2));
                case "pts" -> pts.put(f[1], numbers(f, 2));
                case "uni", "mv" -> {
                    String[] names = f[1].split(",");
                    io.sparkhpo.search.space.Transform[] scales = new io.sparkhpo.search.space.Transform[names.length];
                    int n = obs.get(names[0]).length;
                    int m = pts.get(names[0]).length;
                    double[][] o = new double[n][names.length];
                    double[][] x = new double[m][names.length];
                    for (int p = 0; p < names.length; p++) {
                        scales[p] = io.sparkhpo.search.space.Transform.of(space.get(names[p]));
                        for (int i = 0; i < n; i++) {
                            o[i][p] = onScale(scales[p], obs.get(names[p])[i]);
                        }
                        for (int i = 0; i < m; i++) {
                            x[i][p] = onScale(scales[p], pts.get(names[p])[i]);
                        }
                    }
                    double[] got = new ParzenEstimator(scales, o, ParzenEstimator.defaultWeights(n), f[0].equals("mv"), 1.0).logPdf(x);
                    double[] expected = numbers(f, 2);
                    for (int i = 0; i < m; i++) {
                        assertEquals(expected[i], got[i], 1e-9 * Math.max(1, Math.abs(expected[i])), line.substring(0, 20) + " point " + i
                                + " with " + n + " observations");
                    }
                    compared += m;
                }
                default -> throw new IllegalStateException(line);
            }
        }
        assertTrue(compared >= 100, "compared " + compared);
    }

    /** Optuna's internal representation to our scale: log for log ranges, the index for categoricals. */
    private static double onScale(io.sparkhpo.search.space.Transform s, double v) {
        return s.categorical() ? v : s.logScale() ? Math.log(v) : v;
    }
}
