package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.optim.DeviceGolden;
import io.sparkhpo.executors.train.Traffic;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** The update rules as ND4J operations replay PyTorch's float32 golden trajectories (see {@link DeviceGolden}). */
class Nd4jVectorsGoldenTest {

    @TestFactory
    List<DynamicTest> nd4jReplaysPyTorchsFloat32Trajectories() {
        return DeviceGolden.tests("nd4j", new Nd4jVectors(new Traffic()), n -> Nd4j.create(DataType.FLOAT, n));
    }

    /** SAM and ASAM over SGD and Adam in every decay mode, through {@code DeviceSam} on these vectors. */
    @TestFactory
    List<DynamicTest> nd4jReplaysTheSamFixtures() {
        return DeviceGolden.samTests("nd4j", new Nd4jVectors(new Traffic()), n -> Nd4j.create(DataType.FLOAT, n));
    }
}
