package org.beamlake.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.beamlake.lake.CommitInfo;
import org.beamlake.lake.Lake;
import org.beamlake.lake.TableCommit;

/**
 * What a run quarantined, per dataset and per rule (or step, for records refused before the rules,
 * such as by the parser), with the most frequent reasons: read from the committed
 * {@code quarantine/<dataset>/run_id=<id>/} JSON lines ({@code step, rule, reason, source, payload}).
 *
 * <pre>{@code
 * Map<String, QuarantineSummary.Dataset> byDataset = QuarantineSummary.read(lake, "r1");
 * }</pre>
 */
public final class QuarantineSummary {
  /** How many reasons are kept per rule. */
  public static final int TOP_REASONS = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  private QuarantineSummary() {}

  /** A dataset's quarantine in one run; rules by count, most first. */
  public record Dataset(long records, List<Rule> rules) {}

  /** One rule (e.g. {@code range(OBS_VALUE)}) or step (e.g. {@code parse}) and what it refused. */
  public record Rule(String rule, String step, long count, List<Reason> topReasons) {}

  /** A reason and how many records were refused for it. */
  public record Reason(String reason, long count) {}

  /** Every dataset with a committed quarantine for {@code runId}, by name. */
  public static Map<String, Dataset> read(Lake lake, String runId) {
    Map<String, Dataset> datasets = new TreeMap<>();
    String pattern = lake.base() + "quarantine/*/run_id=" + Lake.name(runId) + "/" + TableCommit.MARKER;
    try {
      MatchResult m = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (m.status() != MatchResult.Status.OK) {
        return datasets;
      }
      for (MatchResult.Metadata marker : m.metadata()) {
        String path = marker.resourceId().toString();
        String dir = path.substring(0, path.length() - TableCommit.MARKER.length());
        String dataset = dir.substring(0, dir.length() - ("run_id=" + runId + "/").length());
        dataset = dataset.substring(dataset.lastIndexOf('/', dataset.length() - 2) + 1, dataset.length() - 1);
        CommitInfo info = TableCommit.read(dir).orElseThrow();
        datasets.put(dataset, summarize(dir, info.files()));
      }
      return datasets;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the quarantine of run " + runId, e);
    }
  }

  private static Dataset summarize(String dir, List<String> files) throws IOException {
    Map<String, Map<String, Long>> reasonsByRule = new LinkedHashMap<>();
    Map<String, String> stepOfRule = new LinkedHashMap<>();
    long records = 0;
    for (String file : files) {
      if (!file.endsWith(".jsonl")) {
        continue;
      }
      MatchResult.Metadata meta = FileSystems.matchSingleFileSpec(dir + file);
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          Channels.newInputStream(FileSystems.open(meta.resourceId())), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode record = JSON.readTree(line);
          String step = record.path("step").asText("?");
          String rule = record.hasNonNull("rule") ? record.get("rule").asText() : step;
          stepOfRule.putIfAbsent(rule, step);
          reasonsByRule.computeIfAbsent(rule, r -> new TreeMap<>())
              .merge(record.path("reason").asText(""), 1L, Long::sum);
          records++;
        }
      }
    }
    List<Rule> rules = new ArrayList<>();
    reasonsByRule.forEach((rule, reasons) -> {
      List<Reason> top = reasons.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(TOP_REASONS).map(e -> new Reason(e.getKey(), e.getValue())).toList();
      rules.add(new Rule(rule, stepOfRule.get(rule), reasons.values().stream().mapToLong(Long::longValue).sum(), top));
    });
    rules.sort(Comparator.comparingLong(Rule::count).reversed().thenComparing(Rule::rule));
    return new Dataset(records, rules);
  }
}
