package io.sparkhpo.driver.analysis;

import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.util.List;

/**
 * One picture of the report: written as {@code analysis/NAME.png} and {@code NAME.svg}, shown inline under its
 * title and note, followed by its appendix (HTML, e.g. the heatmaps' cell tables).
 */
public record Plot(String name, String title, String note, Panels panels, String appendixHtml) {

    public byte[] png() throws IOException {
        return panels.png();
    }

    public byte[] svg() throws IOException {
        return panels.svg();
    }

    /** The charts, one per panel (to show or restyle one, e.g. in a notebook). */
    public List<? extends Chart<?, ?>> charts() {
        return panels.charts();
    }
}
