package org.beamlake.project;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An HTTP JSON API source ({@code type: http}). Values may hold {@code ${env:NAME}} references,
 * resolved where the request is made and never shown; {@code url} and {@code params} may hold
 * {@code {name}} placeholders filled from each {@code for_each} item.
 *
 * @param url the endpoint, e.g. {@code ${env:DATA360_URL}/data360/data}
 * @param params query parameters, in order
 * @param headers request headers (e.g. {@code Authorization: Bearer ${env:API_TOKEN}})
 * @param forEach one request series per item (values for the placeholders); empty: one series
 * @param paging how the pages follow each other
 * @param maxAttempts attempts per request, retrying 429, 5xx, resets and timeouts
 * @param requestsPerSecond request rate limit for the source (0: none)
 * @param concurrency series fetched at once, so requests in flight (0: derived from the rate limit)
 * @param timeout per request
 */
public record HttpSourceConfig(
    String url,
    Map<String, String> params,
    Map<String, String> headers,
    List<Map<String, String>> forEach,
    Paging paging,
    int maxAttempts,
    double requestsPerSecond,
    int concurrency,
    Duration timeout) {

  /** How pages follow each other. */
  public enum PagingType {
    /** {@code ?skip=N} until the total at {@code totalAt} is reached (World Bank Data360). */
    OFFSET,
    /** {@code ?page=N} until the page count at {@code pagesAt} (World Bank v2). */
    PAGE,
    /** the next URL or cursor at {@code nextAt} in the body, or the {@code Link: rel="next"} header. */
    CURSOR,
    /** a single response. */
    NONE
  }

  /**
   * @param param the query parameter that moves through the pages ({@code skip}, {@code page}, a cursor name)
   * @param size records per page, sent as {@code sizeParam} when that is set
   * @param recordsAt JSON pointer to the records array, or null for the body itself
   * @param totalAt JSON pointer to the record total (offset)
   * @param pagesAt JSON pointer to the page count (page)
   * @param nextAt JSON pointer to the next URL or cursor (cursor); null: the Link header
   */
  public record Paging(
      PagingType type,
      @Nullable String param,
      int size,
      @Nullable String sizeParam,
      @Nullable String recordsAt,
      @Nullable String totalAt,
      @Nullable String pagesAt,
      @Nullable String nextAt) {}
}
