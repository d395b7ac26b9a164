package org.beamlake.capture.jdbc;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What one target's capture will read, decided against the database before reading: the splits,
 * and the facts every file of the target reports (columns, watermark bounds, partition range).
 */
record CapturePlan(Map<String, String> details, List<JdbcSplit> splits) implements Serializable {
  CapturePlan {
    details = Map.copyOf(details);
    splits = List.copyOf(splits);
  }
}
