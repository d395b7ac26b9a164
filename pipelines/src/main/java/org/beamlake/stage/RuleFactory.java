package org.beamlake.stage;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.project.RuleConfig;
import org.beamlake.quality.AllowedValues;
import org.beamlake.quality.InRange;
import org.beamlake.quality.MatchesRegex;
import org.beamlake.quality.NotNull;
import org.beamlake.quality.QualityRule;
import org.beamlake.quality.Referential;
import org.beamlake.quality.RuleAction;
import org.beamlake.quality.UniqueKey;

/** Turns the rules written in a project into the quality transforms' rules. */
final class RuleFactory {
  private RuleFactory() {}

  static List<QualityRule> rules(List<RuleConfig> configs, Map<String, PCollection<Row>> datasets) {
    return configs.stream().map(c -> StepFailure.at(c.where(), () -> rule(c, datasets))).collect(Collectors.toList());
  }

  private static QualityRule rule(RuleConfig c, Map<String, PCollection<Row>> datasets) {
    RuleAction action = RuleAction.valueOf(c.action().toUpperCase(Locale.ROOT));
    switch (c.kind()) {
      case "not_null":
        return NotNull.columns(c.columns()).withAction(action);
      case "unique":
        return UniqueKey.of(c.columns()).withAction(action);
      case "range":
        return InRange.of(c.column(), c.min(), c.max()).withAction(action);
      case "allowed_values":
        return AllowedValues.of(c.column(), new HashSet<>(c.values())).withAction(action);
      case "regex":
        return MatchesRegex.of(c.column(), c.pattern()).withAction(action);
      case "references":
        PCollection<Row> other = datasets.get(c.refDataset());
        if (other == null) {
          throw new IllegalArgumentException("dataset '" + c.refDataset() + "' is not built before this one");
        }
        return Referential.of(c.column(), c.refDataset(), other, c.refColumn()).withAction(action);
      default:
        throw new IllegalArgumentException("unknown rule " + c.kind());
    }
  }
}
