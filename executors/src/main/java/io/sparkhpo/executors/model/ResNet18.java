package io.sparkhpo.executors.model;

/**
 * ResNet-18 in its CIFAR variant (He et al. 2016, as in kuangliu/pytorch-cifar and the AdamW paper's experiments):
 * a 3x3 stem convolution (stride 1, no max-pool), then four stages of two basic blocks with w, 2w, 4w and 8w
 * channels (stride 2 at the start of stages 2..4), global average pooling and a linear classifier.
 *
 * <p>Basic block: conv3x3(stride s) → BN → ReLU → conv3x3 → BN, plus the shortcut (identity, or conv1x1(stride
 * s) → BN when the shape changes), then ReLU. Convolutions have no bias; the classifier has one. BatchNorm
 * uses eps 1e-5 and momentum 0.1 (PyTorch's defaults). Every convolution pads by 1 (3x3) or 0 (1x1) and floors,
 * as PyTorch does, so a 28x28 input goes 28, 14, 7, 4.
 */
public final class ResNet18 {

    public static final String NAME = "resnet18";
    /** Blocks per stage. */
    public static final int[] BLOCKS = {2, 2, 2, 2};
    public static final double BN_EPS = 1e-5;
    public static final double BN_MOMENTUM = 0.1;

    private ResNet18() {
    }

    /** Channels of stage {@code s} (0..3) for first-stage width {@code w}. */
    public static int stageWidth(int w, int s) {
        return w << s;
    }

    /**
     * Trainable parameters (convolution and classifier weights, classifier bias, BatchNorm γ and β; not the
     * BatchNorm running statistics), counted from the architecture alone: 11,173,962 for width 64, 3 input
     * channels and 10 classes.
     */
    public static long trainableParameters(int width, int inChannels, int classes) {
        long n = 9L * inChannels * width + 2L * width;
        int in = width;
        for (int s = 0; s < BLOCKS.length; s++) {
            int out = stageWidth(width, s);
            for (int b = 0; b < BLOCKS[s]; b++) {
                int stride = (b == 0 && s > 0) ? 2 : 1;
                n += 9L * in * out + 2L * out + 9L * out * out + 2L * out;
                if (stride != 1 || in != out) {
                    n += (long) in * out + 2L * out;
                }
                in = out;
            }
        }
        return n + (long) in * classes + classes;
    }
}
