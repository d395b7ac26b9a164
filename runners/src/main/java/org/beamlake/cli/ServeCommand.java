package org.beamlake.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.beamlake.serve.LakeServer;
import org.beamlake.serve.ServeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code beamlake serve}: the read-only HTTP JSON API over a lake, in the foreground. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serves a lake's refined tables and run records as a read-only HTTP JSON API: GET /tables, "
        + "/tables/NAME?COLUMN=VALUE&sort=-COLUMN&limit=100&offset=0, /tables/NAME.csv, /runs, /runs/latest, "
        + "/openapi.json. Binds 127.0.0.1 unless told otherwise; another interface needs a bearer token.",
    footer = {"", "Examples:",
        "  beamlake serve lake                                   # http://127.0.0.1:8080/tables",
        "  beamlake serve lake --port 9000",
        "  curl 'http://127.0.0.1:8080/tables/stats_country_global?REF_AREA=AFG'",
        "  BEAMLAKE_TOKEN=$(openssl rand -hex 32) beamlake serve lake --host 0.0.0.0 "
            + "--token '$${env:BEAMLAKE_TOKEN}'",
        "", "Ctrl-C stops it. Only committed tables and run records can be read; nothing is ever written."})
final class ServeCommand implements Callable<Integer> {
  @Mixin LakeArgs lake;

  @Option(names = "--port", defaultValue = "" + ServeSettings.DEFAULT_PORT,
      description = "port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
  int port;

  @Option(names = "--host", defaultValue = ServeSettings.DEFAULT_HOST,
      description = "interface to bind (default: ${DEFAULT-VALUE}, this machine only); any other needs --token")
  String host;

  @Option(names = "--token", paramLabel = "$${env:NAME}", description = "the bearer token clients must send "
      + "(Authorization: Bearer ...), as a reference to an environment variable, never the value itself")
  String token;

  @Override
  public Integer call() {
    return Cli.guard(() -> {
      ServeSettings settings = ServeSettings.of(lake.lake()).withHost(host).withPort(port);
      if (token != null) {
        settings = settings.withToken(token);
      }
      settings.check();
      lake.useFileSystems();
      CountDownLatch stopped = new CountDownLatch(1);
      try (LakeServer server = LakeServer.start(settings)) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          server.close();
          stopped.countDown();
        }));
        System.out.println("beamlake: serving " + settings.lake().base() + " on http://" + settings.host() + ":"
            + server.port() + "/ (read-only" + (token == null ? "" : "; bearer token from " + token)
            + "); Ctrl-C stops it");
        System.out.println("  GET /tables  /tables/NAME  /tables/NAME.csv  /runs  /runs/latest  /openapi.json");
        stopped.await();
      }
      return 0;
    });
  }
}
