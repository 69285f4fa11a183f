package io.banyan.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import org.junit.jupiter.api.Test;

class InfoReplicationTest {
  @Test
  void masterReportsItsOffsetIdReplicasAndFence() {
    String info =
        "# Replication\r\nrole:master\r\nconnected_slaves:2\r\n"
            + "slave0:ip=10.0.0.2,port=6379,state=online,offset=1234,lag=0\r\n"
            + "master_failover_state:no-failover\r\n"
            + "master_replid:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
            + "master_replid2:0000000000000000000000000000000000000000\r\n"
            + "master_repl_offset:1234\r\nsecond_repl_offset:-1\r\n"
            + "banyan_epoch:3\r\nbanyan_fenced:1\r\n";
    NodeObservation o = InfoReplication.parse("jf-a-0", info);
    assertThat(o.role()).isEqualTo(Role.MASTER);
    assertThat(o.offset()).isEqualTo(1234);
    assertThat(o.connectedReplicas()).isEqualTo(2);
    assertThat(o.replid()).startsWith("aaaa");
    assertThat(o.epoch()).isEqualTo(3);
    assertThat(o.fenced()).isTrue();
    assertThat(o.link()).isEqualTo(Link.NONE);
    assertThat(o.masterAddress()).isNull();
  }

  @Test
  void replicaReportsItsMasterLinkAndProcessedOffset() {
    String info =
        "# Replication\r\nrole:slave\r\nmaster_host:10.0.0.1\r\nmaster_port:6379\r\n"
            + "master_link_status:down\r\nmaster_last_io_seconds_ago:-1\r\n"
            + "master_sync_in_progress:0\r\nslave_read_repl_offset:900\r\n"
            + "slave_repl_offset:880\r\nmaster_link_down_since_seconds:4\r\n"
            + "master_replid:bbbb\r\nmaster_repl_offset:880\r\n";
    NodeObservation o = InfoReplication.parse("jf-a-1", info);
    assertThat(o.role()).isEqualTo(Role.REPLICA);
    assertThat(o.masterAddress()).isEqualTo("10.0.0.1:6379");
    assertThat(o.link()).isEqualTo(Link.DOWN);
    assertThat(o.linkDownMillis()).isEqualTo(4000);
    assertThat(o.offset()).isEqualTo(880);
    assertThat(o.fenced()).as("no banyan fields: a plain Redis").isFalse();
    assertThat(o.epoch()).isZero();
  }

  @Test
  void aSyncingReplicaIsNeitherUpNorDown() {
    NodeObservation o =
        InfoReplication.parse(
            "n",
            "role:slave\nmaster_host:h\nmaster_port:1\nmaster_link_status:down\n"
                + "master_sync_in_progress:1\nslave_repl_offset:0\n");
    assertThat(o.link()).isEqualTo(Link.SYNCING);
  }

  @Test
  void theMastersSilenceComesFromBanyansMillisecondsElseFromRedisSeconds() {
    String up =
        "role:slave\nmaster_host:h\nmaster_port:1\nmaster_link_status:up\n"
            + "master_last_io_seconds_ago:2\nmaster_sync_in_progress:0\nslave_repl_offset:5\n";
    assertThat(
            InfoReplication.parse("n", up + "banyan_master_last_io_ms:2730\n").masterSilentMillis())
        .isEqualTo(2730);
    assertThat(InfoReplication.parse("n", up).masterSilentMillis())
        .as("a plain Redis: whole seconds")
        .isEqualTo(2000);
    String down =
        "role:slave\nmaster_host:h\nmaster_port:1\nmaster_link_status:down\n"
            + "master_last_io_seconds_ago:-1\nmaster_sync_in_progress:0\nslave_repl_offset:5\n";
    assertThat(
            InfoReplication.parse("n", down + "banyan_master_last_io_ms:-1\n").masterSilentMillis())
        .as("never heard from this master")
        .isEqualTo(-1);
    assertThat(
            InfoReplication.parse("n", down + "master_link_down_since_seconds:3\n")
                .masterSilentMillis())
        .as("a plain Redis after the link closed: at least the link's downtime")
        .isEqualTo(3000);
    assertThat(InfoReplication.parse("n", "role:master\n").masterSilentMillis()).isEqualTo(-1);
  }
}
