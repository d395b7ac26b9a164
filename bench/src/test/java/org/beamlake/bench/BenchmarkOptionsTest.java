package org.beamlake.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's options: a misspelt option or a size that is not measured is refused, by name. */
class BenchmarkOptionsTest {
  @Test
  void optionsAreNameValuePairs() {
    assertEquals(Map.of("sizes", "1M,4M", "repeats", "1"),
        Benchmark.options(new String[] {"--sizes", "1M,4M", "--repeats", "1"}));
    assertEquals("expected --name value pairs, got 'sizes'", assertThrows(IllegalArgumentException.class,
        () -> Benchmark.options(new String[] {"sizes", "1M"})).getMessage());
    assertEquals("expected --name value pairs, got '--repeats'", assertThrows(IllegalArgumentException.class,
        () -> Benchmark.options(new String[] {"--sizes", "1M", "--repeats"})).getMessage());
  }

  @Test
  void anOptionTheBenchmarkDoesNotReadIsRefused() {
    Benchmark.checkKnown(Map.of("sizes", "1M", "direct-sizes", ""), Benchmark.WORKLOAD_OPTIONS, "the workload benchmark");
    assertEquals("unknown option --size for the workload benchmark; expected one of --checked-sizes, --cores, "
            + "--direct-sizes, --direct-timeout, --engines, --heap, --repeats, --report, --sizes, --timeout, --work",
        assertThrows(IllegalArgumentException.class, () -> Benchmark.checkKnown(Map.of("size", "16M"),
            Benchmark.WORKLOAD_OPTIONS, "the workload benchmark")).getMessage());
    assertEquals("unknown option --sizes for the capture benchmark (--capture); expected one of --capture, --http, "
            + "--latency-ms, --pages, --rate-limit, --repeats, --report, --runner, --series, --warmup, --work",
        assertThrows(IllegalArgumentException.class, () -> Benchmark.checkKnown(Map.of("capture", "1M", "sizes", "1M"),
            Benchmark.CAPTURE_OPTIONS, "the capture benchmark (--capture)")).getMessage());
  }

  @Test
  void atLeastOneSizeIsMeasured() {
    assertEquals(List.of(1_000_000L, 4_000_000L), Benchmark.sizes(Map.of()));
    assertEquals(List.of(20_000L, 16_000_000L), Benchmark.sizes(Map.of("sizes", "20k,16M")));
    assertEquals("--sizes '': expected one size or more, such as 1M,4M", assertThrows(IllegalArgumentException.class,
        () -> Benchmark.sizes(Map.of("sizes", ""))).getMessage());
  }

  @Test
  void theDirectRunnersSizesAreSizesThatAreMeasured() {
    List<Long> sizes = List.of(1_000_000L, 4_000_000L);
    assertEquals(List.of(4_000_000L), Benchmark.sizesAmong(Map.of("direct-sizes", "4M"), "direct-sizes", "1M", sizes));
    assertEquals(List.of(1_000_000L), Benchmark.sizesAmong(Map.of(), "direct-sizes", "1M", sizes));
    assertEquals(List.of(), Benchmark.sizesAmong(Map.of("direct-sizes", ""), "direct-sizes", "1M", sizes));
    assertEquals(List.of(), Benchmark.sizesAmong(Map.of(), "checked-sizes", "", sizes));
    assertEquals("--checked-sizes 1M,2M: 2M is not one of --sizes 1M,4M", assertThrows(IllegalArgumentException.class,
        () -> Benchmark.sizesAmong(Map.of("checked-sizes", "1M,2M"), "checked-sizes", "", sizes)).getMessage());
    assertEquals("--direct-sizes 500k: 500k is not one of --sizes 1M,4M", assertThrows(IllegalArgumentException.class,
        () -> Benchmark.sizesAmong(Map.of("direct-sizes", "500k"), "direct-sizes", "1M", sizes)).getMessage());
    assertEquals("expected a row count such as 1M, 4M or 20k, got 'four'", assertThrows(IllegalArgumentException.class,
        () -> Benchmark.sizesAmong(Map.of("direct-sizes", "four"), "direct-sizes", "1M", sizes)).getMessage());
  }
}
