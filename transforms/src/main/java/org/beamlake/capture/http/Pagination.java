package org.beamlake.capture.http;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonPointer;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How {@link CaptureHttp} walks the pages of one request series, and where each page's records are.
 *
 * <pre>{@code
 * Pagination.offset()                        // ?skip=0,1000,... until skip >= /count; records /value
 * Pagination.pageNumber().withPageSizeParameter("per_page").withPageSize(1000)
 *                                            // ?page=1..pages of /0/pages; records /1
 * Pagination.nextLink("/next")               // follow the URL at /next; records /results
 * Pagination.linkHeader()                    // follow Link: <url>; rel="next"; records: the body
 * Pagination.single().withRecordsPath("/daily/time")   // one response
 * }</pre>
 *
 * <p>Paths are JSON pointers ({@code ""} is the whole body). The array at the records path is
 * counted into {@link org.beamlake.capture.CapturedFile#records()}; JSON {@code null} there counts
 * 0, a missing path or a non-array fails the capture. Immutable; each {@code withX} checks that it
 * applies to the kind.
 */
public final class Pagination implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The pagination strategies. */
  public enum Kind {
    /** One response per series. */
    SINGLE,
    /**
     * One response per series, any content (a CSV, a gzip): stored as is under the URL's last path
     * segment, records not counted.
     */
    RAW,
    /** An offset parameter stepped by the page size until it reaches the total in the body. */
    OFFSET,
    /** A page number parameter from 1 to the pages count in the body. */
    PAGE_NUMBER,
    /** The next page's URL (or a cursor token) at a JSON pointer in the body. */
    NEXT_LINK,
    /** The next page's URL in the {@code Link} header with {@code rel="next"}. */
    LINK_HEADER
  }

  private final Kind kind;
  private final @Nullable String parameter;
  private final int pageSize;
  private final @Nullable String pageSizeParameter;
  private final String recordsPath;
  private final @Nullable String totalPath;
  private final @Nullable String nextPath;

  private Pagination(Kind kind, @Nullable String parameter, int pageSize,
      @Nullable String pageSizeParameter, String recordsPath, @Nullable String totalPath,
      @Nullable String nextPath) {
    this.kind = kind;
    this.parameter = parameter;
    this.pageSize = pageSize;
    this.pageSizeParameter = pageSizeParameter;
    this.recordsPath = recordsPath;
    this.totalPath = totalPath;
    this.nextPath = nextPath;
  }

  /** One response per series; the body itself is the records array unless {@link #withRecordsPath}. */
  public static Pagination single() {
    return new Pagination(Kind.SINGLE, null, 0, null, "", null, null);
  }

  /**
   * A file, not an API: one response per series, stored as received under the name the URL ends in
   * ({@code https://host/data/orders.csv.gz} → {@code orders.csv.gz}), whatever its content.
   */
  public static Pagination raw() {
    return new Pagination(Kind.RAW, null, 0, null, "", null, null);
  }

  /**
   * World Bank Data360 style: {@code ?skip=0}, {@code 1000}, ... while skip is below the total at
   * {@code /count} and the last page had records; records at {@code /value}, 1000 per page.
   */
  public static Pagination offset() {
    return new Pagination(Kind.OFFSET, "skip", 1000, null, "/value", "/count", null);
  }

  /**
   * World Bank v2 style: {@code ?page=1}, {@code 2}, ... up to the pages count at {@code /0/pages}
   * of {@code [{"page":1,"pages":17,...}, [records]]}; records at {@code /1}. The page size (50) is
   * sent only when {@link #withPageSizeParameter} names its parameter.
   */
  public static Pagination pageNumber() {
    return new Pagination(Kind.PAGE_NUMBER, "page", 50, null, "/1", "/0/pages", null);
  }

  /**
   * Follows the URL (absolute, or relative to the page's) at {@code pointer} in each body until it
   * is missing, null or empty; records at {@code /results}. With {@link #withCursorParameter} the
   * value is a token sent as that query parameter instead.
   */
  public static Pagination nextLink(String pointer) {
    return new Pagination(Kind.NEXT_LINK, null, 0, null, "/results", null, pointer(pointer, "nextLink"));
  }

  /** Follows {@code Link: <url>; rel="next"} response headers; records: the whole body. */
  public static Pagination linkHeader() {
    return new Pagination(Kind.LINK_HEADER, null, 0, null, "", null, null);
  }

  /** Where the records array of each page is (a JSON pointer; {@code ""} for the whole body). */
  public Pagination withRecordsPath(String pointer) {
    return new Pagination(kind, parameter, pageSize, pageSizeParameter,
        pointer(pointer, "recordsPath"), totalPath, nextPath);
  }

  /** The query parameter of the offset ({@code skip}) or of the page number ({@code page}). */
  public Pagination withParameter(String name) {
    only("withParameter", Kind.OFFSET, Kind.PAGE_NUMBER);
    return new Pagination(kind, parameterName(name, "parameter"), pageSize, pageSizeParameter,
        recordsPath, totalPath, nextPath);
  }

  /** Records per page: the offset step, and what {@link #withPageSizeParameter} sends. */
  public Pagination withPageSize(int size) {
    only("withPageSize", Kind.OFFSET, Kind.PAGE_NUMBER);
    checkArgument(size > 0, "pageSize must be > 0, got %s", size);
    return new Pagination(kind, parameter, size, pageSizeParameter, recordsPath, totalPath, nextPath);
  }

  /** Sends the page size with every request as this query parameter (e.g. {@code per_page}). */
  public Pagination withPageSizeParameter(String name) {
    only("withPageSizeParameter", Kind.OFFSET, Kind.PAGE_NUMBER);
    return new Pagination(kind, parameter, pageSize, parameterName(name, "pageSizeParameter"),
        recordsPath, totalPath, nextPath);
  }

  /** Where the total number of records is, for {@link Kind#OFFSET} (default {@code /count}). */
  public Pagination withCountPath(String pointer) {
    only("withCountPath", Kind.OFFSET);
    return new Pagination(kind, parameter, pageSize, pageSizeParameter, recordsPath,
        pointer(pointer, "countPath"), nextPath);
  }

  /** Where the number of pages is, for {@link Kind#PAGE_NUMBER} (default {@code /0/pages}). */
  public Pagination withPagesPath(String pointer) {
    only("withPagesPath", Kind.PAGE_NUMBER);
    return new Pagination(kind, parameter, pageSize, pageSizeParameter, recordsPath,
        pointer(pointer, "pagesPath"), nextPath);
  }

  /**
   * For {@link Kind#NEXT_LINK}: the value at the pointer is a cursor token, sent as this query
   * parameter with the series' own URL, instead of a URL to follow.
   */
  public Pagination withCursorParameter(String name) {
    only("withCursorParameter", Kind.NEXT_LINK);
    return new Pagination(kind, parameterName(name, "cursorParameter"), pageSize, pageSizeParameter,
        recordsPath, totalPath, nextPath);
  }

  public Kind kind() {
    return kind;
  }

  /** The offset, page number or cursor parameter; null where the kind has none. */
  public @Nullable String parameter() {
    return parameter;
  }

  public int pageSize() {
    return pageSize;
  }

  public @Nullable String pageSizeParameter() {
    return pageSizeParameter;
  }

  public String recordsPath() {
    return recordsPath;
  }

  /** The count path ({@link Kind#OFFSET}) or pages path ({@link Kind#PAGE_NUMBER}), else null. */
  public @Nullable String totalPath() {
    return totalPath;
  }

  /** The next link's pointer ({@link Kind#NEXT_LINK}), else null. */
  public @Nullable String nextPath() {
    return nextPath;
  }

  private void only(String method, Kind... kinds) {
    for (Kind k : kinds) {
      if (k == kind) {
        return;
      }
    }
    throw new IllegalArgumentException(
        method + " applies to " + Arrays.toString(kinds) + " pagination, not " + kind);
  }

  private static String pointer(String pointer, String what) {
    checkArgument(pointer != null, "%s must not be null", what);
    try {
      JsonPointer.compile(pointer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          what + " must be a JSON pointer (\"\" or starting with '/'), got '" + pointer + "'", e);
    }
    return pointer;
  }

  static String parameterName(String name, String what) {
    checkArgument(name != null && !name.isBlank(), "%s must not be blank", what);
    return name;
  }

  @Override
  public String toString() {
    switch (kind) {
      case OFFSET:
        return "offset(" + parameter + " by " + pageSize + sizeParameter() + ", records "
            + recordsPath + ", count " + totalPath + ")";
      case PAGE_NUMBER:
        return "pageNumber(" + parameter + sizeParameter() + ", records " + recordsPath + ", pages "
            + totalPath + ")";
      case NEXT_LINK:
        return "nextLink(" + nextPath + (parameter == null ? "" : " as " + parameter) + ", records "
            + recordsPath + ")";
      case LINK_HEADER:
        return "linkHeader(records " + recordsPath + ")";
      case RAW:
        return "raw";
      default:
        return "single(records " + recordsPath + ")";
    }
  }

  private String sizeParameter() {
    return pageSizeParameter == null ? "" : ", " + pageSizeParameter + "=" + pageSize;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Pagination)) {
      return false;
    }
    Pagination p = (Pagination) o;
    return kind == p.kind && pageSize == p.pageSize && Objects.equals(parameter, p.parameter)
        && Objects.equals(pageSizeParameter, p.pageSizeParameter)
        && recordsPath.equals(p.recordsPath) && Objects.equals(totalPath, p.totalPath)
        && Objects.equals(nextPath, p.nextPath);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, parameter, pageSize, pageSizeParameter, recordsPath, totalPath, nextPath);
  }
}
