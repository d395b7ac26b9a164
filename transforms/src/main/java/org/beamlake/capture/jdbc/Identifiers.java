package org.beamlake.capture.jdbc;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.regex.Pattern;

/**
 * Names from configuration that end up in SQL (tables, schemas, columns) are checked against a
 * plain identifier pattern and then quoted for the dialect, so no configured text is ever pasted
 * into a statement unchecked. Values (watermarks, split bounds) are always bound as parameters.
 */
final class Identifiers {
  private static final String PART = "[A-Za-z_][A-Za-z0-9_$]*";
  private static final Pattern NAME = Pattern.compile(PART);
  private static final Pattern QUALIFIED = Pattern.compile(PART + "(\\." + PART + ")?");

  private Identifiers() {}

  /** A table, optionally schema-qualified ({@code rental}, {@code public.rental}). */
  static String table(String name) {
    checkArgument(name != null, "table name must not be null");
    checkArgument(QUALIFIED.matcher(name).matches(),
        "table name '%s' is not a valid identifier: expected letters, digits, '_' or '$', starting with a letter"
            + " or '_', optionally schema-qualified (schema.table)", name);
    return name;
  }

  /** A column, or the name of a query (which is also its directory). */
  static String name(String what, String name) {
    checkArgument(name != null, "%s must not be null", what);
    checkArgument(NAME.matcher(name).matches(),
        "%s '%s' is not a valid identifier: expected letters, digits, '_' or '$', starting with a letter or '_'",
        what, name);
    return name;
  }
}
