package io.sparkhpo.executors.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResNet18Test {

    /** The published count for the CIFAR ResNet-18 (kuangliu/pytorch-cifar: 11,173,962). */
    @Test
    void architectureCount() {
        assertEquals(11_173_962L, ResNet18.trainableParameters(64, 3, 10));
        assertEquals(701_466L, ResNet18.trainableParameters(16, 3, 10));
    }
}
