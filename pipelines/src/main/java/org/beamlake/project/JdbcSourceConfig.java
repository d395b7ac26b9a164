package org.beamlake.project;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A relational database source ({@code type: jdbc}): tables or queries captured as JSON lines,
 * one directory per table. {@code url}, {@code user} and {@code password} may hold {@code
 * ${env:NAME}} references, resolved where the connection is made and never shown.
 *
 * @param url JDBC URL, e.g. {@code jdbc:postgresql://${env:PGHOST}:${env:PGPORT}/sakila}
 * @param tables what to capture, in order
 */
public record JdbcSourceConfig(String url, @Nullable String user, @Nullable String password, List<Table> tables) {

  /**
   * One table or query.
   *
   * @param name the table (optionally {@code schema.table}) or, with {@code query}, the name of the result
   * @param query SQL to run instead of reading the whole table, or null
   * @param splitBy numeric or date column to split the read by, or null
   * @param partitions parallel reads when split
   * @param watermark column whose high-water mark makes the capture incremental, or null
   */
  public record Table(String name, @Nullable String query, @Nullable String splitBy, int partitions,
      @Nullable String watermark) {}
}
