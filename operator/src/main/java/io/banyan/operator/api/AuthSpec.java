package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may talk to the nodes: the {@code default} user's password (from {@code secretName}, or from
 * the Secret {@code <cluster>-auth} the operator generates when none is named) and the application
 * users declared here, each with its own password Secret and ACL rules.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthSpec {
  @JsonPropertyDescription(
      "Secret holding the default user's password; absent: the operator generates <cluster>-auth.")
  @Pattern("^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$")
  public String secretName;

  @JsonPropertyDescription("Key of the password in the Secret.")
  @Default("password")
  public String key = "password";

  @JsonPropertyDescription(
      "After a password change reached every node, how long the old password keeps opening"
          + " connections while the applications switch to the new one.")
  @io.fabric8.generator.annotation.Min(0)
  @io.fabric8.generator.annotation.Max(86400)
  @Default("300")
  public Integer switchGraceSeconds = 300;

  @JsonPropertyDescription(
      "Application users: each gets its rules (Redis 7.0 ACL syntax, without passwords) and the"
          + " password its Secret holds.")
  @Size(max = 64)
  public List<AuthUser> users = new ArrayList<>();

  /** One application user of {@code spec.auth.users}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AuthUser {
    @JsonPropertyDescription("The user name clients give to AUTH.")
    public String name;

    @JsonPropertyDescription(
        "ACL rules as in ACL SETUSER, separated by spaces, e.g. '~app:* +@read +@write'.")
    public String rules;

    @JsonPropertyDescription("The Secret key holding the user's password.")
    public SecretKeyRef passwordSecret;
  }
}
