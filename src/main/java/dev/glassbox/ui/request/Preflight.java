package dev.glassbox.ui.request;

import dev.glassbox.ui.request.Issue.Fix;
import dev.glassbox.ui.request.RequestForm.EnvEntry;
import dev.glassbox.ui.request.RequestForm.FileEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pre-flight warnings: requests the validator accepts but that will most likely fail in the
 * sandbox, because its root holds nothing but the inputs, the scratch paths, the read-only host
 * paths and, with {@code provideBinSh}, a busybox at {@code /bin/sh}; there is no {@code PATH} and,
 * without network access, only {@code lo}.
 */
final class Preflight {
  private static final Set<String> SHELLS =
      Set.of("sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "csh", "tcsh", "busybox");
  private static final Pattern URL =
      Pattern.compile("\\b(?:https?|ftps?|git|ssh|rsync|s3)://[^\\s'\"<>]+");
  private static final Pattern NETWORK_TOOL =
      Pattern.compile(
          "(?<![\\w./-])(?:[\\w./-]*/)?(curl|wget|nslookup|ping|git\\s+(?:clone|fetch|pull)"
              + "|apt-get\\s+(?:install|update)|apk\\s+add|pip3?\\s+install|npm\\s+(?:install|ci)"
              + "|go\\s+get|cargo\\s+fetch)\\b");

  private Preflight() {}

  static List<Issue> check(RequestForm f) {
    List<Issue> out = new ArrayList<>();
    program(f, out);
    network(f, out);
    danglingInputReferences(f, out);
    return out;
  }

  /** The program must exist in the sandbox: by absolute path, under an input, a host path or /bin/sh. */
  private static void program(RequestForm f, List<Issue> out) {
    if (f.commandArgs().isEmpty()) {
      return;
    }
    String program = f.commandArgs().get(0);
    if (program.isEmpty()) {
      return;
    }
    String base = program.substring(program.lastIndexOf('/') + 1);
    boolean shell = SHELLS.contains(base);
    boolean binSh = f.constraints().provideBinSh();
    if (!program.startsWith("/")) {
      out.add(
          Issue.warning(
              "commandArgs[0]",
              "'"
                  + program
                  + "' is not an absolute path, and the sandbox has no PATH to look it up in; give"
                  + " the full path"
                  + (shell ? ", e.g. /bin/sh with the sandbox shell turned on" : " inside an input"),
              shell ? useSandboxShell() : null));
      return;
    }
    if (program.equals("/bin/sh") && binSh) {
      return;
    }
    if (providedByInput(f, program) || underHostPath(f, program) || writtenAsFile(f, program)) {
      return;
    }
    if (program.equals("/bin/sh")) {
      out.add(
          Issue.warning(
              "commandArgs[0]",
              "/bin/sh is not in the sandbox because the sandbox shell (provideBinSh) is off; turn"
                  + " it on or run a shell from an input",
              new Fix("Turn on /bin/sh", r -> r.withConstraints(c -> c.withProvideBinSh(true)))));
      return;
    }
    out.add(
        Issue.warning(
            "commandArgs[0]",
            "'"
                + program
                + "' is not in the sandbox: it is neither an input"
                + (shell ? " nor the sandbox shell (only /bin/sh is provided, by provideBinSh)" : "")
                + " nor under a read-only host path; "
                + (shell
                    ? "use /bin/sh or add the shell as an input and give its path under /"
                        + inputsRoot(f)
                    : "add it as an input and give its path under /" + inputsRoot(f)),
            shell ? useSandboxShell() : null));
  }

  private static Fix useSandboxShell() {
    return new Fix(
        "Use /bin/sh",
        r -> {
          List<String> args = new ArrayList<>(r.commandArgs());
          args.set(0, "/bin/sh");
          return r.withCommandArgs(args).withConstraints(c -> c.withProvideBinSh(true));
        });
  }

  private static String inputsRoot(RequestForm f) {
    return f.inputsDir().isEmpty() ? "" : f.inputsDir() + "/";
  }

  private static boolean providedByInput(RequestForm f, String path) {
    String prefix = "/" + inputsRoot(f);
    if (!path.startsWith(prefix)) {
      return false;
    }
    String rest = path.substring(prefix.length());
    String name = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
    return f.inputNames().contains(name);
  }

  private static boolean underHostPath(RequestForm f, String path) {
    for (String ro : f.constraints().availableRoPaths()) {
      if (path.equals(ro) || path.startsWith(ro.endsWith("/") ? ro : ro + "/")) {
        return true;
      }
    }
    return false;
  }

  private static boolean writtenAsFile(RequestForm f, String path) {
    for (FileEntry e : f.additionalFiles()) {
      if (("/" + e.path()).equals(path)) {
        return true;
      }
    }
    return false;
  }

  /** A URL or a download tool with the network off fails at the first connection. */
  private static void network(RequestForm f, List<Issue> out) {
    if (f.constraints().networkAccess()) {
      return;
    }
    Fix turnOn = new Fix("Turn on network", r -> r.withConstraints(c -> c.withNetworkAccess(true)));
    for (int i = 0; i < f.commandArgs().size(); i++) {
      String what = networkUse(f.commandArgs().get(i));
      if (what != null) {
        out.add(
            Issue.warning(
                "commandArgs[" + i + "]",
                "the command uses "
                    + what
                    + " but network access is off, so the sandbox has only lo and no DNS; turn on"
                    + " network access or give what it downloads as an input",
                turnOn));
        return;
      }
    }
  }

  private static String networkUse(String arg) {
    Matcher url = URL.matcher(arg);
    if (url.find()) {
      return "the URL " + shorten(url.group());
    }
    Matcher tool = NETWORK_TOOL.matcher(arg);
    if (tool.find()) {
      return "'" + tool.group(1).replaceAll("\\s+", " ") + "'";
    }
    return null;
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "…";
  }

  /**
   * Paths into the inputs directory that name no input (a typo, or an input that was renamed)
   * find nothing at run time. Names of outputs and additional files there are fine: the build
   * writes them.
   */
  private static void danglingInputReferences(RequestForm f, List<Issue> out) {
    if (f.inputsDir().isEmpty()) {
      return;
    }
    Pattern ref =
        Pattern.compile(
            "(?<![\\w.-])/" + Pattern.quote(f.inputsDir()) + "/([^/\\s:;'\"$(){}\\[\\],|&<>`*?]+)");
    Set<String> known = new HashSet<>(f.inputNames());
    String dirPrefix = f.inputsDir() + "/";
    for (String o : f.outputs()) {
      addFirstComponent(known, o, dirPrefix);
    }
    for (FileEntry e : f.additionalFiles()) {
      addFirstComponent(known, e.path(), dirPrefix);
    }
    for (int i = 0; i < f.environmentVars().size(); i++) {
      EnvEntry e = f.environmentVars().get(i);
      String name = dangling(ref, e.value(), known);
      if (name != null) {
        out.add(
            Issue.warning(
                "environmentVars[" + i + "].value",
                "$"
                    + e.key()
                    + " points at /"
                    + dirPrefix
                    + name
                    + ", but there is no input named '"
                    + name
                    + "'"
                    + suggestion(f, name),
                renameFix(f, "environmentVars[" + i + "].value", e.value(), name)));
      }
    }
    for (int i = 0; i < f.commandArgs().size(); i++) {
      String arg = f.commandArgs().get(i);
      String name = dangling(ref, arg, known);
      if (name != null) {
        out.add(
            Issue.warning(
                "commandArgs[" + i + "]",
                "the command refers to /"
                    + dirPrefix
                    + name
                    + ", but there is no input named '"
                    + name
                    + "'"
                    + suggestion(f, name),
                renameFix(f, "commandArgs[" + i + "]", arg, name)));
      }
    }
  }

  private static void addFirstComponent(Set<String> known, String path, String dirPrefix) {
    if (path.startsWith(dirPrefix)) {
      String rest = path.substring(dirPrefix.length());
      known.add(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest);
    }
  }

  private static String dangling(Pattern ref, String value, Set<String> known) {
    Matcher m = ref.matcher(value);
    while (m.find()) {
      if (!known.contains(m.group(1))) {
        return m.group(1);
      }
    }
    return null;
  }

  /** The one input whose name is a small typo away, if there is exactly one. */
  private static String closestInput(RequestForm f, String name) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    boolean tie = false;
    for (String n : f.inputNames()) {
      int d = Text.distance(n, name);
      if (d < bestDistance) {
        best = n;
        bestDistance = d;
        tie = false;
      } else if (d == bestDistance) {
        tie = true;
      }
    }
    return best != null && !tie && bestDistance <= 2 ? best : null;
  }

  private static String suggestion(RequestForm f, String name) {
    String close = closestInput(f, name);
    return close == null ? "; add it as an input or correct the path" : "; did you mean '" + close + "'?";
  }

  private static Fix renameFix(RequestForm f, String field, String value, String name) {
    String close = closestInput(f, name);
    if (close == null) {
      return null;
    }
    // Only whole names: /nix/store/srcc becomes /nix/store/src, /nix/store/srcc2 stays.
    String fixed =
        value.replaceAll(
            "(?<![\\w.-])" + Pattern.quote("/" + f.inputsDir() + "/" + name) + "(?=$|[/\\s:;'\"$(){}\\[\\],|&<>`*?])",
            Matcher.quoteReplacement("/" + f.inputsDir() + "/" + close));
    return new Fix("Use '" + close + "'", r -> FormEdits.setText(r, field, fixed));
  }
}
