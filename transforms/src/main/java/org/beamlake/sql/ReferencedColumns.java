package org.beamlake.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.beamlake.sql.SqlTokens.Kind;
import org.beamlake.sql.SqlTokens.Token;

/**
 * The columns of a table that a query may read, so that only those are read from its files.
 *
 * <p>Found from the query's words, not its plan, and erring on the side of reading: a column is
 * kept if its name appears anywhere as an identifier, quoted or not, in any letter case (as a
 * column, an alias or a function name alike); every column is kept if the query selects {@code *}
 * or {@code t.*}, or joins {@code NATURAL}ly (on the columns two tables share, which it does not
 * name). Names inside strings and comments do not count. A query that names no column still
 * gets the first, so that its rows are there to count. A column left out wrongly would make
 * the query fail at planning, naming the column; a column kept wrongly costs only its reading.
 *
 * <pre>{@code
 * List<String> read = ReferencedColumns.in("SELECT region, AVG(value) FROM obs GROUP BY region",
 *     List.of("country", "region", "year", "value"));   // [region, value]
 * }</pre>
 */
public final class ReferencedColumns {
  private static final Set<String> BEFORE_A_STAR = Set.of("SELECT", "DISTINCT", "ALL");

  private ReferencedColumns() {}

  /** Those of {@code columns} (in their order) that {@code sql} may read. */
  public static List<String> in(String sql, List<String> columns) {
    List<Token> tokens = SqlTokens.significant(sql);
    Set<String> words = new HashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.is(Kind.OTHER) && token.text().equals("*") && (i == 0 || selectsAll(tokens.get(i - 1)))) {
        return List.copyOf(columns);
      }
      if (token.isWord("NATURAL")) {
        return List.copyOf(columns);
      }
      if (token.is(Kind.IDENTIFIER)) {
        words.add(token.text().toLowerCase(Locale.ROOT));
      } else if (token.is(Kind.QUOTED_IDENTIFIER) && token.text().length() >= 2) {
        String text = token.text();
        char quote = text.charAt(0);
        String unquoted = text.substring(1, text.endsWith(String.valueOf(quote)) ? text.length() - 1 : text.length());
        words.add(unquoted.replace("" + quote + quote, "" + quote).toLowerCase(Locale.ROOT));
      }
    }
    List<String> read = new ArrayList<>();
    for (String column : columns) {
      if (words.contains(column.toLowerCase(Locale.ROOT))) {
        read.add(column);
      }
    }
    // A query that reads no column by name (SELECT COUNT(*) FROM t) still needs the rows.
    if (read.isEmpty() && !columns.isEmpty()) {
      read.add(columns.get(0));
    }
    return read;
  }

  /** A {@code *} after these selects columns: after {@code SELECT}, a comma or a table's dot. */
  private static boolean selectsAll(Token before) {
    return before.is(Kind.COMMA) || before.is(Kind.DOT)
        || (before.is(Kind.IDENTIFIER) && BEFORE_A_STAR.contains(before.text().toUpperCase(Locale.ROOT)));
  }
}
