package org.beamlake.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.beamlake.spi.LakeStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
    @Parameters(index = "0", paramLabel = "LAKE", description = "lake location: a path, s3://bucket/prefix or "
        + "azfs://account/container/prefix")
    String lake;

    @Parameters(index = "1..*", paramLabel = "BEAM_OPTION", description = "extra Beam options for the lake's "
        + "filesystem, after -- (e.g. --awsRegion=eu-west-1)")
    List<String> beamArgs = new ArrayList<>();

    @Option(names = "--create", description = "create the directory, bucket or container when it does not exist")
    boolean create;

    @Override
    public Integer call() {
      return Cli.guard(() -> {
        PipelineOptions options = RunnerChoice.DIRECT.options(beamArgs, false, "local[1]");
        FileSystems.setDefaultPipelineOptions(options);
        LakeStore store = store(lake);
        store.init(lake, options, create).forEach(System.out::println);
        return 0;
      });
    }
  }

  /** The store for a lake's scheme ({@code file} for a path). */
  static LakeStore store(String lake) {
    String scheme = lake.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") ? lake.substring(0, lake.indexOf(':')) : "file";
    TreeSet<String> known = new TreeSet<>();
    for (LakeStore store : ServiceLoader.load(LakeStore.class)) {
      if (store.schemes().contains(scheme)) {
        return store;
      }
      known.addAll(store.schemes());
    }
    throw new IllegalArgumentException("no lake store for '" + scheme + "://' in this build; known: " + known);
  }
}
