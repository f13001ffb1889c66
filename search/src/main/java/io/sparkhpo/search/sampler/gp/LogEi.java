package io.sparkhpo.search.sampler.gp;

import org.hipparchus.special.Erf;

/**
 * The logarithm of expected improvement over {@code best} for a Gaussian posterior N(mean, sd²) (maximization),
 * computed stably far into the tail where EI itself underflows (Ament et al. 2023, "Unexpected Improvements to
 * Expected Improvement"): {@code log EI = log sd + log h(z)}, {@code z = (mean - best)/sd}, {@code h(z) = φ(z) + zΦ(z)};
 * for {@code z < -1}, {@code h(z) = φ(z)·(1 - |z|·R(|z|))} with Mills' ratio {@code R(a) = Φ(-a)/φ(a)}, from the scaled
 * complementary error function (Hipparchus's {@code erfc}, an asymptotic series past its range).
 */
final class LogEi {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
    private static final double SQRT2 = Math.sqrt(2);

    private LogEi() {
    }

    /**
     * @param d if non-null, receives {d log EI / d mean, d log EI / d sd}
     */
    static double value(double mean, double sd, double best, double[] d) {
        double z = (mean - best) / sd;
        double logH;
        double cdfOverH; // Φ(z) / h(z)
        double pdfOverH; // φ(z) / h(z)
        if (z > -1) {
            double cdf = 0.5 * Erf.erfc(-z / SQRT2);
            double pdf = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
            double h = z * cdf + pdf;
            logH = Math.log(h);
            cdfOverH = cdf / h;
            pdfOverH = pdf / h;
        } else {
            double a = -z;
            double mills;
            double c; // 1 - a R(a), in (0, 1)
            if (a < 30) {
                mills = SQRT_HALF_PI * erfcx(a / SQRT2);
                c = 1 - a * mills;
            } else {
                double a2 = 1 / (a * a);
                mills = (1 - a2 + 3 * a2 * a2) / a;
                c = a2 * (1 - 3 * a2 + 15 * a2 * a2 - 105 * a2 * a2 * a2);
            }
            logH = -0.5 * z * z - LOG_SQRT_2PI + Math.log(c);
            cdfOverH = mills / c;
            pdfOverH = 1 / c;
        }
        if (d != null) {
            d[0] = cdfOverH / sd;
            d[1] = pdfOverH / sd;
        }
        return Math.log(sd) + logH;
    }

    /** exp(t²)·erfc(t) for t >= 0. */
    static double erfcx(double t) {
        if (t < 26) {
            return Math.exp(t * t) * Erf.erfc(t);
        }
        double u = 1 / (t * t);
        return (1 - 0.5 * u + 0.75 * u * u - 1.875 * u * u * u) / (t * Math.sqrt(Math.PI));
    }
}
