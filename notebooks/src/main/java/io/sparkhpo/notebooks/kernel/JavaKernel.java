package io.sparkhpo.notebooks.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The kernel: {@code java -cp ... io.sparkhpo.notebooks.kernel.JavaKernel CONNECTION_FILE}, as a kernelspec starts
 * it. A cell is cut into JShell snippets (statements, declarations, expressions) and evaluated in order with the
 * {@code local} execution engine, in this JVM and with its class path; the value of a final expression is the
 * cell's result. A snippet that does not compile or throws stops the cell with the compiler's diagnostics or the
 * exception, as Jupyter shows errors.
 */
public final class JavaKernel extends BaseKernel {

    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger PROTOCOL_LOG = java.util.logging.Logger.getLogger("io.github.spencerpark");
    private static volatile JavaKernel current;
    private final JShell shell;

    JavaKernel() {
        shell = JShell.builder().executionEngine("local").build();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                shell.addToClasspath(entry);
            }
        }
        current = this;
    }

    /** The running kernel, for {@link Display}. */
    static JavaKernel current() {
        JavaKernel k = current;
        if (k == null) {
            throw new IllegalStateException("Display works inside the sparkhpo Java kernel only");
        }
        return k;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: JavaKernel CONNECTION_FILE (Jupyter passes it; see notebooks/README.md)");
            System.exit(2);
        }
        PROTOCOL_LOG.setLevel(java.util.logging.Level.WARNING); // not a line per message
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new JupyterConnection(props);
        JavaKernel kernel = new JavaKernel();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        kernel.shell.close();
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        String v = System.getProperty("java.version");
        return new LanguageInfo("java", v, "text/x-java-source", ".jshell", "java", "java", null);
    }

    @Override
    public String getBanner() {
        return "sparkhpo Java kernel (JShell, Java " + System.getProperty("java.version") + ")";
    }

    @Override
    public DisplayData eval(String code) throws Exception {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = code;
        Object last = null;
        boolean lastIsValue = false;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            if (!info.completeness().isComplete()) {
                throw new CellError("incomplete input: " + firstLine(remaining));
            }
            lastIsValue = false;
            for (SnippetEvent e : shell.eval(info.source())) {
                if (e.exception() != null) {
                    throw describe(e.exception());
                }
                if (e.status() == Snippet.Status.REJECTED) {
                    throw new CellError(diagnostics(e.snippet()));
                }
                if (e.causeSnippet() == null && e.snippet().kind() == Snippet.Kind.EXPRESSION
                        || e.causeSnippet() == null && e.snippet().kind() == Snippet.Kind.VAR
                        && e.snippet().subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                    last = e.value();
                    lastIsValue = true;
                }
            }
            remaining = info.remaining();
        }
        return lastIsValue && last != null ? new DisplayData(String.valueOf(last)) : null;
    }

    private String diagnostics(Snippet s) {
        List<String> lines = new ArrayList<>();
        shell.diagnostics(s).forEach((Diag d) -> lines.add((d.isError() ? "error: " : "warning: ")
                + d.getMessage(Locale.ROOT) + "\n    " + firstLine(s.source().substring((int) Math.max(0, d.getStartPosition())))));
        return String.join("\n", lines);
    }

    private static CellError describe(Exception e) {
        if (e instanceof EvalException ee) {
            return new CellError(ee.getExceptionClassName() + ": " + ee.getMessage());
        }
        return new CellError(e.getClass().getName() + ": " + e.getMessage());
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl) + " ...";
    }

    @Override
    public List<String> formatError(Exception e) {
        List<String> lines = new ArrayList<>();
        lines.addAll(List.of(String.valueOf(e.getMessage()).split("\n")));
        return lines;
    }

    @Override
    public void onShutdown(boolean restart) {
        shell.close();
    }

    /** A cell's failure: what Jupyter shows, without the kernel's own stack. */
    static final class CellError extends Exception {
        CellError(String message) {
            super(message, null, false, false);
        }
    }
}
