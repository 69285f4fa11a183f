package io.banyan.node.command.server.info;

import io.banyan.node.client.Client;
import io.banyan.node.engine.CommandStats;
import io.banyan.node.engine.InfoRegistry;
import java.util.Locale;
import java.util.Map;

/** INFO commandstats and errorstats: per-command call statistics and error replies by code. */
final class CallStatsSections {
  private CallStatsSections() {}

  static void commands(Client caller, InfoRegistry.Fields out) {
    for (Map.Entry<String, CommandStats.Entry> e :
        caller.engine().commandStats().all().entrySet()) {
      CommandStats.Entry s = e.getValue();
      if (s.calls == 0 && s.rejectedCalls == 0 && s.failedCalls == 0) {
        continue;
      }
      double perCall = s.calls == 0 ? 0 : (double) s.micros / s.calls;
      out.add(
          "cmdstat_" + e.getKey(),
          String.format(
              Locale.ROOT,
              "calls=%d,usec=%d,usec_per_call=%.2f,rejected_calls=%d,failed_calls=%d",
              s.calls,
              s.micros,
              perCall,
              s.rejectedCalls,
              s.failedCalls));
    }
  }

  static void errors(Client caller, InfoRegistry.Fields out) {
    for (Map.Entry<String, Long> e : caller.engine().errorStats().all().entrySet()) {
      out.add("errorstat_" + e.getKey(), "count=" + e.getValue());
    }
  }
}
