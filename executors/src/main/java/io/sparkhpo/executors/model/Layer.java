package io.sparkhpo.executors.model;

import java.io.Serializable;

/**
 * One operation of a {@link Network}, described without an engine: each engine builds its own layer from it
 * ({@code DjlNetwork}, {@code Dl4jNetwork}). Convolutions have no bias and pad by {@code kernel / 2}, flooring as
 * PyTorch does; BatchNorm uses PyTorch's eps and momentum ({@link #BN_EPS}, {@link #BN_MOMENTUM}).
 */
public sealed interface Layer extends Serializable {

    double BN_EPS = 1e-5;
    /** PyTorch's BatchNorm momentum: running = (1 − m)·running + m·batch. */
    double BN_MOMENTUM = 0.1;

    /** Trainable parameters. */
    long parameters();

    /** A 2-D convolution, {@code in → out} channels, square kernel, no bias, He-normal (fan-in) initialization. */
    record Conv(int in, int out, int kernel, int stride) implements Layer {
        public long parameters() {
            return (long) in * out * kernel * kernel;
        }
    }

    /** BatchNorm over {@code channels} channels: γ and β trainable, running mean and variance statistics. */
    record BatchNorm(int channels) implements Layer {
        public long parameters() {
            return 2L * channels;
        }
    }

    record Relu() implements Layer {
        public long parameters() {
            return 0;
        }
    }

    /** The sum of its two inputs (a residual connection). */
    record Add() implements Layer {
        public long parameters() {
            return 0;
        }
    }

    /**
     * The parameter-free shortcut of He et al.'s option A: every {@code stride}-th pixel of the input, then
     * {@code out − in} channels of zeros after the input's {@code in} channels.
     */
    record ZeroPadShortcut(int in, int out, int stride) implements Layer {
        public long parameters() {
            return 0;
        }
    }

    /** The mean over each channel's pixels: {@code C x H x W → C}. */
    record GlobalAvgPool() implements Layer {
        public long parameters() {
            return 0;
        }
    }

    /** Images as feature vectors, {@code C x H x W → C·H·W} in that order (as {@code torch.flatten}). */
    record Flatten() implements Layer {
        public long parameters() {
            return 0;
        }
    }

    /**
     * A fully connected layer with a bias, its weight initialized as PyTorch's {@code nn.Linear}'s, U(−1/√in, 1/√in)
     * (libtorch draws the bias so too, DL4J starts it at 0); the network's last layer is its classifier (softmax and
     * cross-entropy follow).
     */
    record Dense(int in, int out) implements Layer {
        public long parameters() {
            return (long) in * out + out;
        }
    }
}
