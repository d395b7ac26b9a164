package org.beamlake.capture.http;

import java.io.Serializable;
import java.util.Collections;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One request series: the pages fetched with one set of fan-out parameter values, in order, by one
 * worker. The name prefixes its files; the parameters fill URL placeholders or become query
 * parameters.
 */
record Series(String name, SortedMap<String, String> parameters) implements Serializable {
  /** The one series of a capture without fan-out. */
  static final Series ONLY = new Series("", new TreeMap<>());

  Series {
    parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
  }

  /** {@code <name>-page-00001.json}, or {@code page-00001.json} without fan-out: stable across runs. */
  String fileName(int page) {
    String file = String.format(Locale.ROOT, "page-%05d.json", page);
    return name.isEmpty() ? file : name + "-" + file;
  }

  /**
   * A downloaded file's name: the URL's last path segment ({@code orders.csv}), prefixed by the
   * series name with fan-out; {@code download} for a URL without one.
   */
  String rawFileName(java.net.URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String last = safeName(path.substring(path.lastIndexOf('/') + 1));
    String file = last.isEmpty() || last.equals("_") ? "download" : last;
    return name.isEmpty() ? file : name + "-" + file;
  }

  /** {@code raw} as a file name prefix: characters other than {@code [A-Za-z0-9._-]} become '_'. */
  static String safeName(String raw) {
    String safe = raw.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.matches("\\.*") ? safe.replace('.', '_') : safe;
  }
}
