package io.banyan.operator.cli;

import io.banyan.operator.model.ManifestRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code render FILE}: prints every object the operator would create for the StoreCluster in FILE
 * ({@code -} reads standard input) as a YAML stream on standard output. Shared by {@code banyan
 * render} and a future kubectl plugin. Exit status: 0 rendered, 1 invalid or unreadable file (each
 * problem on standard error, naming its field), 2 bad command line.
 */
public final class RenderCommand {
  public static final String USAGE =
      "usage: banyan render FILE    print the objects the operator creates for a StoreCluster\n"
          + "                             file (- reads standard input), as YAML\n";

  private RenderCommand() {}

  public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
      out.print(USAGE);
      return 0;
    }
    if (args.length != 1) {
      err.println("error: expected one FILE, got " + args.length + " arguments");
      err.print(USAGE);
      return 2;
    }
    String file = args[0];
    String text;
    try {
      text =
          file.equals("-")
              ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(Path.of(file));
    } catch (NoSuchFileException e) {
      err.println("error: " + file + ": no such file");
      return 1;
    } catch (IOException e) {
      err.println("error: " + file + ": " + e.getMessage());
      return 1;
    }
    ManifestRenderer.Result result = ManifestRenderer.render(text);
    if (!result.valid()) {
      for (String error : result.errors()) {
        err.println(file + ": " + error);
      }
      return 1;
    }
    out.print(result.yaml());
    return 0;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }
}
