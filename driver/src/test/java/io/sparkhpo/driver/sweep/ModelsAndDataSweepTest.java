package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.cli.CliRun;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.executors.train.RunState;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sweeps of the registered networks and data sets beyond ResNet-18 on CIFAR-10, through the CLI on embedded Spark:
 * what was trained lands in the trials table (model, its settings, its parameters; the data set, its settings and
 * path), and a bad folder is a clear error with exit 2.
 */
class ModelsAndDataSweepTest {

    @TempDir
    Path dir;

    /** ResNet-20 (option A) on CIFAR-10-format files, libtorch. */
    @Test
    void aCifarResNetSweepsAndIsRecorded() throws IOException {
        Path cifar = TestData.writeCifar10(dir.resolve("cifar"), 40, 60, 5);
        Path conf = config("resnet20", "data { name = cifar10, path = \"" + cifar + "\", train_size = 100, test_size = 40 }\n"
                + "model { name = resnet20, shortcut = A }\n" + training());
        CliRun run = CliRun.of("sweep", "--config", conf.toString());
        assertEquals(0, run.exit(), run.err());
        for (Row r : trials("resnet20")) {
            assertEquals(RunState.COMPLETE.name(), r.getAs("state"));
            assertEquals("resnet20", r.getAs("model"));
            assertEquals("{\"shortcut\":\"A\"}", r.getAs("model_settings"));
            assertTrue(r.isNullAt(r.fieldIndex("width")), "resnet20 has no width");
            assertEquals(269_722L, (long) r.<Long>getAs("parameters"), "He et al.'s ResNet-20 with option A");
            assertEquals("{}", r.getAs("data_settings"));
            assertEquals(cifar.toString(), r.getAs("data_path"));
        }
    }

    /** An MLP on an image folder of PNGs of mixed sizes in three classes, split by seed, greyscale at 12x12. */
    @Test
    void anImageFolderSweepsWithAnMlp() throws IOException {
        Path images = images();
        Path conf = config("folder", "data { name = image-folder, path = \"" + images + "\", image_size = 12, channels = grey }\n"
                + "model { name = mlp, hidden = [16] }\n" + training());
        CliRun run = CliRun.of("sweep", "--config", conf.toString());
        assertEquals(0, run.exit(), run.err());
        for (Row r : trials("folder")) {
            assertEquals(RunState.COMPLETE.name(), r.getAs("state"));
            assertEquals("image-folder", r.getAs("dataset"));
            assertEquals("{\"image_size\":12,\"channels\":\"grey\",\"test_fraction\":0.2}", r.getAs("data_settings"));
            assertEquals(24, (int) r.<Integer>getAs("train_size"));
            assertEquals(6, (int) r.<Integer>getAs("test_size"));
            assertEquals(144L * 16 + 16 + 16 * 3 + 3, (long) r.<Long>getAs("parameters"), "12x12 grey, 16 hidden, 3 classes");
        }

        Files.createDirectories(dir.resolve("one/only"));
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("one/only/a.png").toFile());
        CliRun bad = CliRun.of("sweep", "--config", config("one", "data { name = image-folder, path = \"" + dir.resolve("one")
                + "\" }\nmodel { name = mlp }\n" + training()).toString());
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("at least 2 class folders") && bad.err().contains(dir.resolve("one").toString()), bad.err());
        assertTrue(!bad.err().contains("\tat "), "no stack trace: " + bad.err());
    }

    /** A user's DL4J network (saved with ModelSerializer) on the image folder, DL4J engine; its file's hash recorded. */
    @Test
    void aUsersDl4jNetworkSweeps() throws Exception {
        org.deeplearning4j.nn.graph.ComputationGraph g = new org.deeplearning4j.nn.graph.ComputationGraph(
                new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(1).graphBuilder().addInputs("in")
                        .addLayer("conv", new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(4)
                                .activation(org.nd4j.linalg.activations.Activation.RELU).build(), "in")
                        .addLayer("pool", new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer.Builder(
                                org.deeplearning4j.nn.conf.layers.PoolingType.AVG).build(), "conv")
                        .addLayer("out", new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                                org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nOut(3)
                                .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build(), "pool")
                        .setOutputs("out").setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(12, 12, 3))
                        .build());
        g.init();
        Path file = dir.resolve("net.zip");
        org.deeplearning4j.util.ModelSerializer.writeModel(g, file.toFile(), false);
        String model = "model { name = dl4j, file = \"" + file + "\" }\n";
        Path conf = config("user", "data { name = image-folder, path = \"" + images() + "\", image_size = 12 }\n" + model
                + training().replace("engine = djl", "engine = dl4j"));
        CliRun run = CliRun.of("sweep", "--config", conf.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("model dl4j(file=" + file + "): 127 trainable parameters"), run.err());
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
        for (Row r : trials("user")) {
            assertEquals(RunState.COMPLETE.name(), r.getAs("state"));
            assertEquals("dl4j", r.getAs("model"));
            assertEquals(sha, r.getAs("model_hash"));
            assertEquals(127L, (long) r.<Long>getAs("parameters"), "3x3x3x4 + 4, 4x3 + 3");
        }

        CliRun wrongEngine = CliRun.of("sweep", "--config", config("engine", "data { name = image-folder, path = \"" + images()
                + "\" }\n" + model + training()).toString());
        assertEquals(2, wrongEngine.exit(), wrongEngine.err());
        assertTrue(wrongEngine.err().contains("training.engine = dl4j"), wrongEngine.err());
        CliRun missing = CliRun.of("sweep", "--config", config("missing", "data { name = image-folder, path = \"" + images()
                + "\" }\nmodel { name = dl4j, file = \"" + dir.resolve("none.zip") + "\" }\n"
                + training().replace("engine = djl", "engine = dl4j")).toString());
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains("none.zip") && missing.err().contains("does not exist"), missing.err());
        CliRun wrongShape = CliRun.of("sweep", "--config", config("shape", "data { name = image-folder, path = \"" + images()
                + "\", image_size = 12, channels = grey }\n" + model + training().replace("engine = djl", "engine = dl4j")).toString());
        assertEquals(2, wrongShape.exit(), wrongShape.err());
        assertTrue(wrongShape.err().contains("net.zip") && wrongShape.err().contains("1x12x12"), wrongShape.err());
    }

    /**
     * conf/image-folder.conf: a user's TorchScript network on an image folder (both written by tools/golden/torchscript.py)
     * sweeps with libtorch, and the trial with lr = 0.05 trains as PyTorch 1.13 trained it: each epoch's training loss
     * within 1e-4 (relative) of golden/torchscript.json.
     */
    @Test
    void theImageFolderConfTrainsTheTorchScriptNetworkAsPyTorchDoes() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String conf = Files.readString(root.resolve("conf/image-folder.conf"))
                .replace("\"executors/", "\"" + root + "/executors/").replace("output = runs", "output = \"" + dir.resolve("runs") + "\"");
        Path file = Files.writeString(dir.resolve("image-folder.conf"), conf + "\nspark { ui.enabled = false }\n");
        CliRun run = CliRun.of("sweep", "--config", file.toString());
        assertEquals(0, run.exit(), run.err());
        com.fasterxml.jackson.databind.JsonNode golden = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                root.resolve("executors/src/test/resources/golden/torchscript.json").toFile());
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(root.resolve("executors/src/test/resources/golden/torchscript/net.pt"))));
        int checked = 0;
        for (Row r : trials("image-folder")) {
            assertEquals(RunState.COMPLETE.name(), r.getAs("state"));
            assertEquals("torchscript", r.getAs("model"));
            assertEquals(sha, r.getAs("model_hash"));
            assertEquals(golden.get("parameters").asLong(), (long) r.<Long>getAs("parameters"));
            if (Math.abs(r.<Double>getAs("lr") - 0.05) < 1e-12) {
                List<Row> epochs = epochs("image-folder", r.<Integer>getAs("trial"));
                for (int e = 0; e < 2; e++) {
                    double expected = golden.get("epochs").get(e).get("train_loss").asDouble();
                    assertEquals(expected, epochs.get(e).<Double>getAs("train_loss"), 1e-4 * expected, "epoch " + (e + 1));
                }
                checked++;
            }
        }
        assertEquals(1, checked, "the trial with lr = 0.05");
    }

    /**
     * The bad inputs the executors' tests check one by one, through the CLI: each is exit 2 with the file and what is
     * wrong, and no stack trace. A corrupt TorchScript file; a Parquet table (written with Spark, as a user would)
     * without the label column; a label beyond data.classes.
     */
    @Test
    void badModelFilesAndTablesAreClearErrorsWithExit2() throws IOException {
        Path corrupt = Files.write(dir.resolve("corrupt.pt"), new byte[]{1, 2, 3});
        CliRun script = CliRun.of("sweep", "--config", config("corrupt", "data { name = image-folder, path = \"" + images()
                + "\", image_size = 12 }\nmodel { name = torchscript, file = \"" + corrupt + "\" }\n" + training()).toString());
        assertBadInput(script, "corrupt.pt", "not a TorchScript module");

        SparkSession spark = SparkSession.builder().master("local[1]").appName("writer").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            table(spark, "y", new int[]{0, 1, 2, 1}).write().parquet(dir.resolve("nolabel").toString());
            table(spark, "label", new int[]{0, 1, 7, 2}).write().parquet(dir.resolve("range").toString());
        } finally {
            spark.stop();
        }
        String parquet = "image_format = raw, image_size = 4, test_fraction = 0.25";
        CliRun noLabel = CliRun.of("sweep", "--config", config("nolabel", "data { name = parquet, path = \"" + dir.resolve("nolabel")
                + "\", " + parquet + " }\nmodel { name = mlp }\n" + training()).toString());
        assertBadInput(noLabel, ".parquet", "no column label");
        CliRun range = CliRun.of("sweep", "--config", config("range", "data { name = parquet, path = \"" + dir.resolve("range")
                + "\", " + parquet + ", classes = 3 }\nmodel { name = mlp }\n" + training()).toString());
        assertBadInput(range, ".parquet", "has label 7");
    }

    private static void assertBadInput(CliRun run, String file, String what) {
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains(file) && run.err().contains(what), run.err());
        assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    /** Four rows of raw 3x4x4 images and an integer column {@code label}. */
    private static org.apache.spark.sql.Dataset<Row> table(SparkSession spark, String label, int[] labels) {
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("image", org.apache.spark.sql.types.DataTypes.BinaryType)
                .add(label, org.apache.spark.sql.types.DataTypes.IntegerType);
        List<Row> rows = new java.util.ArrayList<>();
        Random rng = new Random(5);
        for (int l : labels) {
            byte[] px = new byte[48];
            rng.nextBytes(px);
            rows.add(org.apache.spark.sql.RowFactory.create(px, l));
        }
        return spark.createDataFrame(rows, schema).coalesce(1);
    }

    /** An image folder of PNGs of mixed sizes in three classes, 10 each (written once per test). */
    private Path images() throws IOException {
        Path images = dir.resolve("images");
        if (Files.isDirectory(images)) {
            return images;
        }
        Random rng = new Random(3);
        for (String cls : new String[]{"circle", "square", "triangle"}) {
            Path folder = Files.createDirectories(images.resolve(cls));
            for (int i = 0; i < 10; i++) {
                BufferedImage img = new BufferedImage(10 + rng.nextInt(30), 10 + rng.nextInt(30), BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < img.getHeight(); y++) {
                    for (int x = 0; x < img.getWidth(); x++) {
                        img.setRGB(x, y, rng.nextInt(1 << 24));
                    }
                }
                ImageIO.write(img, "png", folder.resolve(cls + i + ".png").toFile());
            }
        }
        return images;
    }

    private static String training() {
        return "training { engine = djl, epochs = 1, batch_size = 8, seed = 3 }\n"
                + "search { sampler = random, trials = 2, parallelism = 1, seed = 11 }\n"
                + "space { lr { type = float, low = 1e-3, high = 3e-2, log = true } }\n";
    }

    private Path config(String name, String body) throws IOException {
        Path f = dir.resolve(name + ".conf");
        Files.writeString(f, "study { name = " + name + ", output = \"" + dir.resolve("runs") + "\" }\n"
                + "spark { ui.enabled = false }\n" + body);
        return f;
    }

    private List<Row> epochs(String study, int trial) {
        SparkSession reader = SparkSession.builder().master("local[1]").appName("reader").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            return reader.read().parquet(dir.resolve("runs").resolve(study).resolve("epochs").toString())
                    .filter("trial = " + trial).orderBy("epoch").collectAsList();
        } finally {
            reader.stop();
        }
    }

    private List<Row> trials(String study) {
        SparkSession reader = SparkSession.builder().master("local[1]").appName("reader").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            List<Row> rows = reader.read().parquet(dir.resolve("runs").resolve(study).resolve("trials").toString())
                    .orderBy("trial").collectAsList();
            assertEquals(2, rows.size());
            return rows;
        } finally {
            reader.stop();
        }
    }
}
