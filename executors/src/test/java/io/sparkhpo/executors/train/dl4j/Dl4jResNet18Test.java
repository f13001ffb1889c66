package io.sparkhpo.executors.train.dl4j;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class Dl4jResNet18Test {

    /**
     * The DL4J network has the CIFAR ResNet-18's 11,173,962 trainable parameters at width 64; DL4J's own
     * {@code numParams()} adds the 9,600 BatchNorm running statistics (11,183,562 in all).
     */
    @Test
    void parameterCountAtWidth64() {
        ComputationGraph g = Dl4jTestNets.resnet18(64, 3, 32, 32, 10, 1);
        ParamLayout layout = ParamLayout.of(g);
        assertEquals(11_173_962L, layout.trainableSize());
        assertEquals(io.sparkhpo.executors.model.Architectures.resnet18(64, new io.sparkhpo.executors.model.Network.Shape(3, 32, 32), 10).parameters(), layout.trainableSize());
        assertEquals(11_183_562L, g.numParams());
    }

    /** Fashion-MNIST-shaped input: 28 → 28, 14, 7, 4 and a 10-way softmax. */
    @Test
    void forwardShapesForGreyscale28() {
        ComputationGraph g = Dl4jTestNets.resnet18(4, 1, 28, 28, 10, 1);
        INDArray out = g.outputSingle(false, Nd4j.rand(DataType.FLOAT, 3, 28, 28, 1)); // NHWC
        assertArrayEquals(new long[]{3, 10}, out.shape());
        assertEquals(3.0, out.sumNumber().doubleValue(), 1e-4);
        assertEquals(io.sparkhpo.executors.model.Architectures.resnet18(4, new io.sparkhpo.executors.model.Network.Shape(1, 32, 32), 10).parameters(), ParamLayout.of(g).trainableSize());
        INDArray act = g.feedForward(Nd4j.rand(DataType.FLOAT, 2, 28, 28, 1), false).get("s4b2_relu");
        assertArrayEquals(new long[]{2, 4, 4, 32}, act.shape());
    }
}
