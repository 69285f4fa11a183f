package io.banyan.node;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.log.ServerLog;
import io.banyan.node.server.BanyanServer;

/** {@code banyan-node [config-file] [--name value ...]}: starts a data node in the foreground. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    ServerConfig config = new ServerConfig();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--port")) {
        config.port = Integer.parseInt(args[i + 1]);
      }
    }
    ServerLog log = new ServerLog();
    BanyanServer server = new BanyanServer(config, log).start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    server.stopped().join();
  }
}
