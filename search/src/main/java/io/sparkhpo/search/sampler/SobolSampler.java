package io.sparkhpo.search.sampler;

import io.sparkhpo.search.space.Distribution;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.trial.TrialHistory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Quasi-random sampling on a Sobol sequence (Joe & Kuo's direction numbers, up to 64 parameters), scrambled by
 * default with a random linear matrix scramble and digital shift (as scipy's {@code qmc.Sobol(scramble=True)}).
 * Point {@code n} in Gray-code order is computed directly, so trial {@code n}'s parameters depend only on the seed
 * and {@code n}: index-addressable, independent of the history and of parallel asks. Parameter {@code i} of the space
 * is dimension {@code i}; an inactive conditional parameter leaves its dimension unused. Without scrambling the
 * points equal scipy's {@code qmc.Sobol(scramble=False)} (a golden test checks it), and the first is the origin.
 *
 * <p>Sobol points are balanced in prefixes of 2^k: budgets that are powers of two cover the space most evenly.
 */
public final class SobolSampler implements Sampler {

    static final int BITS = 30;
    static final int MAX_DIMS = 64;
    private static final int[][] DIRECTIONS = loadDirections();

    private final long seed;
    private final boolean scramble;
    private final int[][] v; // [dim][bit]: direction integers, scrambled if asked
    private final int[] shift;

    public SobolSampler(long seed) {
        this(seed, true);
    }

    public SobolSampler(long seed, boolean scramble) {
        this.seed = seed;
        this.scramble = scramble;
        this.v = new int[MAX_DIMS][BITS];
        this.shift = new int[MAX_DIMS];
        SplittableRandom rng = new SplittableRandom(RandomSampler.mix(seed, -1));
        for (int d = 0; d < MAX_DIMS; d++) {
            int[] dir = DIRECTIONS[d];
            if (!scramble) {
                v[d] = dir.clone();
                continue;
            }
            // L: lower-triangular with unit diagonal, in digit order (digit 0 = the most significant bit)
            boolean[][] l = new boolean[BITS][BITS];
            for (int i = 0; i < BITS; i++) {
                for (int k = 0; k < i; k++) {
                    l[i][k] = rng.nextBoolean();
                }
                l[i][i] = true;
            }
            for (int j = 0; j < BITS; j++) {
                int out = 0;
                for (int i = 0; i < BITS; i++) {
                    int digit = 0;
                    for (int k = 0; k <= i; k++) {
                        if (l[i][k] && ((dir[j] >>> (BITS - 1 - k)) & 1) != 0) {
                            digit ^= 1;
                        }
                    }
                    out |= digit << (BITS - 1 - i);
                }
                v[d][j] = out;
            }
            shift[d] = rng.nextInt(1 << BITS);
        }
    }

    public long seed() {
        return seed;
    }

    /** Point {@code index} of the (scrambled) sequence in {@code dims} dimensions, in [0, 1). */
    public double[] point(long index, int dims) {
        if (dims > MAX_DIMS) {
            throw new IllegalArgumentException("SobolSampler supports up to " + MAX_DIMS + " parameters, got " + dims);
        }
        if (index < 0 || index >= (1L << BITS)) {
            throw new IllegalArgumentException("SobolSampler: point index must be in [0, 2^" + BITS + "), got " + index);
        }
        long gray = index ^ (index >>> 1);
        double[] x = new double[dims];
        for (int d = 0; d < dims; d++) {
            int acc = shift[d];
            for (int b = 0; b < BITS && (gray >>> b) != 0; b++) {
                if (((gray >>> b) & 1) != 0) {
                    acc ^= v[d][b];
                }
            }
            x[d] = acc / (double) (1L << BITS);
        }
        return x;
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, int trialNumber, TrialHistory history) {
        double[] u = point(trialNumber, space.params().size());
        Map<String, Object> params = new LinkedHashMap<>();
        int d = 0;
        for (Map.Entry<String, Distribution> e : space.params().entrySet()) {
            if (space.isActive(e.getKey(), params)) {
                params.put(e.getKey(), e.getValue().fromUnit(u[d]));
            }
            d++;
        }
        return params;
    }

    /** Direction integers {@code v_j = m_j << (BITS - 1 - j)}, from the initial m's by the Bratley-Fox recurrence. */
    private static int[][] loadDirections() {
        List<int[]> rows = new ArrayList<>();
        try (InputStream in = SobolSampler.class.getResourceAsStream("sobol-directions.txt")) {
            if (in == null) {
                throw new IllegalStateException("sobol-directions.txt is missing from the search module's resources");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                int[] row = new int[f.length];
                for (int i = 0; i < f.length; i++) {
                    row[i] = Integer.parseInt(f[i]);
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[][] v = new int[rows.size()][BITS];
        for (int d = 0; d < rows.size(); d++) {
            int[] row = rows.get(d);
            long[] m = new long[BITS];
            if (d == 0) {
                java.util.Arrays.fill(m, 1);
            } else {
                int p = row[0];
                int s = 31 - Integer.numberOfLeadingZeros(p);
                for (int j = 0; j < s; j++) {
                    m[j] = row[1 + j];
                }
                for (int j = s; j < BITS; j++) {
                    long next = m[j - s];
                    long pow2 = 1;
                    for (int k = 0; k < s; k++) {
                        pow2 <<= 1;
                        if (((p >>> (s - 1 - k)) & 1) != 0) {
                            next ^= pow2 * m[j - k - 1];
                        }
                    }
                    m[j] = next;
                }
            }
            for (int j = 0; j < BITS; j++) {
                v[d][j] = (int) (m[j] << (BITS - 1 - j));
            }
        }
        return v;
    }

    @Override
    public String toString() {
        return "SobolSampler(seed=" + seed + ", scramble=" + scramble + ")";
    }
}
