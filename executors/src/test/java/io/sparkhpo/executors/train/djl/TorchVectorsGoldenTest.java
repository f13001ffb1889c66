package io.sparkhpo.executors.train.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sparkhpo.executors.optim.DeviceGolden;
import io.sparkhpo.executors.train.Traffic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;

/** The update rules as libtorch operations replay PyTorch's float32 golden trajectories (see {@link DeviceGolden}). */
class TorchVectorsGoldenTest {

    static final NDManager MANAGER = DjlEngine.engine().newBaseManager();
    static final TorchVectors OPS = new TorchVectors(DjlEngine.engine(), new Traffic());

    @TestFactory
    List<DynamicTest> libtorchReplaysPyTorchsFloat32Trajectories() {
        return DeviceGolden.tests("libtorch", OPS, n -> MANAGER.zeros(new Shape(n)));
    }

    @AfterAll
    static void close() {
        OPS.close();
        MANAGER.close();
    }

    /** SAM and ASAM over SGD and Adam in every decay mode, through {@code DeviceSam} on these vectors. */
    @TestFactory
    List<DynamicTest> libtorchReplaysTheSamFixtures() {
        return DeviceGolden.samTests("libtorch", OPS, n -> MANAGER.zeros(new Shape(n)));
    }
}
