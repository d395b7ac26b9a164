package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.beamlake.lake.Lake;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ml stage through the CLI on a small CSV project: the fitted line equals least squares done by
 * hand, a row with a null feature goes to quarantine (once) with its reason, a saved model scores a
 * later run, and every mistake in a model's settings is reported at its key before anything runs.
 */
class MlStageTest {
  static final String HOUSES = String.join("\n",
      "id,area,rooms,district,price",
      "1,50,2,north,150",
      "2,70,3,north,205",
      "3,90,3,south,240",
      "4,,2,south,120",
      "5,110,4,south,320",
      "6,60,2,north,170",
      "7,80,3,south,230",
      "8,100,4,north,300",
      "");
  static final String SOURCES = String.join("\n",
      "name: houses",
      "sources:",
      "  listings: {path: data/*.csv}",
      "datasets:",
      "  houses:",
      "    source: listings",
      "    format: csv",
      "    columns: {id: int, area: double, rooms: int, district: string, price: double}",
      "");

  @TempDir static Path tmp;
  static Path project;
  static Path lake;

  @BeforeAll
  static void runTheProject() throws Exception {
    project = project("fit", String.join("\n",
        "models:",
        "  price:",
        "    type: linear_regression",
        "    input: houses",
        "    features: [area]",
        "    scale: false",
        "    label: price",
        "    keys: [id]",
        ""));
    lake = tmp.resolve("lake");
    CliTest.Result r = cli("run", project.toString(), "--lake", lake.toString(), "--run-id", "m1", "--runner", "direct", "--quiet");
    assertEquals(0, r.code(), r.err());
  }

  static Path project(String name, String models) throws Exception {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/houses.csv"), HOUSES);
    Files.writeString(dir.resolve("beamlake.yaml"), SOURCES + models);
    return dir;
  }

  @Test
  void theFittedLineIsLeastSquaresAndEachRowIsScoredOrQuarantinedOnce() throws Exception {
    double[] x = {50, 70, 90, 110, 60, 80, 100};
    double[] y = {150, 205, 240, 320, 170, 230, 300};
    double mx = Arrays.stream(x).average().orElseThrow();
    double my = Arrays.stream(y).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    double slope = sxy / sxx;
    double intercept = my - slope * mx;
    List<List<Object>> predictions = DemoProject.rows(Lake.at(lake.toString()).refined("price_predictions"));
    int[] ids = {1, 2, 3, 5, 6, 7, 8};
    assertEquals(ids.length, predictions.size());
    for (int i = 0; i < ids.length; i++) {
      List<Object> row = predictions.get(i);
      assertEquals(ids[i], row.get(0));
      double area = x[i];
      assertEquals(intercept + slope * area, (Double) row.get(1), 1e-9, row.toString());
    }
    List<String> quarantined = Files.readAllLines(lake.resolve("quarantine/price/run_id=m1/rejected.jsonl"));
    JsonNode rejected = new ObjectMapper().readTree(quarantined.get(0));
    assertEquals(1, quarantined.size(), quarantined.toString());
    assertEquals("features(price) | area is null | {\"id\":4,\"area\":null,\"rooms\":2,\"district\":\"south\",\"price\":120.0}",
        rejected.get("rule").asText() + " | " + rejected.get("reason").asText() + " | " + rejected.get("payload").asText());

    JsonNode record = new ObjectMapper().readTree(lake.resolve("_runs/m1.json").toFile());
    JsonNode counts = record.at("/stages/ml/counts");
    assertEquals("{\"price/quarantined\":1,\"price/score_quarantined\":0,\"price/scoring\":7,\"price/training\":8,\"price/training_quarantined\":1,"
        + "\"price/usable\":7,\"price_metrics/rows\":4,\"price_predictions/rows\":7}", counts.toString());
    assertEquals(7, record.at("/models/price/training_rows").asLong());
    assertEquals(List.of("[price, m1, null, train_mae, ", "[price, m1, null, train_r2, ", "[price, m1, null, train_rmse, ",
        "[price, m1, null, train_rows, 7.0]"), DemoProject.rows(Lake.at(lake.toString()).refined("price_metrics")).stream()
        .map(r -> r.get(3).equals("train_rows") ? r.toString() : r.subList(0, 4).toString().replace("]", ", "))
        .toList());
    assertEquals("{\"run_id\":\"m1\"}", new ObjectMapper().readTree(
        lake.resolve("refined/_models/price/latest.json").toFile()).toString());
  }

  @Test
  void aSavedModelScoresALaterRunAndAChangedModelIsRefused() throws Exception {
    Path scoring = project("score", String.join("\n",
        "models:",
        "  price:",
        "    type: linear_regression",
        "    from_run: m1",
        "    score: houses",
        "    features: [area]",
        "    keys: [id]",
        ""));
    Path later = tmp.resolve("later");
    WorldIndicatorsEndToEndTest.copy(lake, later);
    List<List<Object>> before = DemoProject.rows(Lake.at(later.toString()).refined("price_predictions"));
    CliTest.Result r = cli("run", scoring.toString(), "--lake", later.toString(), "--run-id", "m2", "--stage", "ml",
        "--runner", "direct", "--quiet");
    assertEquals(0, r.code(), r.err());
    assertEquals(before, DemoProject.rows(Lake.at(later.toString()).refined("price_predictions")));
    assertTrue(!Files.exists(later.resolve("refined/_models/price/m2")));
    // Not fitted here, so the null row is refused by scoring, still once, with the same reason.
    List<String> quarantined = Files.readAllLines(later.resolve("quarantine/price/run_id=m2/rejected.jsonl"));
    assertEquals(1, quarantined.size(), quarantined.toString());
    assertEquals("score(price) | area is null", new ObjectMapper().readTree(quarantined.get(0)).get("rule").asText()
        + " | " + new ObjectMapper().readTree(quarantined.get(0)).get("reason").asText());

    Path changed = project("changed", String.join("\n",
        "models:",
        "  price:",
        "    type: linear_regression",
        "    from_run: latest",
        "    score: houses",
        "    features: [area, rooms]",
        ""));
    CliTest.Result refused = cli("run", changed.toString(), "--lake", later.toString(), "--run-id", "m3", "--stage",
        "ml", "--runner", "direct", "--quiet");
    assertEquals(1, refused.code(), refused.out());
    assertTrue(refused.err().contains(changed.resolve("beamlake.yaml") + ":11: models.price: from_run: the model "
        + "fitted in run m1 has features [area] (the project says [area, rooms]); fit it again (remove from_run) or "
        + "restore the project's settings"), refused.err());
  }

  @Test
  void validateReportsEveryMistakeOfAModelAtItsKey() throws Exception {
    Path broken = project("broken", String.join("\n",
        "models:",
        "  price:",
        "    type: linear_regression",
        "    input: houses",
        "    features: [area, district, size]",
        "    label: cost",
        "  segments:",
        "    type: kmeans",
        "    input: house",
        "    features: [area]",
        "    k: 0",
        "    split: {key: id, test_fraction: 1.5}",
        "  old:",
        "    type: logistic_regression",
        "    from_run: ../x",
        "    score: houses",
        "    features: [area]",
        "    keys: [idx]",
        "  odd:",
        "    type: svm",
        "    input: houses",
        "    features: [area]",
        "    lable: price",
        ""));
    CliTest.Result r = cli("validate", broken.toString());
    assertEquals(1, r.code(), r.out());
    String file = broken.resolve("beamlake.yaml").toString();
    List<String> expected = new ArrayList<>(List.of(
        file + ":17: models.segments.input: unknown dataset or table 'house'; expected one of [houses]",
        file + ":20: models.segments.split.test_fraction: expected a number in [0, 1), got 1.5",
        file + ":19: models.segments.k: expected an integer >= 1, got 0",
        file + ":23: models.old.from_run: expected 'latest' or a run id, got '../x'",
        file + ":11: models.price: feature column 'district' must be numeric (int, long, float, double or decimal), "
            + "is string; feature column 'size' is missing (columns: [id, area, rooms, district, price]); label column "
            + "'cost' is missing (columns: [id, area, rooms, district, price])",
        file + ":22: models.old: score: key column 'idx' is missing (columns: [id, area, rooms, district, price])"));
    List<String> lines = r.errLines().stream().filter(l -> l.startsWith(file)).toList();
    assertEquals(expected, lines.stream().filter(expected::contains).toList());
    assertTrue(lines.stream().anyMatch(l -> l.contains("models.odd.lable")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.contains("models.odd.type")), lines.toString());
  }
}
