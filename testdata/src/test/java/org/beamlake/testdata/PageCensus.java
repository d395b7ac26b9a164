package org.beamlake.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Counts, in a directory of pages, the records of each deliberate defect kind, for the tests. */
final class PageCensus {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  final Map<String, Integer> kinds = new TreeMap<>();
  final List<String> duplicatePages = new ArrayList<>();
  int records;
  int nullValues;
  int pages;

  static PageCensus of(Path pagesDir) throws IOException {
    PageCensus census = new PageCensus();
    Map<JsonNode, String> firstPage = new HashMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(pagesDir)) {
      files = list.sorted().toList();
    }
    for (Path file : files) {
      census.pages++;
      for (JsonNode r : MAPPER.readTree(file.toFile()).get("value")) {
        census.records++;
        String page = file.getFileName().toString();
        String previous = firstPage.putIfAbsent(r, page);
        if (previous != null) {
          census.count("duplicate");
          census.duplicatePages.add(previous + " -> " + page);
        }
        JsonNode value = r.get("OBS_VALUE");
        JsonNode area = r.get("REF_AREA");
        if (value.isNull()) {
          census.nullValues++;
        } else if (value.asText().equals("n/a")) {
          census.count("OBS_VALUE n/a");
        } else if (Set.of("-3.5", "104.2").contains(value.asText())) {
          census.count("OBS_VALUE " + value.asText() + " in " + r.get("INDICATOR").asText());
        }
        if (r.get("TIME_PERIOD").asText().equals("19x5")) {
          census.count("TIME_PERIOD 19x5");
        }
        if (area.isNull()) {
          census.count("REF_AREA null");
        } else if (area.asText().matches("[a-z]{3}")) {
          census.count("REF_AREA lowercase");
        }
      }
    }
    return census;
  }

  /** The counts the generator's Javadoc promises for every dataset. */
  static Map<String, Integer> planned() {
    return new TreeMap<>(
        Map.of(
            "OBS_VALUE n/a", 3,
            "TIME_PERIOD 19x5", 2,
            "REF_AREA null", 2,
            "REF_AREA lowercase", 2,
            "OBS_VALUE -3.5 in WB_SE4ALL_EG_ELC_ACCS_ZS", 1,
            "OBS_VALUE 104.2 in WB_SE4ALL_EG_ELC_ACCS_ZS", 1,
            "duplicate", 3));
  }

  private void count(String kind) {
    kinds.merge(kind, 1, Integer::sum);
  }
}
