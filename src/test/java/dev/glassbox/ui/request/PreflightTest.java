package dev.glassbox.ui.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.ui.request.RequestForm.EnvEntry;
import dev.glassbox.ui.request.RequestForm.HostInput;
import dev.glassbox.ui.request.RequestForm.InputEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Pre-flight warnings: likely mistakes the validator accepts. */
class PreflightTest {
  static RequestForm base() {
    return RequestForm.template("x86_64-linux", new Random(7));
  }

  static RequestForm command(RequestForm f, String... args) {
    return f.withCommandArgs(List.of(args));
  }

  @Test
  void bashWithoutItAsAnInputIsWarnedAboutAndTheFixUsesTheSandboxShell() {
    RequestForm f = command(base(), "/bin/bash", "-c", "echo hi").withConstraints(c -> c.withProvideBinSh(false));
    List<Issue> w = Preflight.check(f);
    assertThat(w).extracting(Issue::field).containsExactly("commandArgs[0]");
    assertThat(w.get(0).severity()).isEqualTo(Issue.Severity.WARNING);
    assertThat(w.get(0).message()).startsWith("'/bin/bash' is not in the sandbox: it is neither an input nor the sandbox shell");
    RequestForm fixed = w.get(0).fix().orElseThrow().apply().apply(f);
    assertThat(fixed.commandArgs()).containsExactly("/bin/sh", "-c", "echo hi");
    assertThat(fixed.constraints().provideBinSh()).isTrue();
    assertThat(Preflight.check(fixed)).isEmpty();
  }

  @Test
  void bashIsNotProvidedByTheSandboxShellEither() {
    RequestForm f = command(base(), "/bin/bash", "-c", "true").withConstraints(c -> c.withProvideBinSh(true));
    assertThat(Preflight.check(f)).extracting(Issue::field).containsExactly("commandArgs[0]");
  }

  @Test
  void binShNeedsTheSandboxShellTurnedOn() {
    RequestForm f = command(base(), "/bin/sh", "-c", "true").withConstraints(c -> c.withProvideBinSh(false));
    List<Issue> w = Preflight.check(f);
    assertThat(w.get(0).message()).startsWith("/bin/sh is not in the sandbox");
    assertThat(w.get(0).fix().orElseThrow().label()).isEqualTo("Turn on /bin/sh");
    assertThat(Preflight.check(w.get(0).fix().get().apply().apply(f))).isEmpty();
  }

  @Test
  void aShellFromAnInputOrAReadOnlyHostPathIsFine() {
    RequestForm fromInput = command(base(), "/nix/store/bash/bin/bash", "-c", "true")
        .withInputs(List.of(new InputEntry("bash", new HostInput("/usr"))))
        .withConstraints(c -> c.withProvideBinSh(false));
    assertThat(Preflight.check(fromInput)).isEmpty();
    RequestForm fromHost = command(base(), "/usr/bin/bash", "-c", "true")
        .withConstraints(c -> c.withAvailableRoPaths(List.of("/usr")));
    assertThat(Preflight.check(fromHost)).isEmpty();
  }

  @Test
  void aProgramWithoutASlashHasNoPathToBeFoundIn() {
    List<Issue> w = Preflight.check(command(base(), "bash", "-c", "true"));
    assertThat(w.get(0).message()).contains("not an absolute path").contains("no PATH");
    assertThat(w.get(0).fix().orElseThrow().label()).isEqualTo("Use /bin/sh");
    List<Issue> python = Preflight.check(command(base(), "python3", "x.py"));
    assertThat(python.get(0).fix()).isEmpty();
  }

  @Test
  void aUrlOrADownloadToolWithTheNetworkOffIsWarnedAbout() {
    RequestForm url = command(base(), "/bin/sh", "-c", "wget -O $out https://example.org/src.tar.gz");
    List<Issue> w = Preflight.check(url);
    assertThat(w).extracting(Issue::field).containsExactly("commandArgs[2]");
    assertThat(w.get(0).message()).contains("the URL https://example.org/src.tar.gz").contains("network access is off");
    RequestForm on = w.get(0).fix().orElseThrow().apply().apply(url);
    assertThat(on.constraints().networkAccess()).isTrue();
    assertThat(Preflight.check(on)).isEmpty();

    assertThat(Preflight.check(command(base(), "/bin/sh", "-c", "/usr/bin/curl example.org")).get(0).message()).contains("'curl'");
    assertThat(Preflight.check(command(base(), "/bin/sh", "-c", "echo libcurl-dev"))).isEmpty();
  }

  @Test
  void anEnvironmentVariablePointingAtAMissingInputIsWarnedAboutWithTheLikelyName() {
    RequestForm f = base()
        .withInputs(List.of(new InputEntry("src", new HostInput("/tmp/src"))))
        .withEnvironmentVars(List.of(new EnvEntry("PATH", "/nix/store/srcc/bin:/nix/store/src/sbin"), new EnvEntry("out", base().environmentVars().get(0).value())));
    List<Issue> w = Preflight.check(f);
    assertThat(w).extracting(Issue::field).containsExactly("environmentVars[0].value");
    assertThat(w.get(0).message()).isEqualTo("$PATH points at /nix/store/srcc, but there is no input named 'srcc'; did you mean 'src'?");
    RequestForm fixed = w.get(0).fix().orElseThrow().apply().apply(f);
    assertThat(fixed.environmentVars().get(0).value()).isEqualTo("/nix/store/src/bin:/nix/store/src/sbin");
    assertThat(Preflight.check(fixed)).isEmpty();
  }

  @Test
  void scriptPathsInTheCommandAreCheckedToo() {
    RequestForm f = command(base(), "/bin/sh", "/nix/store/source/build.sh");
    List<Issue> w = Preflight.check(f);
    assertThat(w).extracting(Issue::field).containsExactly("commandArgs[1]");
    assertThat(w.get(0).message()).endsWith("no input named 'source'; add it as an input or correct the path");
    assertThat(w.get(0).fix()).isEmpty();
  }

  @Test
  void theExamplesRaiseNoFalseAlarms() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(FormJsonTest.EXAMPLES)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path p : files) {
      List<Issue> w = Preflight.check(FormJson.parse(Files.readString(p)).form());
      if (p.getFileName().toString().equals("needs-network.json")) {
        assertThat(w).as(p.toString()).extracting(Issue::field).containsExactly("commandArgs[2]");
        assertThat(w.get(0).message()).contains("'nslookup'");
      } else {
        assertThat(w).as(p.toString()).isEmpty();
      }
    }
  }
}
