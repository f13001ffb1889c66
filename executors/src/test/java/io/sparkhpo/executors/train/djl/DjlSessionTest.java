package io.sparkhpo.executors.train.djl;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** libtorch's own part of a session (the rest is {@link DjlSessionContractTest}). */
class DjlSessionTest {

    /**
     * A task's GPU address picks the session's device; no GPU means the CPU; a GPU libtorch does not see is an error.
     * (That the address is the task thread's own is the contract's {@code theTasksGpuIsBoundToItsThreadOnly}.)
     */
    @Test
    void theTasksGpuIsTheSessionsDevice() {
        assertEquals(Device.gpu(1), DjlSession.device(OptionalInt.of(1), 2));
        assertEquals(Device.gpu(0), DjlSession.device(OptionalInt.of(0), 4));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DjlSession.device(OptionalInt.of(1), 1), "GPU 1 is not visible: no fall-back to the CPU");
        assertTrue(e.getMessage().contains("sees 1 GPU"), e.getMessage());
        assertEquals(Device.cpu(), DjlSession.device(OptionalInt.empty(), 2), "no GPU given: the CPU, not GPU 0");
    }
}
