package org.beamlake.capture.jdbc;

import java.io.Serializable;
import java.util.List;

/** One read of a target: the values bound to {@link CaptureSql#read}'s parameters, in order. */
record JdbcSplit(int index, List<Object> parameters) implements Serializable {
  JdbcSplit {
    parameters = List.copyOf(parameters);
  }
}
