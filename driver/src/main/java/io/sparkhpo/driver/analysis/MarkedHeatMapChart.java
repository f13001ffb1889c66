package io.sparkhpo.driver.analysis;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.internal.Utils;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * XChart's heat map with chosen cells circled, as the AdamW paper's Figure 2 circles its best settings. XChart
 * draws everything; the circles go on top, in cells laid out by the same arithmetic as XChart's
 * {@code PlotContent_HeatMap} (3.8.8): the plot area less the tick margins, divided evenly, y index 0 at the bottom.
 */
final class MarkedHeatMapChart extends HeatMapChart {

    private final List<int[]> marked;
    private final int columns;
    private final int rows;

    MarkedHeatMapChart(int width, int height, List<int[]> marked, int columns, int rows) {
        super(width, height, org.knowm.xchart.style.Styler.ChartTheme.XChart);
        this.marked = List.copyOf(marked);
        this.columns = columns;
        this.rows = rows;
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        super.paint(g, width, height);
        if (marked.isEmpty() || columns == 0 || rows == 0) {
            return;
        }
        Rectangle2D b = plot.getBounds();
        double xMargin = Utils.getTickStartOffset((int) b.getWidth(), getStyler().getPlotContentSize() * b.getWidth());
        double yMargin = Utils.getTickStartOffset((int) b.getHeight(), getStyler().getPlotContentSize() * b.getHeight());
        double w = (b.getWidth() - 2 * xMargin) / columns;
        double h = (b.getHeight() - 2 * yMargin) / rows;
        double r = 0.42 * Math.min(w, h);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.6f));
        for (int[] cell : marked) {
            double cx = b.getX() + xMargin + w * (cell[0] + 0.5);
            double cy = b.getY() + yMargin + h * (rows - 1 - cell[1] + 0.5);
            g.draw(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
        }
    }
}
