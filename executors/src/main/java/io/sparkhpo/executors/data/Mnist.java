package io.sparkhpo.executors.data;

/**
 * MNIST (LeCun et al. 1998): 60,000 training and 10,000 test images of handwritten digits, 28x28 grey, in the four
 * IDX files Fashion-MNIST copied ({@link FashionMnist#FILES}, raw or {@code .gz}); read by the same code.
 */
public final class Mnist {

    public static final String NAME = "mnist";

    private Mnist() {
    }
}
