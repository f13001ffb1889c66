package io.sparkhpo.executors.model;

import io.sparkhpo.search.registry.Param;
import io.sparkhpo.search.registry.Registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The networks a trial can train, by the name {@code model.name} gives: each entry's keys and defaults, and its
 * {@link Network} for the data set's shape and classes. Both engines build every entry.
 */
public final class Models {

    public static final Param WIDTH = Param.integer("width", 64, 1)
            .documented("`resnet18`: w, the first stage's channels");
    public static final Param SHORTCUT = Param.choice("shortcut", "A", List.of("A", "B"))
            .documented("`resnet20` ... `resnet110`: where a block changes shape, `A` subsamples and pads the new channels "
                    + "with zeros (no parameters, the paper's CIFAR choice), `B` uses a 1x1 convolution and BatchNorm");
    public static final Param DEPTH = Param.integer("depth", 16, 10)
            .documented("`wrn`: d, 6n + 4 (10, 16, 22, 28, 40)");
    public static final Param WIDEN = Param.integer("widen", 4, 1)
            .documented("`wrn`: k, the widening factor");
    public static final Param HIDDEN = new Param("hidden", Param.Kind.LIST, Optional.of(List.of(256L, 128L)),
            "whole numbers >= 1", v -> v instanceof List<?> l && l.stream().allMatch(x -> x instanceof Number n
            && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 1), List.of(), "")
            .documented("`mlp`: the hidden layers' sizes, e.g. `[256, 128]`; `[]`: a linear classifier");

    public static final Param FILE = Param.text("file", null).withHint("the network's file")
            .documented("required for `torchscript` and `dl4j`", "`torchscript`: a traced or scripted `nn.Module` saved with `torch.jit.save`; `dl4j`: a DL4J network saved with `ModelSerializer` (`ComputationGraph` or `MultiLayerNetwork`) or its JSON configuration (initialized from `training.seed`); a saved network's weights start every trial; a local path or a Hadoop URI");

    /** A user's TorchScript module (its BatchNorm buffers are its own: no SWA recompute). */
    public static final String TORCHSCRIPT = "torchscript";

    public static final Registry<ModelType> REGISTRY = new Registry<>("model", types(), ModelType::name);
    public static final List<String> NAMES = REGISTRY.names();

    private Models() {
    }

    public static ModelType type(String name) {
        return REGISTRY.get(name);
    }

    /** Every entry's keys, each once, in registration order. */
    public static List<Param> keys() {
        return REGISTRY.keys(ModelType::params);
    }

    private static List<ModelType> types() {
        List<ModelType> t = new ArrayList<>();
        t.add(new ModelType("resnet18", "the CIFAR ResNet-18: 3x3 stem, no max-pool, stages of w, 2w, 4w, 8w channels "
                + "(11,173,962 parameters at w = 64)", List.of(WIDTH),
                (v, in, c) -> Architectures.resnet18(integer(v, WIDTH), in, c)));
        for (int depth : new int[]{20, 32, 44, 56, 110}) {
            t.add(new ModelType("resnet" + depth, "the CIFAR ResNet-" + depth + " of He et al. 2016: stages of 16, 32, "
                    + "64 channels, " + (depth - 2) / 6 + " blocks each", List.of(SHORTCUT),
                    (v, in, c) -> Architectures.cifarResNet(depth, Architectures.Shortcut.valueOf((String) v.get(SHORTCUT.key())), in, c)));
        }
        t.add(new ModelType("wrn", "Wide ResNet-d-k (Zagoruyko and Komodakis 2016), pre-activation blocks, no dropout",
                List.of(DEPTH, WIDEN), (v, in, c) -> Architectures.wideResNet(integer(v, DEPTH), integer(v, WIDEN), in, c)));
        t.add(new ModelType("mlp", "a multilayer perceptron on the flattened input (ReLU between layers)", List.of(HIDDEN),
                (v, in, c) -> Architectures.mlp(((List<?>) v.get(HIDDEN.key())).stream()
                        .map(x -> ((Number) x).intValue()).toList(), in, c)));
        t.add(ModelType.file(TORCHSCRIPT, "your PyTorch network from `model.file` (TorchScript), trained by the `djl` "
                + "engine (libtorch) with the trial's optimizer", List.of(FILE), "djl"));
        t.add(ModelType.file("dl4j", "your DL4J network from `model.file`, trained by the `dl4j` engine (its updater and "
                + "regularization replaced by the trial's optimizer)", List.of(FILE), "dl4j"));
        return t;
    }

    private static int integer(Map<String, Object> v, Param p) {
        return Math.toIntExact(((Number) v.get(p.key())).longValue());
    }
}
