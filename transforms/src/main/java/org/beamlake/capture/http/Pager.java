package org.beamlake.capture.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The paging logic of one series, without IO: the first request, the records on a page, and the
 * next request decided from the page's body or headers. Problems with a body are {@link
 * IllegalStateException}s that the caller turns into a capture failure naming the page.
 */
final class Pager {
  private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]*)*)");
  private static final Pattern REL = Pattern.compile("rel\\s*=\\s*\"?([^\";]*)\"?", Pattern.CASE_INSENSITIVE);

  /** One page to fetch: its number in the series (from 1), its URL, and the paging parameters. */
  record PageRequest(int page, URI uri, SortedMap<String, String> paging) {}

  private final Pagination pagination;
  private final RequestUrls urls;

  Pager(Pagination pagination, RequestUrls urls) {
    this.pagination = pagination;
    this.urls = urls;
  }

  PageRequest first() {
    switch (pagination.kind()) {
      case OFFSET:
        return request(1, Map.of(pagination.parameter(), "0"));
      case PAGE_NUMBER:
        return request(1, Map.of(pagination.parameter(), "1"));
      default:
        return request(1, Map.of());
    }
  }

  /** The number of records on a page: the length of the array at the records path. */
  long records(JsonNode body) {
    String path = pagination.recordsPath();
    JsonNode records = body.at(path);
    if (records.isMissingNode()) {
      throw new IllegalStateException("no records at '" + path + "'");
    }
    if (records.isNull()) {
      return 0;
    }
    if (!records.isArray()) {
      throw new IllegalStateException(
          "expected an array of records at '" + path + "', found " + type(records));
    }
    return records.size();
  }

  /** The page after {@code current}, or null if it was the last. */
  @Nullable PageRequest next(PageRequest current, JsonNode body, long records, HttpHeaders headers) {
    String parameter = pagination.parameter();
    switch (pagination.kind()) {
      case OFFSET: {
        long total = number(body, pagination.totalPath());
        long skip = Long.parseLong(current.paging().get(parameter)) + pagination.pageSize();
        return records == 0 || skip >= total
            ? null
            : request(current.page() + 1, Map.of(parameter, Long.toString(skip)));
      }
      case PAGE_NUMBER: {
        long pages = number(body, pagination.totalPath());
        int page = current.page() + 1;
        return page > pages ? null : request(page, Map.of(parameter, Integer.toString(page)));
      }
      case NEXT_LINK: {
        JsonNode next = body.at(pagination.nextPath());
        if (next.isMissingNode() || next.isNull() || next.asText().isEmpty()) {
          return null;
        }
        if (!next.isValueNode()) {
          throw new IllegalStateException("expected a link or cursor at '" + pagination.nextPath()
              + "', found " + type(next));
        }
        return parameter != null
            ? notRepeated(current, request(current.page() + 1, Map.of(parameter, next.asText())))
            : follow(current, next.asText());
      }
      case LINK_HEADER: {
        String link = nextLink(headers.allValues("Link"));
        return link == null ? null : follow(current, link);
      }
      default:
        return null;
    }
  }

  private PageRequest request(int page, Map<String, String> paging) {
    SortedMap<String, String> query = new TreeMap<>(paging);
    if (pagination.pageSizeParameter() != null) {
      query.put(pagination.pageSizeParameter(), Integer.toString(pagination.pageSize()));
    }
    return new PageRequest(page, urls.with(query), new TreeMap<>(paging));
  }

  /** The next URL, which must stay at the series' origin: its headers may carry credentials. */
  private PageRequest follow(PageRequest current, String link) {
    URI next;
    try {
      next = current.uri().resolve(link.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the next link is not a URL: " + link);
    }
    String origin = RequestUrls.origin(current.uri());
    if (next.getScheme() == null || next.getHost() == null || !RequestUrls.origin(next).equals(origin)) {
      throw new IllegalStateException("the next link " + next + " leaves " + origin);
    }
    return notRepeated(current, new PageRequest(current.page() + 1, next, new TreeMap<>()));
  }

  private static PageRequest notRepeated(PageRequest current, PageRequest next) {
    if (next.uri().equals(current.uri())) {
      throw new IllegalStateException("the next link repeats this page's URL");
    }
    return next;
  }

  /** The target of {@code rel="next"} in RFC 8288 {@code Link} header values, or null. */
  static @Nullable String nextLink(List<String> linkHeaders) {
    for (String header : linkHeaders) {
      Matcher link = LINK.matcher(header);
      while (link.find()) {
        Matcher rel = REL.matcher(link.group(2));
        while (rel.find()) {
          for (String type : rel.group(1).trim().split("\\s+")) {
            if (type.equalsIgnoreCase("next")) {
              return link.group(1);
            }
          }
        }
      }
    }
    return null;
  }

  private static long number(JsonNode body, String path) {
    JsonNode node = body.at(path);
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isTextual() && node.asText().matches("\\d{1,18}")) {
      return Long.parseLong(node.asText());
    }
    throw new IllegalStateException(node.isMissingNode()
        ? "no total at '" + path + "'"
        : "expected a whole number at '" + path + "', found " + type(node));
  }

  private static String type(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
