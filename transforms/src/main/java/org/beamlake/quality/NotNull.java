package org.beamlake.quality;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;

/**
 * Refuses rows in which any of the columns is null.
 *
 * <p>Name {@code not_null(A, B)}; reason {@code A is null}, or {@code A is null, B is null} when
 * several are.
 *
 * <pre>{@code
 * NotNull.columns(List.of("REF_AREA", "TIME_PERIOD")).withAction(RuleAction.FAIL)
 * }</pre>
 */
public final class NotNull extends RowRule {

  private final List<String> columns;

  private NotNull(List<String> columns, RuleAction action) {
    super(action);
    this.columns = columns;
  }

  /** A rule that none of the columns is null; quarantines by default. */
  public static NotNull columns(List<String> columns) {
    return new NotNull(columnList("not_null", columns), RuleAction.QUARANTINE);
  }

  @Override
  public NotNull withAction(RuleAction action) {
    return new NotNull(columns, action);
  }

  public List<String> columns() {
    return columns;
  }

  @Override
  public String name() {
    return "not_null(" + Values.names(columns) + ")";
  }

  @Override
  RowCheck bind(Schema input) {
    columns.forEach(c -> Values.requireColumn(name(), input, c));
    List<String> checked = columns;
    return row -> {
      String nulls = checked.stream()
          .filter(c -> row.getValue(c) == null)
          .map(c -> c + " is null")
          .collect(Collectors.joining(", "));
      return nulls.isEmpty() ? Optional.empty() : Optional.of(nulls);
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NotNull other && columns.equals(other.columns) && action() == other.action();
  }

  @Override
  public int hashCode() {
    return Objects.hash(columns, action());
  }
}
