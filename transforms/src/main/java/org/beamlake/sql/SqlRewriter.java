package org.beamlake.sql;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.beamlake.sql.RewrittenSql.Edit;
import org.beamlake.sql.SqlTokens.Kind;
import org.beamlake.sql.SqlTokens.Token;

/**
 * Turns beamlake's SQL functions into calls Beam SQL can plan, before Beam SQL sees the query.
 *
 * <ul>
 *   <li>{@code MEDIAN}, {@code STDDEV}, {@code STDDEV_SAMP}, {@code STDDEV_POP}, {@code
 *       COUNT_DISTINCT}, in any case: the name is lower-cased. Beam looks functions up
 *       case-sensitively, and the upper-case {@code STDDEV*} names resolve to Calcite built-ins
 *       that Beam refuses to run, while the lower-case names resolve to beamlake's UDAFs.
 *   <li>{@code VAR_SAMP}, {@code VARIANCE} and {@code VAR_POP} become {@code beamlake_var_samp}
 *       and {@code beamlake_var_pop}: Beam's own round to 10 significant digits.
 *   <li>{@code AVG(x)} becomes {@code beamlake_avg(x)}, whose mean is exact where Beam's keeps 10
 *       significant digits; also as a window function. {@code AVG(DISTINCT x)} and {@code AVG(ALL
 *       x)} stay Beam's (which refuses DISTINCT).
 *   <li>{@code COUNT(DISTINCT x)} becomes {@code count_distinct(x)}: Beam refuses DISTINCT
 *       aggregates.
 *   <li>{@code PERCENTILE(x, 0.9)} becomes {@code percentile_0_9(x)}: a Beam UDAF takes one
 *       argument, so each distinct fraction gets its own registered UDAF.
 *   <li>{@code CORR(x, y)} becomes {@code beamlake_corr(ARRAY[CAST(x AS DOUBLE), CAST(y AS
 *       DOUBLE)])}: {@code CORR} is a reserved word the parser rejects as a function name, and
 *       an array is the only way found to pass a pair to a one-argument UDAF (a ROW argument
 *       does not resolve). {@code COVAR_SAMP} and {@code COVAR_POP} the same way, to {@code
 *       beamlake_covar_samp} and {@code beamlake_covar_pop}.
 * </ul>
 *
 * <p>Text inside strings, quoted identifiers and comments is never touched, nor a name after a
 * dot ({@code t.median(...)}). Arguments are copied verbatim, so line breaks stay where they were.
 */
final class SqlRewriter {
  private SqlRewriter() {}

  static RewrittenSql rewrite(String sql) {
    List<Token> tokens = SqlTokens.significant(sql);
    int[] closing = matchParentheses(tokens);
    List<Edit> edits = new ArrayList<>();
    Set<BigDecimal> percentiles = new LinkedHashSet<>();
    for (int i = 0; i + 1 < tokens.size(); i++) {
      Token name = tokens.get(i);
      if (!name.is(Kind.IDENTIFIER)
          || !tokens.get(i + 1).is(Kind.LEFT_PAREN)
          || closing[i + 1] < 0
          || (i > 0 && tokens.get(i - 1).is(Kind.DOT))) {
        continue;
      }
      String upper = name.text().toUpperCase(Locale.ROOT);
      Call call = new Call(sql, tokens, i, closing[i + 1]);
      String renamed = Functions.RENAMED.get(upper);
      if (renamed != null) {
        if (!renamed.equals(name.text())) {
          edits.add(new Edit(name.start(), name.end(), renamed));
        }
      } else if (upper.equals("AVG")) {
        if (!call.firstIsWord("DISTINCT") && !call.firstIsWord("ALL")) {
          edits.add(new Edit(name.start(), name.end(), Functions.AVG));
        }
      } else if (upper.equals("COUNT") && call.firstIsWord("DISTINCT")) {
        countDistinct(call, edits);
      } else if (upper.equals("PERCENTILE")) {
        percentiles.add(percentile(call, edits));
      } else if (Functions.PAIRS.containsKey(upper)) {
        pair(call, upper, edits);
      }
    }
    return RewrittenSql.apply(sql, edits, percentiles);
  }

  private static void countDistinct(Call call, List<Edit> edits) {
    Token distinct = call.tokens().get(call.open() + 1);
    if (call.arguments().size() != 1 || call.open() + 2 >= call.close()) {
      throw call.error(distinct, "COUNT(DISTINCT ...) takes exactly one expression here");
    }
    edits.add(new Edit(call.name().start(), call.name().end(), Functions.COUNT_DISTINCT));
    edits.add(new Edit(distinct.start(), distinct.end(), ""));
  }

  private static BigDecimal percentile(Call call, List<Edit> edits) {
    List<int[]> args = call.arguments();
    if (args.size() != 2 || args.get(0)[0] == args.get(0)[1]) {
      throw call.error(call.name(), "PERCENTILE takes two arguments: PERCENTILE(value, fraction)");
    }
    int[] fractionArg = args.get(1);
    Token fraction = call.tokens().get(Math.min(fractionArg[0], call.close() - 1));
    BigDecimal p = fractionArg[1] - fractionArg[0] == 1 && fraction.is(Kind.NUMBER)
        ? new BigDecimal(fraction.text()) : null;
    if (p == null || p.signum() < 0 || p.compareTo(BigDecimal.ONE) > 0) {
      String got = fractionArg[0] == fractionArg[1] ? ""
          : call.sql().substring(fraction.start(), call.tokens().get(fractionArg[1] - 1).end());
      throw call.error(fraction,
          "PERCENTILE's fraction must be a number literal between 0 and 1, got '" + got + "'");
    }
    Token comma = call.tokens().get(fractionArg[0] - 1);
    edits.add(new Edit(call.name().start(), call.name().end(), Functions.percentileName(p)));
    edits.add(new Edit(comma.start(), fraction.end(), lineBreaks(call.sql(), comma.start(), fraction.end())));
    return p.stripTrailingZeros();
  }

  private static void pair(Call call, String function, List<Edit> edits) {
    List<int[]> args = call.arguments();
    if (args.size() != 2 || args.get(0)[0] == args.get(0)[1] || args.get(1)[0] == args.get(1)[1]) {
      throw call.error(call.name(), function + " takes two arguments: " + function + "(x, y)");
    }
    if (call.isWindowed()) {
      // Beam cannot plan a window call over an expression, and the pair is one.
      throw call.error(call.name(), function
          + " cannot be a window function here; compute it with GROUP BY and join the result back");
    }
    Token comma = call.tokens().get(args.get(1)[0] - 1);
    edits.add(new Edit(call.name().start(), call.name().end(), Functions.PAIRS.get(function)));
    edits.add(new Edit(call.tokens().get(call.open()).end(), call.tokens().get(call.open()).end(), "ARRAY[CAST("));
    edits.add(new Edit(comma.start(), comma.start(), " AS DOUBLE)"));
    edits.add(new Edit(comma.end(), comma.end(), "CAST("));
    int close = call.tokens().get(call.close()).start();
    edits.add(new Edit(close, close, " AS DOUBLE)]"));
  }

  /** The line breaks of a removed range, kept so that later lines keep their numbers. */
  private static String lineBreaks(String sql, int start, int end) {
    StringBuilder kept = new StringBuilder();
    for (int i = start; i < end; i++) {
      char c = sql.charAt(i);
      if (c == '\n' || c == '\r') {
        kept.append(c);
      }
    }
    return kept.toString();
  }

  /** For each '(' the index of its ')', or -1 if unbalanced (Calcite will report it). */
  private static int[] matchParentheses(List<Token> tokens) {
    int[] closing = new int[tokens.size()];
    Arrays.fill(closing, -1);
    Deque<Integer> open = new ArrayDeque<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).is(Kind.LEFT_PAREN)) {
        open.push(i);
      } else if (tokens.get(i).is(Kind.RIGHT_PAREN) && !open.isEmpty()) {
        closing[open.pop()] = i;
      }
    }
    return closing;
  }

  /** A call {@code name ( ... )}: token indexes of its name, '(' and ')'. */
  private record Call(String sql, List<Token> tokens, int nameIndex, int close) {
    Token name() {
      return tokens.get(nameIndex);
    }

    int open() {
      return nameIndex + 1;
    }

    boolean firstIsWord(String word) {
      return open() + 1 < close && tokens.get(open() + 1).isWord(word);
    }

    /** Whether {@code OVER} follows the call: a window function. */
    boolean isWindowed() {
      return close + 1 < tokens.size() && tokens.get(close + 1).isWord("OVER");
    }

    /** Token index ranges {@code [from, to)} of the top-level arguments; one empty range for {@code f()}. */
    List<int[]> arguments() {
      List<int[]> args = new ArrayList<>();
      int depth = 0;
      int from = open() + 1;
      for (int i = open() + 1; i < close; i++) {
        Kind kind = tokens.get(i).kind();
        if (kind == Kind.LEFT_PAREN || kind == Kind.LEFT_BRACKET) {
          depth++;
        } else if (kind == Kind.RIGHT_PAREN || kind == Kind.RIGHT_BRACKET) {
          depth--;
        } else if (kind == Kind.COMMA && depth == 0) {
          args.add(new int[] {from, i});
          from = i + 1;
        }
      }
      args.add(new int[] {from, close});
      return args;
    }

    InvalidSqlException error(Token at, String message) {
      int[] lineAndColumn = RewrittenSql.lineAndColumnOf(sql, at.start());
      return new InvalidSqlException(new SqlError(null, lineAndColumn[0], lineAndColumn[1], message));
    }
  }
}
