package io.banyan.node.acl;

import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.command.model.MetadataVocabulary;
import java.util.BitSet;
import java.util.List;

/**
 * Turns a selector's command bit set back into rules ({@code +@all -debug}, {@code -@all +@read
 * +set}) for ACL LIST, GETUSER and ACL SAVE, the way Redis 7.0 does: start from +@all or -@all,
 * then greedily apply the category that fixes the most commands for the fewest mistakes, then list
 * single commands (and first arguments) for what is still different. Applying the result to an
 * empty selector must give the same bit set; the describer checks that, since a mismatch would be a
 * permission silently granted or lost at the next ACL LOAD.
 */
final class CommandRulesDescriber {
  private CommandRulesDescriber() {}

  static String describe(Selector s) {
    AclCatalog catalog = s.catalog;
    StringBuilder rules = new StringBuilder();
    boolean additive = !s.futureCommands;
    Selector fake = new Selector(catalog, false, false);
    rules.append(additive ? "-@all " : "+@all ");
    if (!additive) {
      fake.commands.set(0, catalog.size());
    }
    // temp: the commands still to be explained, as the inverse category rules remove them.
    BitSet temp = (BitSet) s.commands.clone();
    List<String> categories = MetadataVocabulary.ACL_CATEGORIES;
    boolean[] applied = new boolean[categories.size()];
    while (true) {
      int best = -1;
      long minDiff = Integer.MAX_VALUE;
      long maxSame = 0;
      for (int j = 0; j < categories.size(); j++) {
        if (applied[j]) {
          continue;
        }
        BitSet members = catalog.members(categories.get(j));
        BitSet on = (BitSet) members.clone();
        on.and(temp);
        long onCount = on.cardinality();
        long offCount = members.cardinality() - onCount;
        long diff = additive ? offCount : onCount;
        long same = additive ? onCount : offCount;
        if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
          best = j;
          minDiff = diff;
          maxSame = same;
        }
      }
      if (best == -1) {
        break;
      }
      String category = categories.get(best);
      fake.changeCategory(category, additive);
      BitSet reach = catalog.reach(category);
      if (additive) {
        temp.andNot(reach);
      } else {
        temp.or(reach);
      }
      rules.append(additive ? "+@" : "-@").append(category).append(' ');
      applied[best] = true;
    }
    for (int id = 0; id < catalog.size(); id++) {
      CommandSpec spec = catalog.spec(id);
      boolean user = s.commands.get(id);
      if (user != fake.commands.get(id)) {
        rules.append(user ? '+' : '-').append(spec.name()).append(' ');
        fake.change(spec, user);
      }
      if (!user && catalog.parent(spec) == null) {
        List<String> args = s.firstArgs.get(id);
        if (args != null) {
          for (String a : args) {
            rules.append('+').append(spec.name()).append('|').append(a).append(' ');
          }
        }
      }
    }
    rules.setLength(rules.length() - 1);
    if (!fake.commands.equals(s.commands)) {
      // Never reached when the rules above are right; failing loudly beats describing a user
      // with permissions other than the ones it has.
      throw new IllegalStateException("ACL rules do not rebuild the user's commands: " + rules);
    }
    return rules.toString();
  }
}
