package org.beamlake.project;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks what datasets say about each other: joined and referenced datasets exist, and no dataset
 * depends on itself through a chain of joins and references.
 */
final class CrossReferences {
  private final Problems problems;

  CrossReferences(Problems problems) {
    this.problems = problems;
  }

  void check(Map<String, DatasetConfig> datasets) {
    Map<String, List<String>> dependsOn = new LinkedHashMap<>();
    for (DatasetConfig dataset : datasets.values()) {
      List<String> deps = new ArrayList<>();
      for (StepConfig step : dataset.steps()) {
        if (step instanceof StepConfig.Join join) {
          need(datasets, join.dataset(), join.where());
          deps.add(join.dataset());
        } else if (step instanceof StepConfig.Check check) {
          check.rules().forEach(r -> ruleDependency(datasets, r, deps));
        }
      }
      dataset.rules().forEach(r -> ruleDependency(datasets, r, deps));
      dependsOn.put(dataset.name(), deps);
    }
    for (DatasetConfig dataset : datasets.values()) {
      if (reaches(dependsOn, dataset.name(), dataset.name(), new HashSet<>())) {
        problems.add(dataset.where().error("depends on itself through joins or references"));
      }
    }
  }

  private void ruleDependency(Map<String, DatasetConfig> datasets, RuleConfig rule, List<String> deps) {
    if (rule.refDataset() != null) {
      need(datasets, rule.refDataset(), rule.where());
      deps.add(rule.refDataset());
    }
  }

  private void need(Map<String, DatasetConfig> datasets, String name, Where where) {
    if (!datasets.containsKey(name)) {
      String hint = Suggest.closest(name, datasets.keySet()).map(s -> " (did you mean '" + s + "'?)").orElse("");
      problems.add(where.error("unknown dataset '" + name + "'" + hint + "; datasets are " + datasets.keySet()));
    }
  }

  private static boolean reaches(Map<String, List<String>> graph, String from, String target, Set<String> seen) {
    for (String next : graph.getOrDefault(from, List.of())) {
      if (next.equals(target) || (seen.add(next) && reaches(graph, next, target, seen))) {
        return true;
      }
    }
    return false;
  }
}
