package org.beamlake.stage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.beamlake.project.DatasetConfig;
import org.beamlake.project.StepConfig;

/** Datasets in an order where each comes after the datasets it joins or references. */
final class BuildOrder {
  private BuildOrder() {}

  static List<String> of(Map<String, DatasetConfig> datasets) {
    List<String> order = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (String name : datasets.keySet()) {
      visit(name, datasets, order, done);
    }
    return order;
  }

  private static void visit(String name, Map<String, DatasetConfig> datasets, List<String> order, Set<String> done) {
    if (!datasets.containsKey(name) || !done.add(name)) {
      return;
    }
    for (String dep : dependencies(datasets.get(name))) {
      visit(dep, datasets, order, done);
    }
    order.add(name);
  }

  static List<String> dependencies(DatasetConfig dataset) {
    List<String> deps = new ArrayList<>();
    for (StepConfig step : dataset.steps()) {
      if (step instanceof StepConfig.Join join) {
        deps.add(join.dataset());
      } else if (step instanceof StepConfig.Check check) {
        check.rules().stream().filter(r -> r.refDataset() != null).forEach(r -> deps.add(r.refDataset()));
      }
    }
    dataset.rules().stream().filter(r -> r.refDataset() != null).forEach(r -> deps.add(r.refDataset()));
    return deps;
  }
}
