/**
 * A Jupyter kernel for Java: JShell evaluates each cell in this JVM (so Spark SQL and XChart run as in any Java
 * program), on jupyter-jvm-basekernel's implementation of the Jupyter messaging protocol. {@link
 * io.sparkhpo.notebooks.kernel.Display} lets a cell show a chart, an image, HTML or a Spark table.
 */
package io.sparkhpo.notebooks.kernel;
