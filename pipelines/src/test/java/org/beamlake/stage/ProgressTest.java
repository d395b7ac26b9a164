package org.beamlake.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void oneLinePerSourceWithWhatItsCaptureCounted() {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    counts.put("data360", Map.of("pages", 12L, "records", 12_000L, "requests", 14L, "retries", 2L, "bytes", 3_500_000L));
    counts.put("dvd", Map.of("files", 1L, "records", 16_044L, "bytes", 1_000L));
    counts.put("shop", Map.of("files", 1L, "requests", 1L, "bytes", 2048L));
    assertEquals("  capture: data360 12 pages, 12,000 records, 14 requests (2 retried), 3.3 MiB · dvd 1 file, 16,044 "
        + "records, 1000 B · shop 1 file, 1 request, 2.0 KiB", Progress.captureLine(counts));
    assertEquals("  capture: starting", Progress.captureLine(Map.of()));
  }

  @Test
  void bytesInBinaryUnits() {
    assertEquals("0 B", Progress.bytes(0));
    assertEquals("1023 B", Progress.bytes(1023));
    assertEquals("1.0 KiB", Progress.bytes(1024));
    assertEquals("1.5 GiB", Progress.bytes(1536L * 1024 * 1024));
  }
}
