package org.beamlake.capture.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.beamlake.capture.Secrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials come from ${env:…} references and show up nowhere: files, entries, display data, errors. */
class CaptureJdbcSecretsTest {
  static final String WRONG_PASSWORD = "wr0ng-Pa55-e81d";
  static SakilaPostgres db;

  @BeforeAll
  static void start() throws Exception {
    db = SakilaPostgres.start();
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  static CaptureJdbc capture(Map<String, String> environment) {
    return CaptureJdbc.from(db.url() + "?ApplicationName=beamlake&password=${env:PG_PASSWORD}")
        .withUsername("${env:PG_USER}")
        .withPassword("${env:PG_PASSWORD}")
        .withSecrets(Secrets.of(environment))
        .withTables(List.of("actor"));
  }

  static List<String> secrets() {
    return List.of(SakilaPostgres.USER, SakilaPostgres.PASSWORD, WRONG_PASSWORD);
  }

  static void assertShowsNoSecret(String shown) {
    for (String secret : secrets()) {
      assertFalse(shown.contains(secret), () -> "shows " + secret + ": " + shown);
    }
  }

  @Test
  void theResolvedCredentialsAppearInNoFileEntryOrDisplayData(@TempDir Path staging) {
    CaptureJdbc capture = capture(Map.of("PG_USER", SakilaPostgres.USER, "PG_PASSWORD", SakilaPostgres.PASSWORD));

    CaptureRun run = CaptureRun.run(staging, capture);

    assertEquals(200, run.files.get(0).records());
    assertEquals(db.described() + " table actor", run.files.get(0).from());
    assertShowsNoSecret(run.files.toString());
    run.filesOnDisk().forEach(file -> assertShowsNoSecret(run.text(file)));
    DisplayData shown = DisplayData.from(capture.withStagingDirectory(staging.toString()));
    assertEquals("${env:PG_USER}", item(shown, "username"));
    assertEquals(db.described(), item(shown, "database"));
    assertEquals(null, item(shown, "password"));
    assertShowsNoSecret(String.join("\n", everyDisplayItem(capture.withStagingDirectory(staging.toString()))));
  }

  @Test
  void aWrongPasswordFailsWithARedactedMessage(@TempDir Path staging) {
    PipelineExecutionException e = assertThrows(PipelineExecutionException.class, () -> CaptureRun.run(staging,
        capture(Map.of("PG_USER", SakilaPostgres.USER, "PG_PASSWORD", WRONG_PASSWORD))));

    assertEquals("table actor: FATAL: password authentication failed for user \"***\" (SQLState 28P01)",
        e.getCause().getMessage());
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertShowsNoSecret(trace.toString());
  }

  @Test
  void anUnsetVariableIsAnErrorNamingIt(@TempDir Path staging) {
    PipelineExecutionException e = assertThrows(PipelineExecutionException.class, () -> CaptureRun.run(staging,
        capture(Map.of("PG_USER", SakilaPostgres.USER))));

    assertEquals("environment variable PG_PASSWORD is not set (referenced as ${env:PG_PASSWORD})",
        e.getCause().getMessage());
  }

  private static String item(DisplayData data, String key) {
    return data.items().stream().filter(i -> i.getKey().equals(key)).map(i -> String.valueOf(i.getValue()))
        .findFirst().orElse(null);
  }

  /** The display data of every transform of a pipeline that applies {@code capture}. */
  private static List<String> everyDisplayItem(CaptureJdbc capture) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(capture);
    List<String> items = new ArrayList<>();
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        add(node);
        return CompositeBehavior.ENTER_TRANSFORM;
      }

      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        add(node);
      }

      private void add(TransformHierarchy.Node node) {
        if (node.getTransform() != null) {
          DisplayData.from(node.getTransform()).items().forEach(i -> items.add(i.getKey() + "=" + i.getValue()));
        }
      }
    });
    return items;
  }
}
