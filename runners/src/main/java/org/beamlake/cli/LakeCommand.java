package org.beamlake.cli;

import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptions;
import org.beamlake.spi.LakeStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code beamlake lake init}: makes a lake's bucket or container and zone folders, safely again and again. */
@Command(
    name = "lake",
    mixinStandardHelpOptions = true,
    description = "Manages a lake's storage.",
    subcommands = {LakeCommand.Init.class})
final class LakeCommand implements Runnable {
  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "expected a subcommand: init");
  }

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = "Creates the zone folders (raw, trusted, quarantine, refined, _runs, _state) under LAKE and, with "
          + "--create, the bucket or container itself: private, with encryption at rest where the store offers it. "
          + "What exists is left as it is, so it is safe to run again.",
      footer = {"", "Examples:",
          "  beamlake lake init lake --create",
          "  beamlake lake init s3://my-bucket/lakes/sales --create -- --awsRegion=eu-west-1"})
  static final class Init implements Callable<Integer> {
    @Mixin LakeArgs lake;

    @Option(names = "--create", description = "create the directory, bucket or container when it does not exist")
    boolean create;

    @Override
    public Integer call() {
      return Cli.guard(() -> {
        PipelineOptions options = lake.useFileSystems();
        store(lake.lake).init(lake.lake, options, create).forEach(System.out::println);
        return 0;
      });
    }
  }

  /** The store for a lake's scheme ({@code file} for a path). */
  static LakeStore store(String lake) {
    return storeIfAny(lake).orElseThrow(() -> {
      TreeSet<String> known = new TreeSet<>();
      ServiceLoader.load(LakeStore.class).forEach(store -> known.addAll(store.schemes()));
      return new IllegalArgumentException("no lake store for '" + scheme(lake) + "://' in this build; known: " + known);
    });
  }

  /**
   * The store for a lake's scheme, if this build has one: a lake on another Beam filesystem can
   * still be run into, it only has no {@code lake init} and no checks before a run.
   */
  static java.util.Optional<LakeStore> storeIfAny(String lake) {
    String scheme = scheme(lake);
    for (LakeStore store : ServiceLoader.load(LakeStore.class)) {
      if (store.schemes().contains(scheme)) {
        return java.util.Optional.of(store);
      }
    }
    return java.util.Optional.empty();
  }

  private static String scheme(String lake) {
    return lake.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") ? lake.substring(0, lake.indexOf(':')) : "file";
  }
}
