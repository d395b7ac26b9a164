package org.beamlake.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A record that a stage refused, with everything needed to understand and replay it.
 *
 * @param step the step that refused it, e.g. {@code parse}, {@code cast}, {@code rules}
 * @param rule the rule that failed, e.g. {@code not_null(REF_AREA)}; null for parse and cast errors
 * @param reason why, in words, e.g. {@code OBS_VALUE: expected double, got 'n/a'}
 * @param payload the record as it was when refused: the raw text for parse errors, the row as JSON
 *     after that
 * @param source where it came from: file and line or record index, e.g. {@code .../p1.json#17}
 */
@DefaultCoder(QuarantinedRecordCoder.class)
public record QuarantinedRecord(
    String step, @Nullable String rule, String reason, String payload, @Nullable String source) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public QuarantinedRecord {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(payload, "payload");
  }

  /** A rejected row: its payload is the row as JSON (lineage excluded), its source its lineage. */
  public static QuarantinedRecord ofRow(String step, @Nullable String rule, String reason, Row row) {
    return new QuarantinedRecord(step, rule, reason, JsonRows.format(row), Lineage.of(row));
  }

  /** One JSON object, as written to the quarantine zone (one per line). */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("step", step);
    node.put("rule", rule);
    node.put("reason", reason);
    node.put("source", source);
    node.put("payload", payload);
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
