package org.beamlake.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class SecretsTest {
  private final Secrets secrets = Secrets.of(Map.of("TOKEN", "s3cr+t/1", "USER", "ann"));

  @Test
  void resolvesEveryReferenceInPlace() {
    assertEquals("Bearer s3cr+t/1 for ann", secrets.resolve("Bearer ${env:TOKEN} for ${env:USER}"));
    assertEquals("no reference", secrets.resolve("no reference"));
    assertEquals("$5 ${ENV:TOKEN}", secrets.resolve("$5 ${ENV:TOKEN}"));
  }

  @Test
  void anUnsetNameIsAnErrorNamingItWithoutAnyValue() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> secrets.resolve("x ${env:MISSING}"));
    assertEquals("environment variable MISSING is not set (referenced as ${env:MISSING})", e.getMessage());
  }

  @Test
  void redactsPlainAndUrlEncodedValuesOfReferencedNamesOnly() {
    String shown = secrets.redact("GET http://h/x?key=s3cr%2Bt%2F1&u=ann token s3cr+t/1",
        List.of("${env:TOKEN}", "plain"));
    assertEquals("GET http://h/x?key=***&u=ann token ***", shown);
  }

  @Test
  void findsReferencesAndSurvivesSerialization() {
    assertTrue(Secrets.hasReference("a ${env:X_1} b"));
    assertFalse(Secrets.hasReference("a $env:X b"));
    assertEquals(List.of("A", "B"), Secrets.names("${env:A}:${env:B}"));
    Secrets copy = SerializableUtils.clone(secrets);
    assertEquals("ann", copy.resolve("${env:USER}"));
  }

  @Test
  void theEnvironmentFallsBackToASystemPropertyForInProcessRuns() {
    System.setProperty(Secrets.PROPERTY_PREFIX + "BEAMLAKE_TEST_ONLY_NAME", "v1");
    try {
      Secrets env = SerializableUtils.clone(Secrets.fromEnvironment());
      assertEquals("x=v1", env.resolve("x=${env:BEAMLAKE_TEST_ONLY_NAME}"));
    } finally {
      System.clearProperty(Secrets.PROPERTY_PREFIX + "BEAMLAKE_TEST_ONLY_NAME");
    }
  }
}
