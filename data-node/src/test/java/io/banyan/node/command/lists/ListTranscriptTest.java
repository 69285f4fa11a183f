package io.banyan.node.command.lists;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Replays transcripts recorded from a real Redis 7.0.15 server and expects byte-identical replies:
 * every list command with its edge cases, error texts, checking order and null shapes.
 *
 * <p>Format: {@code command => reply}, the reply's CRLFs written as {@code |}; {@code ---} empties
 * the keyspace. Commands are split on single spaces.
 */
class ListTranscriptTest extends ListTestBase {

  /** Recorded in RESP2. */
  private static final String RESP2 =
      """
      lpush => -ERR wrong number of arguments for 'lpush' command|
      lpush k => -ERR wrong number of arguments for 'lpush' command|
      lpush k a b c => :3|
      rpush k d e => :5|
      lrange k 0 -1 => *5|$1|c|$1|b|$1|a|$1|d|$1|e|
      lrange k -100 100 => *5|$1|c|$1|b|$1|a|$1|d|$1|e|
      lrange k 2 1 => *0|
      lrange k 5 10 => *0|
      lrange k x 1 => -ERR value is not an integer or out of range|
      lrange nokey 0 -1 => *0|
      llen k => :5|
      llen nokey => :0|
      lindex k 0 => $1|c|
      lindex k -1 => $1|e|
      lindex k 5 => $-1|
      lindex k -6 => $-1|
      lindex k x => -ERR value is not an integer or out of range|
      lindex nokey 0 => $-1|
      lpushx nokey a => :0|
      rpushx nokey a => :0|
      lpushx k x y => :7|
      rpushx k z => :8|
      lpop k => $1|y|
      rpop k => $1|z|
      lpop k 2 => *2|$1|x|$1|c|
      rpop k 2 => *2|$1|e|$1|d|
      lpop k 0 => *0|
      lpop k -1 => -ERR value is out of range, must be positive|
      lpop k x => -ERR value is out of range, must be positive|
      lpop nokey => $-1|
      lpop nokey 2 => *-1|
      lpop nokey 0 => *-1|
      lpop nokey -1 => -ERR value is out of range, must be positive|
      lpop k 100 => *2|$1|b|$1|a|
      llen k => :0|
      rpush k a b c => :3|
      lpop k 1 => *1|$1|a|
      rpop k 0 => *0|
      set s str => +OK|
      lpush s a => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lpushx s a => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lpop s => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lpop s 2 => -WRONGTYPE Operation against a key holding the wrong kind of value|
      llen s => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lrange s 0 1 => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lindex s 0 => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lset s 0 a => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lset nokey 0 a => -ERR no such key|
      lset k 5 a => -ERR index out of range|
      lset k -1 Z => +OK|
      lset k x Z => -ERR value is not an integer or out of range|
      lrange k 0 -1 => *2|$1|b|$1|Z|
      ltrim k 0 0 => +OK|
      lrange k 0 -1 => *1|$1|b|
      ltrim k 5 10 => +OK|
      llen k => :0|
      ltrim nokey 0 1 => +OK|
      ltrim s 0 1 => -WRONGTYPE Operation against a key holding the wrong kind of value|
      ltrim k x 1 => -ERR value is not an integer or out of range|
      rpush k a b c d e => :5|
      ltrim k -3 -2 => +OK|
      lrange k 0 -1 => *2|$1|c|$1|d|
      rpush l a b c b a => :5|
      linsert l before b X => :6|
      linsert l after b Y => :7|
      linsert l after nope Y => :-1|
      linsert l middle b Y => -ERR syntax error|
      linsert nokey before b Y => :0|
      linsert s before b Y => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lrange l 0 -1 => *7|$1|a|$1|X|$1|b|$1|Y|$1|c|$1|b|$1|a|
      lrem l 0 b => :2|
      lrem l -1 a => :1|
      lrem l 1 Y => :1|
      lrem l x a => -ERR value is not an integer or out of range|
      lrem nokey 0 a => :0|
      lrem s 0 a => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lrange l 0 -1 => *3|$1|a|$1|X|$1|c|
      ltrim l 1 0 => +OK|
      rpush l a b c 1 2 3 c c => :8|
      lpos l c => :2|
      lpos l c rank 2 => :6|
      lpos l c rank -1 => :7|
      lpos l c rank -2 => :6|
      lpos l c count 0 => *3|:2|:6|:7|
      lpos l c count 2 => *2|:2|:6|
      lpos l c count 0 rank -1 => *3|:7|:6|:2|
      lpos l c rank 0 => -ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list|
      lpos l c count -1 => -ERR COUNT can't be negative|
      lpos l c maxlen -1 => -ERR MAXLEN can't be negative|
      lpos l c maxlen 2 => $-1|
      lpos l c maxlen 3 count 0 => *1|:2|
      lpos l zz => $-1|
      lpos l zz count 0 => *0|
      lpos nokey a => $-1|
      lpos nokey a count 0 => *0|
      lpos s a => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lpos l c rank => -ERR syntax error|
      lpos l c bogus 1 => -ERR syntax error|
      lpos l c rank x => -ERR value is not an integer or out of range|
      lpos l c rank -9223372036854775808 => :7|
      lpos l c rank 9223372036854775807 => $-1|
      lpos nokey a rank 0 => -ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list|
      lpos nokey a rank -9223372036854775808 => $-1|
      lpos l c count 1 maxlen 0 => *1|:2|
      rpoplpush l l => $1|c|
      lrange l 0 -1 => *8|$1|c|$1|a|$1|b|$1|c|$1|1|$1|2|$1|3|$1|c|
      rpoplpush nokey l => $-1|
      rpoplpush l s => -WRONGTYPE Operation against a key holding the wrong kind of value|
      rpoplpush s l => -WRONGTYPE Operation against a key holding the wrong kind of value|
      rpoplpush l newl => $1|c|
      lrange newl 0 -1 => *1|$1|c|
      lmove l newl left right => $1|c|
      lmove l newl up right => -ERR syntax error|
      lmove l newl left down => -ERR syntax error|
      lmove nokey newl left right => $-1|
      lmove l s left right => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lmove nokey s left right => $-1|
      lrange newl 0 -1 => *2|$1|c|$1|c|
      lmpop => -ERR wrong number of arguments for 'lmpop' command|
      lmpop 1 l => -ERR wrong number of arguments for 'lmpop' command|
      lmpop 0 l left => -ERR numkeys should be greater than 0|
      lmpop -1 l left => -ERR numkeys should be greater than 0|
      lmpop x l left => -ERR numkeys should be greater than 0|
      lmpop 1 l middle => -ERR syntax error|
      lmpop 1 l left count => -ERR syntax error|
      lmpop 1 l left count 0 => -ERR count should be greater than 0|
      lmpop 1 l left count -1 => -ERR count should be greater than 0|
      lmpop 1 l left count x => -ERR count should be greater than 0|
      lmpop 1 l left count 1 count 2 => -ERR syntax error|
      lmpop 1 l left foo => -ERR syntax error|
      lmpop 2 l left => -ERR syntax error|
      lmpop 3 l left => -ERR syntax error|
      lmpop 2 nokey l left count 2 => *2|$1|l|*2|$1|a|$1|b|
      lmpop 2 nokey l right count 200 => *2|$1|l|*4|$1|3|$1|2|$1|1|$1|c|
      lmpop 1 nokey left => *-1|
      lmpop 2 s l left => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lmpop 2 nokey s left => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lmpop 1 l left extra => -ERR syntax error|
      blpop k => -ERR wrong number of arguments for 'blpop' command|
      blpop k x => -ERR timeout is not a float or out of range|
      blpop k -1 => -ERR timeout is negative|
      blpop k inf => -ERR timeout is negative|
      blpop k 0.001a => -ERR timeout is not a float or out of range|
      blpop s 0 => -WRONGTYPE Operation against a key holding the wrong kind of value|
      blpop nokey s 0 => -WRONGTYPE Operation against a key holding the wrong kind of value|
      blpop nokey 0.01 => *-1|
      brpop nokey 0.01 => *-1|
      rpush q a b => :2|
      blpop nokey q 0 => *2|$1|q|$1|a|
      brpop nokey q 0 => *2|$1|q|$1|b|
      blpop q 9999999999999999 => -ERR timeout is negative|
      ltrim q 1 0 => +OK|
      blmove q q2 left bad 0 => -ERR syntax error|
      blmove q q2 left left -1 => -ERR timeout is negative|
      blmpop 0 0 q left => -ERR numkeys should be greater than 0|
      blmpop 0 1 q left count 0 => -ERR count should be greater than 0|
      blmpop x 1 q left => -ERR timeout is not a float or out of range|
      blmpop 0 1 q => -ERR wrong number of arguments for 'blmpop' command|
      blmpop 0.01 1 nokey left => *-1|
      blmpop 0 2 s q left => -WRONGTYPE Operation against a key holding the wrong kind of value|
      blmpop 0 1 s left => -WRONGTYPE Operation against a key holding the wrong kind of value|
      rpush q a b c => :3|
      blmpop 0 1 q right count 2 => *2|$1|q|*2|$1|c|$1|b|
      brpoplpush q s 0 => -WRONGTYPE Operation against a key holding the wrong kind of value|
      brpoplpush s q 0 => -WRONGTYPE Operation against a key holding the wrong kind of value|
      brpoplpush nokey q 0.01 => *-1|
      blmove nokey q left right 0.01 => *-1|
      ---
      rpush l a b c => :3|
      lpos l c count x => -ERR COUNT can't be negative|
      lpos l c maxlen x => -ERR MAXLEN can't be negative|
      lpos l c count 1 count 2 => *1|:2|
      lpos l c RANK 1 rank 2 => $-1|
      lpos s c rank 0 => -ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list|
      set s x => +OK|
      lpos s c rank 0 => -ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list|
      lpos s c rank 1 => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lrange l 0 9223372036854775807 => *3|$1|a|$1|b|$1|c|
      lrange l -9223372036854775808 9223372036854775807 => *3|$1|a|$1|b|$1|c|
      lrange l 0 9223372036854775808 => -ERR value is not an integer or out of range|
      lindex l 9223372036854775807 => $-1|
      lindex l -9223372036854775808 => $-1|
      lset l 9223372036854775807 x => -ERR index out of range|
      lset l -9223372036854775808 x => -ERR index out of range|
      lset l 4294967296 x => -ERR index out of range|
      ltrim l -9223372036854775808 9223372036854775807 => +OK|
      lrange l 0 -1 => *3|$1|a|$1|b|$1|c|
      lrem l -9223372036854775808 a => :1|
      lrange l 0 -1 => *2|$1|b|$1|c|
      lpop l 9223372036854775807 => *2|$1|b|$1|c|
      rpush l a b c => :3|
      linsert l BEFORE a x => :4|
      linsert l AfTeR c y => :5|
      lmove l l LEFT RIGHT => $1|x|
      lrange l 0 -1 => *5|$1|a|$1|b|$1|c|$1|y|$1|x|
      lmove l l right right => $1|x|
      lrange l 0 -1 => *5|$1|a|$1|b|$1|c|$1|y|$1|x|
      lmpop 2 l l left => *2|$1|l|*1|$1|a|
      lmpop 9223372036854775807 l left => -ERR syntax error|
      lmpop 2147483648 l left => -ERR syntax error|
      lmpop 1 l LEFT COUNT 9223372036854775807 => *2|$1|l|*4|$1|b|$1|c|$1|y|$1|x|
      rpush l a => :1|
      lmpop 1 l left COUNT 2147483648 => *2|$1|l|*1|$1|a|
      lpos l a count 9223372036854775807 => *0|
      lpos l a maxlen 9223372036854775807 => $-1|
      ---
      set s x => +OK|
      lset nokey x a => -ERR no such key|
      lset s x a => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lindex s x => -WRONGTYPE Operation against a key holding the wrong kind of value|
      lindex nokey x => $-1|
      lrange s x y => -ERR value is not an integer or out of range|
      lrange nokey x y => -ERR value is not an integer or out of range|
      ltrim s x y => -ERR value is not an integer or out of range|
      ltrim nokey x y => -ERR value is not an integer or out of range|
      lrem s x a => -ERR value is not an integer or out of range|
      lrem nokey x a => -ERR value is not an integer or out of range|
      linsert s middle a b => -ERR syntax error|
      lpop s x => -ERR value is out of range, must be positive|
      lpop s -1 => -ERR value is out of range, must be positive|
      rpop nokey x => -ERR value is out of range, must be positive|
      lpos s a rank x => -ERR value is not an integer or out of range|
      lpos s a count -1 => -ERR COUNT can't be negative|
      lmove s nokey bad left => -ERR syntax error|
      lmove nokey s left left => $-1|
      rpoplpush nokey s => $-1|
      blmove s nokey bad left 0 => -ERR syntax error|
      blmove s nokey left left x => -ERR timeout is not a float or out of range|
      blmove s nokey left left 0 => -WRONGTYPE Operation against a key holding the wrong kind of value|
      blpop s x => -ERR timeout is not a float or out of range|
      blmpop x 1 s left => -ERR timeout is not a float or out of range|
      blmpop 0 1 s bad => -ERR syntax error|
      lpushx nokey => -ERR wrong number of arguments for 'lpushx' command|
      lpop k 1 2 => -ERR wrong number of arguments for 'lpop' command|
      rpush l a b c => :3|
      lpop l 1 2 => -ERR wrong number of arguments for 'lpop' command|
      ---
      blpop nokey nan => -ERR timeout is not a float or out of range|
      blpop nokey 1e400 => -ERR timeout is negative|
      blpop nokey -inf => -ERR timeout is negative|
      blpop nokey 9223372036854776 => -ERR timeout is negative|
      blpop nokey 1e16 => -ERR timeout is negative|
      blpop nokey .5 => *-1|
      blpop nokey 1. => *-1|
      blpop nokey +0.1 => *-1|
      blpop nokey 0.0001 => *-1|
      """;

  /** Recorded after HELLO 3. */
  private static final String RESP3 =
      """
      lpop nokey => _|
      rpop nokey => _|
      lpop nokey 2 => _|
      lpop nokey 0 => _|
      lindex nokey 0 => _|
      lpos nokey a => _|
      lpos nokey a count 0 => *0|
      lmpop 1 nokey left => _|
      lmove nokey d left left => _|
      rpoplpush nokey d => _|
      blpop nokey 0.01 => _|
      brpop nokey 0.01 => _|
      blmpop 0.01 1 nokey left => _|
      blmove nokey d left left 0.01 => _|
      brpoplpush nokey d 0.01 => _|
      rpush k a b c => :3|
      lpop k 0 => *0|
      lpop k 2 => *2|$1|a|$1|b|
      lrange k 0 -1 => *1|$1|c|
      lindex k 5 => _|
      lpos k zz => _|
      lmpop 1 k right count 9 => *2|$1|k|*1|$1|c|
      lpush q x => :1|
      blpop q 0 => *2|$1|q|$1|x|
      lpush q x => :1|
      blmpop 0 1 q left count 3 => *2|$1|q|*1|$1|x|
      """;

  @Test
  void resp2RepliesMatchRedis() {
    replay(connect(), RESP2);
  }

  @Test
  void resp3RepliesMatchRedis() {
    replay(connectResp3(), RESP3);
  }

  private void replay(Conn c, String transcript) {
    int checked = 0;
    for (String line : transcript.strip().split("\n")) {
      if (line.equals("---")) {
        onServer(
            () -> {
              server.engine().keyspace().flushAll();
              return null;
            });
        continue;
      }
      int arrow = line.indexOf(" => ");
      String command = line.substring(0, arrow);
      String expected = line.substring(arrow + 4).replace("|", "\r\n");
      assertThat(c.call(command.split(" "))).as(command).isEqualTo(expected);
      checked++;
    }
    assertThat(checked).isGreaterThan(10);
  }
}
