package io.banyan.node.persistence;

import io.banyan.node.client.Client;
import io.banyan.node.engine.InfoRegistry;

/** INFO persistence: the loading state, then the RDB fields, then the AOF fields, as Redis. */
final class PersistenceInfo implements InfoRegistry.Section {
  private final Persistence persistence;

  PersistenceInfo(Persistence persistence) {
    this.persistence = persistence;
  }

  @Override
  public void write(Client caller, InfoRegistry.Fields out) {
    out.add("loading", persistence.engine().loading().active() ? 1 : 0).add("async_loading", 0);
    persistence.rdb().writeInfo(out);
    persistence.aof().writeInfo(out);
    out.add("module_fork_in_progress", 0).add("module_fork_last_cow_size", 0);
    persistence.aof().writeEnabledInfo(out);
    persistence.engine().loading().writeInfo(out);
  }
}
