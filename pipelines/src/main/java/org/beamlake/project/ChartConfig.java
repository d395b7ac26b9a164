package org.beamlake.project;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A chart of a refined table in the run report ({@code _runs/<run_id>.html}), declared under the
 * table's {@code charts:}.
 *
 * <pre>
 * charts:
 *   - {type: line, x: TIME_PERIOD, y: life_expectancy, series: REF_AREA, where: {REF_AREA: [AFG, ALB]}}
 * </pre>
 *
 * @param type bar, line or scatter
 * @param x the column along the horizontal axis (a number for scatter)
 * @param y the numeric column plotted
 * @param series a column whose values split the rows into one series each, or null for one series
 * @param title the chart's title; null for "y by x"
 * @param where column to the values a row must have one of to be plotted (as the HTTP API's filters)
 */
public record ChartConfig(
    Type type, String x, String y, @Nullable String series, @Nullable String title, Map<String, List<String>> where,
    Where at) {

  /** The kinds of chart. */
  public enum Type {
    BAR,
    LINE,
    SCATTER;

    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The title shown: the declared one, else "y by x" (and series). */
  public String displayTitle() {
    if (title != null) {
      return title;
    }
    return y + " by " + x + (series == null ? "" : " and " + series);
  }
}
