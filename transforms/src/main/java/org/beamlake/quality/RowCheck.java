package org.beamlake.quality;

import java.io.Serializable;
import java.util.Optional;
import org.apache.beam.sdk.values.Row;

/** A row-local rule bound to a schema: the reason a row violates it, or empty. */
@FunctionalInterface
interface RowCheck extends Serializable {
  Optional<String> check(Row row);
}
