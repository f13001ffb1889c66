package io.sparkhpo.driver.tables;

import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.model.Models;

import java.util.Map;

/** The trials table's {@code model_hash}: which file a user's network came from, so two studies can be compared. */
final class ModelHash {

    private ModelHash() {
    }

    private static final Map<String, String> HASHES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The SHA-256 (hex) of a user's network file, for the trials table's {@code model_hash}; empty for a built-in
     * network. Read once per file and JVM; a local path or a Hadoop URI.
     */
    static java.util.Optional<String> of(ModelSpec model) {
        if (model.builtIn()) {
            return java.util.Optional.empty();
        }
        String file = (String) model.settings().get(Models.FILE.key());
        return java.util.Optional.of(HASHES.computeIfAbsent(file, f -> {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(f);
            try (java.io.InputStream in = p.getFileSystem(new org.apache.hadoop.conf.Configuration()).open(p)) {
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                }
                return java.util.HexFormat.of().formatHex(sha.digest());
            } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
                throw new java.io.UncheckedIOException(new java.io.IOException("cannot read model.file " + f + ": " + e.getMessage(), e));
            }
        }));
    }

}
