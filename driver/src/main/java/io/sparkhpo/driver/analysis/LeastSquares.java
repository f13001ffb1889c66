package io.sparkhpo.driver.analysis;

/**
 * Ordinary least squares by the normal equations (XᵀX)β = Xᵀy, solved by Gauss–Jordan elimination with partial
 * pivoting: fine for the handful of standardized columns of a response surface. The covariance of β is
 * s²(XᵀX)⁻¹ with s² = SSE / (n − p).
 */
record LeastSquares(double[] coefficients, double[][] covariance) {

    static LeastSquares fit(double[][] x, double[] y) {
        int n = x.length;
        int p = x[0].length;
        if (n <= p) {
            throw new IllegalArgumentException("least squares needs more rows than columns, got " + n + " rows and " + p + " columns");
        }
        double[][] xtx = new double[p][p];
        double[] xty = new double[p];
        for (int k = 0; k < n; k++) {
            for (int a = 0; a < p; a++) {
                xty[a] += x[k][a] * y[k];
                for (int c = 0; c < p; c++) {
                    xtx[a][c] += x[k][a] * x[k][c];
                }
            }
        }
        double[][] inv = invert(xtx);
        double[] beta = new double[p];
        for (int a = 0; a < p; a++) {
            for (int c = 0; c < p; c++) {
                beta[a] += inv[a][c] * xty[c];
            }
        }
        double sse = 0;
        for (int k = 0; k < n; k++) {
            double f = 0;
            for (int a = 0; a < p; a++) {
                f += x[k][a] * beta[a];
            }
            sse += (y[k] - f) * (y[k] - f);
        }
        double s2 = sse / (n - p);
        double[][] cov = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int c = 0; c < p; c++) {
                cov[a][c] = s2 * inv[a][c];
            }
        }
        return new LeastSquares(beta, cov);
    }

    static double[][] invert(double[][] m) {
        int p = m.length;
        double[][] a = new double[p][2 * p];
        for (int i = 0; i < p; i++) {
            System.arraycopy(m[i], 0, a[i], 0, p);
            a[i][p + i] = 1;
        }
        for (int col = 0; col < p; col++) {
            int pivot = col;
            for (int r = col + 1; r < p; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-12) {
                throw new IllegalArgumentException("the design is singular: the trials do not spread over both axes");
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            double d = a[col][col];
            for (int c = 0; c < 2 * p; c++) {
                a[col][c] /= d;
            }
            for (int r = 0; r < p; r++) {
                if (r != col && a[r][col] != 0) {
                    double f = a[r][col];
                    for (int c = 0; c < 2 * p; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[][] inv = new double[p][p];
        for (int i = 0; i < p; i++) {
            System.arraycopy(a[i], p, inv[i], 0, p);
        }
        return inv;
    }
}
