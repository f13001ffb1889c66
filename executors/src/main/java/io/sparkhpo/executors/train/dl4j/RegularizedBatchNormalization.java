package io.sparkhpo.executors.train.dl4j;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.ArrayList;
import java.util.List;

/**
 * DL4J's BatchNorm with its scale γ regularized like a weight and its shift β like a bias. DL4J's own
 * {@code BatchNormalization.getRegularizationByParam} returns nothing for every parameter; PyTorch's optimizers
 * decay γ and β like any other parameter, and the engines must agree. Running statistics are never regularized.
 */
public class RegularizedBatchNormalization extends BatchNormalization {

    /** For Jackson (DL4J configurations are stored as JSON). */
    public RegularizedBatchNormalization() {
        super();
    }

    /** BatchNorm over {@code channels} with PyTorch's eps and momentum, γ and β regularized by {@code regularization}. */
    static RegularizedBatchNormalization of(int channels, double eps, double momentum, List<Regularization> regularization) {
        RegularizedBatchNormalization bn = new RegularizedBatchNormalization();
        bn.setNIn(channels);
        bn.setNOut(channels);
        bn.setEps(eps);
        bn.setDecay(1 - momentum); // DL4J keeps decay·running + (1 − decay)·batch
        bn.setRegularization(new ArrayList<>(regularization));
        bn.setRegularizationBias(new ArrayList<>(regularization));
        return bn;
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return switch (paramName) {
            case BatchNormalizationParamInitializer.GAMMA -> getRegularization();
            case BatchNormalizationParamInitializer.BETA -> getRegularizationBias();
            default -> null;
        };
    }

    @Override
    public RegularizedBatchNormalization clone() {
        return (RegularizedBatchNormalization) super.clone();
    }
}
