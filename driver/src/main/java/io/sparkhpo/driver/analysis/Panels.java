package io.sparkhpo.driver.analysis;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import org.knowm.xchart.internal.chartpart.Chart;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * XChart charts laid out side by side (at most {@value #PER_ROW} to a row) in one picture, as PNG and as SVG
 * (XChart's own vector back end, VectorGraphics2D): each chart paints itself into its panel's part of one canvas.
 */
public final class Panels {

    static final int PER_ROW = 4;

    private final List<? extends Chart<?, ?>> charts;
    private final int width;
    private final int height;

    Panels(List<? extends Chart<?, ?>> charts, int width, int height) {
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("no charts to lay out");
        }
        this.charts = List.copyOf(charts);
        this.width = width;
        this.height = height;
    }

    /** The charts, one per panel. */
    public List<? extends Chart<?, ?>> charts() {
        return charts;
    }

    int totalWidth() {
        return width * Math.min(PER_ROW, charts.size());
    }

    int totalHeight() {
        return height * ((charts.size() + PER_ROW - 1) / PER_ROW);
    }

    private void paint(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, totalWidth(), totalHeight());
        for (int k = 0; k < charts.size(); k++) {
            Graphics2D panel = (Graphics2D) g.create((k % PER_ROW) * width, (k / PER_ROW) * height, width, height);
            try {
                charts.get(k).paint(panel, width, height);
            } finally {
                panel.dispose();
            }
        }
    }

    public byte[] png() throws IOException {
        BufferedImage img = new BufferedImage(totalWidth(), totalHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        try {
            paint(g);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    public byte[] svg() throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Processors.get("svg").getDocument(g.getCommands(), new PageSize(0, 0, totalWidth(), totalHeight())).writeTo(out);
        return out.toByteArray();
    }
}
