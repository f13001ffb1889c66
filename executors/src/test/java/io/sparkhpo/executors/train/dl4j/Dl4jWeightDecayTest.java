package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.optim.AdamSpec;
import io.sparkhpo.executors.optim.WeightDecayMode;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The weight decay the network applies is the configured one, once, on every trainable parameter (BatchNorm γ
 * and β included, running statistics excluded). DL4J applies network-wide {@code WeightDecay} twice
 * (STACK-NOTES.md); these tests fail if that ever comes back.
 */
class Dl4jWeightDecayTest {

    static final double LR = 0.01;
    static final double WD = 0.1;
    static final Set<String> BN_STATS = Set.of("mean", "var", "log10stdev");

    static ComputationGraph net(double wd, WeightDecayMode mode) {
        return Dl4jResNet18.build(2, 3, 8, 8, 10, new AdamSpec(LR, 0.9, 0.999, 1e-8, wd, mode), 7);
    }

    static DataSet batch() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 8, 8);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 10);
        for (int k = 0; k < 4; k++) {
            y.putScalar(k, k, 1f);
        }
        return new DataSet(x, y);
    }

    /**
     * One Adam step from the same start on the same batch: the first step's Adam update depends only on the
     * gradient, so a decoupled decay's whole effect is θ_decayed − θ_plain = −k·θ₀, with k = λ (decoupled, η_t = 1)
     * or α·λ (decoupled_lr).
     */
    @ParameterizedTest
    @EnumSource(value = WeightDecayMode.class, names = {"DECOUPLED", "DECOUPLED_LR"})
    void decoupledDecayIsAppliedOnceToEveryTrainableParameter(WeightDecayMode mode) {
        ComputationGraph plain = net(0, mode);
        ComputationGraph decayed = net(WD, mode);
        Map<String, INDArray> start = copy(plain);
        plain.fit(batch());
        decayed.fit(batch());
        double k = mode == WeightDecayMode.DECOUPLED ? WD : LR * WD;
        int checked = 0;
        for (String name : start.keySet()) {
            INDArray theta0 = start.get(name);
            INDArray delta = decayed.getParam(name).sub(plain.getParam(name));
            if (BN_STATS.contains(name.substring(name.lastIndexOf('_') + 1))) {
                assertEquals(0.0, delta.amaxNumber().doubleValue(), 1e-6, name + " is a running statistic");
                continue;
            }
            INDArray expected = theta0.mul(-k);
            double err = delta.sub(expected).amaxNumber().doubleValue();
            assertTrue(err <= 2e-6 + 1e-3 * expected.amaxNumber().doubleValue(),
                    name + ": decay off by " + err + " (expected magnitude " + expected.amaxNumber() + ")");
            checked++;
        }
        assertTrue(checked > 40, "checked " + checked + " parameter arrays");
    }

    /** L2's penalty ½λΣθ² covers exactly the trainable parameters, once. */
    @Test
    void l2CoversEveryTrainableParameterOnce() {
        ComputationGraph g = net(WD, WeightDecayMode.L2);
        double sumSq = 0;
        for (Layer layer : g.getLayers()) {
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                boolean stat = layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization
                        && BN_STATS.contains(p.getKey());
                if (!stat) {
                    sumSq += p.getValue().norm2Number().doubleValue() * p.getValue().norm2Number().doubleValue();
                }
            }
        }
        assertEquals(0.5 * WD * sumSq, g.calcRegularizationScore(true), 1e-4 * sumSq);
    }

    private static Map<String, INDArray> copy(ComputationGraph g) {
        Map<String, INDArray> out = new java.util.TreeMap<>();
        g.paramTable().forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }
}
