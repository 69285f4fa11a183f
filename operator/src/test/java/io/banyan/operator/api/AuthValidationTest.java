package io.banyan.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** spec.auth.users is checked at admission, each message naming its field. */
class AuthValidationTest {
  static AuthSpec users(AuthSpec.AuthUser... users) {
    AuthSpec auth = new AuthSpec();
    auth.users = List.of(users);
    return auth;
  }

  static AuthSpec.AuthUser user(String name, String rules) {
    AuthSpec.AuthUser u = new AuthSpec.AuthUser();
    u.name = name;
    u.rules = rules;
    u.passwordSecret = new SecretKeyRef();
    u.passwordSecret.secretName = "app-password";
    return u;
  }

  @Test
  void anApplicationUserWithKeyChannelAndCommandRulesIsAccepted() {
    assertThat(
            AuthValidation.validate(
                users(
                    user("app", "~app:* %R~cache:* &news.* +@read +@write -flushall +client|id"),
                    user("reader", "on allkeys +@read resetchannels"))))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "banyan-operator", "banyan-replication", "banyan-later"})
  void reservedNamesAreRefused(String name) {
    assertThat(AuthValidation.validate(users(user(name, "+@read"))))
        .singleElement()
        .asString()
        .startsWith("spec.auth.users[0].name: '" + name + "' is reserved");
  }

  @Test
  void badNamesAndDuplicatesAreRefusedNamingTheField() {
    assertThat(
            AuthValidation.validate(
                users(user("app", "+get"), user("app", "+get"), user("has space", "+get"))))
        .containsExactly(
            "spec.auth.users[1].name: 'app' is declared twice",
            "spec.auth.users[2].name: 1 to 64 characters, letters, digits and _.:@- (no spaces),"
                + " starting with a letter or digit");
  }

  @Test
  void eachBadRuleIsNamedWithWhyItIsRefused() {
    List<String> errors =
        AuthValidation.validate(
            users(user("app", ">secret nopass +@nosuch ~ %X~k (+get) +GET! whatever #abc")));
    assertThat(errors)
        .containsExactly(
            "spec.auth.users[0].rules: '>secret' is a password rule; the password comes from"
                + " passwordSecret",
            "spec.auth.users[0].rules: 'nopass' is a password rule; the password comes from"
                + " passwordSecret",
            "spec.auth.users[0].rules: '+@nosuch' names no ACL category (admin, all, bitmap,"
                + " blocking, connection, dangerous, fast, geo, hash, hyperloglog, keyspace, list,"
                + " pubsub, read, scripting, set, slow, sortedset, stream, string, transaction,"
                + " write)",
            "spec.auth.users[0].rules: '~' needs a pattern after '~'",
            "spec.auth.users[0].rules: '%X~k' is not a key permission (%R~pattern, %W~pattern or"
                + " %RW~pattern)",
            "spec.auth.users[0].rules: '(+get)' is a selector; selectors are not supported in"
                + " spec.auth.users",
            "spec.auth.users[0].rules: '+GET!' is not a command name (+name, +name|subcommand,"
                + " +@category)",
            "spec.auth.users[0].rules: 'whatever' is not an ACL rule (on, off, ~keys, %R~keys,"
                + " &channels, +command, -@category, allkeys, allchannels, allcommands,"
                + " nocommands, resetkeys, resetchannels)",
            "spec.auth.users[0].rules: '#abc' is a password rule; the password comes from"
                + " passwordSecret");
  }

  @Test
  void aUserNeedsAPasswordSecret() {
    AuthSpec.AuthUser u = user("app", "+get");
    u.passwordSecret = null;
    assertThat(AuthValidation.validate(users(u)))
        .containsExactly(
            "spec.auth.users[0].passwordSecret.secretName: required (the user's password)");
  }

  @Test
  void theSpecValidationIncludesTheAuthChecks() {
    StoreClusterSpec spec = new StoreClusterSpec();
    ZoneSpec z = new ZoneSpec();
    z.name = "a";
    z.initialMaster = true;
    spec.zones = List.of(z);
    spec.auth = users(user("default", "+get"));
    assertThat(SpecValidation.validate(spec)).anyMatch(e -> e.startsWith("spec.auth.users[0]"));
  }
}
