package io.sparkhpo.executors.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkhpo.executors.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registered networks have the parameters of PyTorch builds of the same networks (golden/models.json, from
 * tools/golden/models.py) and of their papers; bad settings are errors naming the key.
 */
class ModelsTest {

    @Test
    void everyGoldenNetworkHasPyTorchsParameterAndStatisticCounts() {
        JsonNode golden = Golden.load("models.json");
        List<String> checked = new ArrayList<>();
        for (JsonNode c : golden.get("cases")) {
            JsonNode s = c.get("settings");
            JsonNode in = c.get("input");
            Network.Shape shape = new Network.Shape(in.get(0).asInt(), in.get(1).asInt(), in.get(2).asInt());
            int classes = c.get("classes").asInt();
            ModelSpec spec = switch (c.get("name").asText()) {
                case "resnet18" -> ModelSpec.resnet18(s.get("width").asInt());
                case "resnet" -> new ModelSpec("resnet" + s.get("depth").asInt(), Map.of("shortcut", s.get("shortcut").asText()));
                case "wrn" -> new ModelSpec("wrn", Map.of("depth", s.get("depth").asLong(), "widen", s.get("widen").asLong()));
                case "mlp" -> {
                    List<Long> hidden = new ArrayList<>();
                    s.get("hidden").forEach(h -> hidden.add(h.asLong()));
                    yield new ModelSpec("mlp", Map.of("hidden", hidden));
                }
                default -> throw new IllegalStateException("no model for golden case " + c);
            };
            Network net = spec.network(shape, classes);
            assertEquals(c.get("parameters").asLong(), net.parameters(), spec.label() + " on " + shape);
            long statistics = net.nodes().stream().filter(n -> n.layer() instanceof Layer.BatchNorm)
                    .mapToLong(n -> 2L * ((Layer.BatchNorm) n.layer()).channels()).sum();
            assertEquals(c.get("buffers").asLong(), statistics, spec.label() + " BatchNorm statistics");
            assertEquals(c.get("output_shape").get(1).asInt(), net.classes());
            checked.add(spec.label());
        }
        assertTrue(checked.size() >= 13, "golden cases: " + checked);
        assertTrue(checked.stream().map(l -> l.substring(0, l.indexOf('('))).distinct().count() >= 5, checked.toString());
    }

    /**
     * The papers' counts: ResNet-20 0.27M and ResNet-56 0.85M (He et al. 2016, table 6), WRN-16-4 2.7M (Zagoruyko and
     * Komodakis 2016), the CIFAR ResNet-18's 11,173,962.
     */
    @Test
    void thePapersCounts() {
        Network.Shape cifar = new Network.Shape(3, 32, 32);
        assertEquals(0.27, millions(new ModelSpec("resnet20", Map.of()).network(cifar, 10)), 0.005);
        assertEquals(0.85, millions(new ModelSpec("resnet56", Map.of()).network(cifar, 10)), 0.005);
        assertEquals(2.7, millions(new ModelSpec("wrn", Map.of()).network(cifar, 10)), 0.05);
        assertEquals(11_173_962L, ModelSpec.resnet18(64).network(cifar, 10).parameters());
        assertEquals(701_466L, ModelSpec.resnet18(16).network(cifar, 10).parameters());
    }

    @Test
    void badSettingsNameTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ModelSpec("resnet20", Map.of("width", 3L)))
                .getMessage().contains("takes no key width"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ModelSpec("resnet20", Map.of("shortcut", "C")))
                .getMessage().contains("shortcut"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ModelSpec("vgg", Map.of()))
                .getMessage().contains("known: [resnet18, resnet20"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ModelSpec("wrn", Map.of("depth", 17L))
                .network(new Network.Shape(3, 32, 32), 10)).getMessage().contains("6n + 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ModelSpec("mlp", Map.of("hidden", List.of(0L))))
                .getMessage().contains("hidden"));
    }

    @Test
    void aLayerThatDoesNotFitItsInputIsAnErrorWhenDescribed() {
        Network.Builder b = new Network.Builder(new Network.Shape(3, 8, 8));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.add("c", new Layer.Conv(1, 4, 3, 1), Network.INPUT))
                .getMessage().contains("takes images of 1 channels, its input has shape 3x8x8"));
    }

    private static double millions(Network n) {
        return n.parameters() / 1e6;
    }
}
