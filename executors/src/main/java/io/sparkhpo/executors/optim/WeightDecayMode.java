package io.sparkhpo.executors.optim;

import io.sparkhpo.executors.ConfigName;

import java.util.List;

/**
 * The three ways a weight decay λ enters an update (docs/config.md, "Weight decay"), with α the base learning rate and η_t the
 * schedule multiplier at step t (1 without a schedule).
 */
public enum WeightDecayMode implements ConfigName {
    /** {@code g ← g + λθ} before the optimizer: L2 regularization (PyTorch's {@code Adam(weight_decay=λ)}). */
    L2,
    /** {@code θ ← θ − η_t·λ·θ} after the optimizer: the AdamW paper's Algorithm 2 (Loshchilov & Hutter 2019). */
    DECOUPLED,
    /** {@code θ ← θ − α·η_t·λ·θ}: PyTorch's {@code AdamW(weight_decay=λ)}; λ_paper = α·λ. */
    DECOUPLED_LR;

    public static List<String> configNames() {
        return ConfigName.names(WeightDecayMode.class);
    }

    /** @throws IllegalArgumentException naming the known names */
    public static WeightDecayMode fromConfig(String name) {
        return ConfigName.parse(WeightDecayMode.class, "weight decay mode", name);
    }
}
