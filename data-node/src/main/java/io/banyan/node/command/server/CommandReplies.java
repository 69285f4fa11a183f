package io.banyan.node.command.server;

import io.banyan.node.command.model.CommandFlag;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.command.model.KeySpec;
import io.banyan.node.command.model.MetadataVocabulary;
import io.banyan.node.resp.Reply;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Writes COMMAND INFO and COMMAND DOCS entries in Redis 7.0's shapes, for RESP2 and RESP3. */
final class CommandReplies {
  private CommandReplies() {}

  /** ACL categories in the order Redis lists them, whatever order a command declared them in. */
  static List<String> orderedCategories(CommandSpec spec) {
    List<String> out = new ArrayList<>(spec.aclCategories());
    out.sort(Comparator.comparingInt(MetadataVocabulary.ACL_CATEGORIES::indexOf));
    return out;
  }

  /**
   * One COMMAND INFO entry: name, arity, flags, first/last/step, ACL categories, tips, key specs,
   * subcommands.
   */
  static void info(Reply r, CommandSpec spec) {
    r.array(10);
    r.bulk(spec.name());
    r.integer(spec.arity());
    r.set(spec.flags().size());
    for (CommandFlag f : spec.flags()) {
      r.simple(f.wireName());
    }
    r.integer(spec.firstKey());
    r.integer(spec.lastKey());
    r.integer(spec.keyStep());
    List<String> categories = orderedCategories(spec);
    r.set(categories.size());
    for (String cat : categories) {
      r.simple("@" + cat);
    }
    List<String> tips = spec.tips();
    r.set(tips.size());
    for (String tip : tips) {
      r.bulk(tip);
    }
    List<KeySpec> keySpecs = spec.keySpecs();
    r.set(keySpecs.size());
    for (KeySpec k : keySpecs) {
      keySpec(r, k);
    }
    if (spec.subcommands().isEmpty()) {
      r.set(0);
    } else {
      r.array(spec.subcommands().size());
      for (CommandSpec sub : spec.subcommands().values()) {
        info(r, sub);
      }
    }
  }

  private static void keySpec(Reply r, KeySpec k) {
    r.map(3);
    r.bulk("flags");
    r.set(k.flags().size());
    for (String f : k.flags()) {
      r.simple(f);
    }
    r.bulk("begin_search");
    r.map(2);
    r.bulk("type");
    r.bulk(k.beginType());
    r.bulk("spec");
    switch (k.beginType()) {
      case "index" -> {
        r.map(1);
        r.bulk("index");
        r.integer(k.index());
      }
      case "keyword" -> {
        r.map(2);
        r.bulk("keyword");
        r.bulk(k.keyword());
        r.bulk("startfrom");
        r.integer(k.index());
      }
      default -> r.map(0);
    }
    r.bulk("find_keys");
    r.map(2);
    r.bulk("type");
    r.bulk(k.findType());
    r.bulk("spec");
    switch (k.findType()) {
      case "range" -> {
        r.map(3);
        r.bulk("lastkey");
        r.integer(k.a());
        r.bulk("keystep");
        r.integer(k.b());
        r.bulk("limit");
        r.integer(k.c());
      }
      case "keynum" -> {
        r.map(3);
        r.bulk("keynumidx");
        r.integer(k.a());
        r.bulk("firstkey");
        r.integer(k.b());
        r.bulk("keystep");
        r.integer(k.c());
      }
      default -> r.map(0);
    }
  }

  /** One COMMAND DOCS value: summary, since, group, complexity, and subcommands as a map. */
  static void docs(Reply r, CommandSpec spec) {
    boolean subs = !spec.subcommands().isEmpty();
    r.map(subs ? 5 : 4);
    r.bulk("summary");
    r.bulk(spec.summary());
    r.bulk("since");
    r.bulk(spec.since());
    r.bulk("group");
    r.bulk(spec.group());
    r.bulk("complexity");
    r.bulk(spec.complexity());
    if (subs) {
      r.bulk("subcommands");
      r.map(spec.subcommands().size());
      for (CommandSpec sub : spec.subcommands().values()) {
        r.bulk(sub.name());
        docs(r, sub);
      }
    }
  }
}
