package io.sparkhpo.driver.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This build's version and git commit ({@code 0.1.0-SNAPSHOT+abc1234}, {@code .dirty} for uncommitted changes). */
public final class CodeVersion {

    private static final String VERSION = read();

    private CodeVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = CodeVersion.class.getResourceAsStream("/sparkhpo-git.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // fall through to the package version
        }
        String version = p.getProperty("git.build.version",
                String.valueOf(CodeVersion.class.getPackage().getImplementationVersion()));
        String commit = p.getProperty("git.commit.id.abbrev");
        if (commit == null || commit.isBlank()) {
            return version;
        }
        return version + "+" + commit + ("true".equals(p.getProperty("git.dirty")) ? ".dirty" : "");
    }
}
