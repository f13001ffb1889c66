package io.sparkhpo.driver.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference scripts' result lines, as {@code bench} reads them. */
class PyTorchRunnerTest {

    @Test
    void theLastJsonLineGivesTheNumbers() throws IOException {
        Map<String, Double> r = PyTorchRunner.result(List.of("warming up", "{\"single_s\": 0.5}",
                "{\"torch\": \"1.13.0a0\", \"threads\": 2, \"parameters\": 11173962, \"single_s\": 0.0215, "
                        + "\"foreach_s\": 4.8e-02}"));
        assertEquals(0.0215, r.get("single_s"), 1e-15);
        assertEquals(0.048, r.get("foreach_s"), 1e-15);
        assertEquals(11173962.0, r.get("parameters"));
        assertTrue(!r.containsKey("torch"), "strings are not numbers");
    }

    @Test
    void noResultLineIsAnError() {
        IOException e = assertThrows(IOException.class, () -> PyTorchRunner.result(List.of("Traceback", "ImportError")));
        assertTrue(e.getMessage().contains("no result line"), e.getMessage());
    }
}
