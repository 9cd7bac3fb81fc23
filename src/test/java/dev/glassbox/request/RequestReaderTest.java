package dev.glassbox.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.castore.SymlinkTarget;
import dev.glassbox.castore.ingest.Ingester;
import dev.glassbox.castore.memory.InMemoryBlobStore;
import dev.glassbox.castore.memory.InMemoryDirectoryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON request format: reading, type errors with field paths, Glassbox's rules, writing. */
class RequestReaderTest {
  private static final String ZERO_HEX = "00".repeat(32);
  private final RequestReader reader =
      new RequestReader(new RequestValidator(RequestTestData.X86_64_HOST, null));

  @TempDir Path tmp;

  @Test
  void readsTheBaseRequest() throws Exception {
    BuildRequest r = reader.parse(RequestTestData.baseRequest().toString(), tmp, null);
    assertThat(r.inputs()).hasSize(2);
    NamedNode aaa = r.inputs().get(0);
    assertThat(aaa.name()).isEqualTo(PathComponent.of("aaa"));
    assertThat(aaa.node()).isEqualTo(new FileNode(Digest.of(new byte[32]), 1, false));
    assertThat(r.inputs().get(1).node()).isEqualTo(new DirectoryNode(Digest.of(new byte[32]), 0));
    assertThat(r.commandArgs()).containsExactly("/bin/sh", "-c", "true");
    assertThat(r.workingDir()).isEqualTo("build");
    assertThat(r.scratchPaths()).containsExactly("build", "nix/store");
    assertThat(r.inputsDir()).isEqualTo("nix/store");
    assertThat(r.outputs()).containsExactly("nix/store/out1");
    assertThat(r.environmentVars()).containsExactly(new EnvVar("A", "1"), new EnvVar("B", "2"));
    assertThat(r.constraints()).contains(new BuildConstraints("x86_64-linux", 0, List.of(), false, false));
  }

  @Test
  void omittedFieldsTakeProtoDefaults() throws Exception {
    BuildRequest r = reader.parse("{}", tmp, null);
    assertThat(r.inputs()).isEmpty();
    assertThat(r.commandArgs()).isEmpty();
    assertThat(r.workingDir()).isEmpty();
    assertThat(r.inputsDir()).isEmpty();
    assertThat(r.constraints()).isEmpty();
    assertThat(r.refscanNeedles()).isEmpty();
    assertThat(reader.parse("{\"constraints\": null, \"outputs\": null}", tmp, null).constraints()).isEmpty();
  }

  @Test
  void acceptsDigestsAsB3OrHex() throws Exception {
    Digest d = Digest.ofContents("hello".getBytes(StandardCharsets.UTF_8));
    String viaB3 = "{\"inputs\":[{\"name\":\"a\",\"type\":\"file\",\"digest\":\"" + d + "\",\"size\":5}]}";
    String viaHex =
        "{\"inputs\":[{\"name\":\"a\",\"type\":\"file\",\"digest\":\"" + d.hex().toUpperCase() + "\",\"size\":5}]}";
    assertThat(reader.parse(viaB3, tmp, null)).isEqualTo(reader.parse(viaHex, tmp, null));
    assertThat(((FileNode) reader.parse(viaB3, tmp, null).inputs().get(0).node()).digest()).isEqualTo(d);
  }

  @Test
  void readsAllInputKindsAndBinaryAdditionalFiles() throws Exception {
    String json =
        """
        {"inputs": [
           {"name": "a-dir", "type": "directory", "digest": "%s", "size": 18446744073709551615},
           {"name": "b-file", "type": "file", "digest": "%s", "size": 3, "executable": true},
           {"name": "c-link", "type": "symlink", "target": "/nix/store/x"}],
         "scratchPaths": ["build"],
         "additionalFiles": [
           {"path": "build/a.bin", "contentsBase64": "AP+A"},
           {"path": "build/b.txt", "contents": "héllo"}]}
        """
            .formatted(ZERO_HEX, ZERO_HEX);
    BuildRequest r = reader.parse(json, tmp, null);
    assertThat(r.inputs().get(0).node()).isEqualTo(new DirectoryNode(Digest.of(new byte[32]), -1L));
    assertThat(r.inputs().get(1).node()).isEqualTo(new FileNode(Digest.of(new byte[32]), 3, true));
    assertThat(r.inputs().get(2).node()).isEqualTo(new SymlinkNode(SymlinkTarget.of("/nix/store/x")));
    assertThat(r.additionalFiles().get(0).contents()).containsExactly(0, 0xff, 0x80);
    assertThat(r.additionalFiles().get(1).contents()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void syntaxErrorsAreOneViolationWithTheirPosition() {
    List<Violation> v = violations("{\"workingDir\": \"build\",\n \"outputs\": [}");
    assertThat(v).hasSize(1);
    assertThat(v.get(0).kind()).isEqualTo("MalformedJson");
    assertThat(v.get(0).message()).contains("line 2").doesNotContain("com.fasterxml");
    assertThat(violations("{\"a\":1,\"a\":2}").get(0).kind()).isEqualTo("MalformedJson");
    assertThat(violations("").get(0).message()).contains("empty");
    assertThat(violations("[1]").get(0).kind()).isEqualTo("WrongType");
  }

  @Test
  void typeErrorsAreReportedWithFieldPathsAndAllAtOnce() {
    String json =
        """
        {"inputs": [
           {"name": "a", "type": "file", "digest": "%s", "size": 1},
           {"name": "b", "type": "file", "digest": "%s", "size": -1},
           {"name": "c", "type": "file", "digest": "xyz", "size": 1},
           {"name": "d", "type": "socket"},
           {"name": "e", "type": "symlink", "target": "t", "digest": "%s"},
           "f"],
         "commandArgs": "sh -c true",
         "workingDir": 5,
         "scratch_paths": ["build"],
         "environmentVars": [{"key": "A", "value": 1}],
         "constraints": {"system": "x86_64-linux", "networkAccess": "yes", "mem": 1},
         "additionalFiles": [{"path": "build/x", "contents": "a", "contentsBase64": "YQ=="},
                             {"path": "build/y", "contentsBase64": "not base64!"}],
         "refscanNeedles": [1]}
        """
            .formatted(ZERO_HEX, ZERO_HEX, ZERO_HEX);
    List<Violation> v = violations(json);
    assertThat(v)
        .extracting(Violation::field, Violation::kind)
        .contains(
            tuple("inputs[1].size", "BadValue"),
            tuple("inputs[2].digest", "BadValue"),
            tuple("inputs[3].type", "BadValue"),
            tuple("inputs[4].digest", "UnknownField"),
            tuple("inputs[5]", "WrongType"),
            tuple("commandArgs", "WrongType"),
            tuple("workingDir", "WrongType"),
            tuple("scratch_paths", "UnknownField"),
            tuple("environmentVars[0].value", "WrongType"),
            tuple("constraints.networkAccess", "WrongType"),
            tuple("constraints.mem", "UnknownField"),
            tuple("additionalFiles[0]", "BadValue"),
            tuple("additionalFiles[1].contentsBase64", "BadValue"),
            tuple("refscanNeedles[0]", "WrongType"));
    Violation digest = v.stream().filter(x -> x.field().equals("inputs[2].digest")).findFirst().orElseThrow();
    assertThat(digest.toString()).startsWith("inputs[2].digest: 'xyz' is not a digest");
    Violation typo = v.stream().filter(x -> x.field().equals("scratch_paths")).findFirst().orElseThrow();
    assertThat(typo.message()).contains("did you mean \"scratchPaths\"");
    // Broken parts are not reported a second time by the rules (no InvalidInputNode for c).
    assertThat(v).extracting(Violation::kindName).doesNotContain("InvalidInputNode", "InvalidWorkingDir");
  }

  @Test
  void typeErrorsComeBeforeRuleViolations() {
    List<Violation> v = violations("{\"workingDir\": \"/abs\", \"outputs\": [\"x\", 3]}");
    assertThat(v)
        .extracting(Violation::kind)
        .containsExactly("WrongType", "InvalidWorkingDir", "OutputNotInScratchPath(0)");
  }

  @Test
  void outputsAndAdditionalFilesMustLieInAScratchPath() {
    String json =
        """
        {"scratchPaths": ["build", "nix/store"],
         "outputs": ["nix/sto/b", "nix/store/a", "out"],
         "additionalFiles": [{"path": "build", "contents": ""}, {"path": "build/x", "contents": ""},
                             {"path": "etc/passwd", "contents": ""}]}
        """;
    List<Violation> v = violations(json);
    assertThat(v)
        .extracting(Violation::field, Violation::kind)
        .containsExactly(
            tuple("outputs[0]", "OutputNotInScratchPath(0)"),
            tuple("outputs[2]", "OutputNotInScratchPath(2)"),
            tuple("additionalFiles[0].path", "AdditionalFileNotInScratchPath(0)"),
            tuple("additionalFiles[2].path", "AdditionalFileNotInScratchPath(2)"));
    assertThat(v.get(0).message()).contains("'nix/sto/b' lies under no scratch path").contains("e.g. 'nix'");
    assertThat(v.get(2).message()).contains("is the scratch path itself");
  }

  @Test
  void envNulAndNeedleRulesAreGlassboxsAndComeAfterTvixRules() {
    String json =
        """
        {"environmentVars": [{"key": "B", "value": "x\\u0000y"}, {"key": "A=", "value": ""}],
         "refscanNeedles": ["ab", "x", ""]}
        """;
    assertThat(violations(json))
        .extracting(Violation::field, Violation::kind)
        .containsExactly(
            tuple("environmentVars[1].key", "InvalidEnvVar(1)"),
            tuple("environmentVars[1].key", "EnvVarNotSorted"),
            tuple("environmentVars[0].value", "EnvVarContainsNul(0)"),
            tuple("refscanNeedles[1]", "RefscanNeedleTooShort(1)"),
            tuple("refscanNeedles[2]", "RefscanNeedleTooShort(2)"));
  }

  @Test
  void tooManyNeedlesIsOneViolation() {
    ObjectNode r = RequestTestData.JSON.createObjectNode();
    var needles = r.putArray("refscanNeedles");
    for (int i = 0; i < 65_536; i++) {
      needles.add(String.format("n%07d", i));
    }
    assertThat(violations(r.toString()))
        .extracting(Violation::kind)
        .containsExactly("TooManyRefscanNeedles");
  }

  @Test
  void loneSurrogatesAndNonUtf8NamesAreRejected() {
    String json =
        """
        {"inputs": [{"name": "a\\ud800", "type": "symlink", "target": "t"}],
         "environmentVars": [{"key": "K", "value": "\\udc00"}],
         "workingDir": "w\\ud800",
         "additionalFiles": [{"path": "x", "contents": "\\ud800"}]}
        """;
    assertThat(violations(json))
        .extracting(Violation::field, Violation::kind)
        .containsExactly(
            tuple("additionalFiles[0].contents", "BadValue"),
            tuple("inputs[0].name", "InputNameNotUtf8(0)"),
            tuple("workingDir", "NotUnicode"),
            tuple("environmentVars[0].value", "EnvVarNotUtf8(0)"));
  }

  @Test
  void pathsWithNulAreRejected() {
    assertThat(violations("{\"scratchPaths\": [\"bu\\u0000ild\"]}"))
        .extracting(Violation::field, Violation::kind)
        .containsExactly(tuple("scratchPaths[0]", "PathContainsNul"));
  }

  @Test
  void systemAndMemoryAreCheckedAgainstTheHost() {
    RequestReader small = new RequestReader(new RequestValidator(new HostFacts("x86_64-linux", 1L << 30), null));
    String json = "{\"constraints\": {\"system\": \"aarch64-linux\", \"minMemory\": 4294967296}}";
    InvalidBuildRequestException e =
        catchThrowableOfType(InvalidBuildRequestException.class, () -> small.parse(json, tmp, null));
    assertThat(e.violations())
        .extracting(Violation::field, Violation::kind)
        .containsExactly(
            tuple("constraints.system", "UnsupportedSystem"),
            tuple("constraints.minMemory", "InsufficientMemory"));
    assertThat(e.violations().get(0).message())
        .isEqualTo(
            "the build needs a 'aarch64-linux' machine but this one is 'x86_64-linux'; run it on a"
                + " matching machine or correct constraints.system");
    assertThat(e.violations().get(1).message()).contains("4.0 GiB").contains("1.0 GiB");
    // Without host facts the same request is fine.
    RequestReader anywhere = new RequestReader(RequestValidator.hostIndependent());
    assertThatCode(() -> anywhere.parse(json, tmp, null)).doesNotThrowAnyException();
  }

  @Test
  void hostSystemNames() {
    assertThat(HostFacts.systemOf("amd64", "Linux")).isEqualTo("x86_64-linux");
    assertThat(HostFacts.systemOf("aarch64", "Linux")).isEqualTo("aarch64-linux");
    assertThat(HostFacts.systemOf("arm64", "Mac OS X")).isEqualTo("aarch64-mac_os_x");
    HostFacts here = HostFacts.detect();
    assertThat(here.physicalMemory()).isPositive();
  }

  @Test
  void inputsMustBeInTheStoreUnlessTheCheckIsOff() throws Exception {
    Castore store = new Castore(new InMemoryBlobStore(), new InMemoryDirectoryStore());
    Digest present = store.blobs().put("hi".getBytes(StandardCharsets.UTF_8));
    Digest absent = Digest.ofContents("nope".getBytes(StandardCharsets.UTF_8));
    String json =
        """
        {"inputs": [{"name": "a", "type": "file", "digest": "%s", "size": 2},
                    {"name": "b", "type": "file", "digest": "%s", "size": 4},
                    {"name": "c", "type": "directory", "digest": "%s", "size": 0},
                    {"name": "d", "type": "symlink", "target": "a"}]}
        """
            .formatted(present, absent, absent);
    RequestReader checking = new RequestReader(new RequestValidator(null, store));
    InvalidBuildRequestException e =
        catchThrowableOfType(InvalidBuildRequestException.class, () -> checking.parse(json, tmp, null));
    assertThat(e.violations())
        .extracting(Violation::field, Violation::kind)
        .containsExactly(
            tuple("inputs[1].digest", "InputNotInStore(1)"),
            tuple("inputs[2].digest", "InputNotInStore(2)"));
    assertThat(e.violations().get(0).message()).contains("--no-store-check");
    assertThat(reader.parse(json, tmp, null).inputs()).hasSize(4);
  }

  @Test
  void hostPathInputsAreImportedRelativeToTheRequestFile() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Path src = Files.createDirectories(project.resolve("src"));
    Files.writeString(src.resolve("main.c"), "int main(){}");
    Files.writeString(project.resolve("script.sh"), "echo hi");
    Path requestFile = project.resolve("request.json");
    Files.writeString(
        requestFile,
        """
        {"inputs": [{"name": "script", "path": "script.sh"}, {"name": "src", "path": "./src"}],
         "commandArgs": ["/bin/sh", "-c", "true"], "scratchPaths": ["build"], "outputs": ["build"]}
        """);
    Castore store = new Castore(new InMemoryBlobStore(), new InMemoryDirectoryStore());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Ingester ingester = new Ingester(store, pool);
      BuildRequest r =
          new RequestReader(new RequestValidator(null, store)).read(requestFile, ingester::ingest);
      assertThat(r.inputs()).extracting(n -> n.name().toString()).containsExactly("script", "src");
      assertThat(r.inputs().get(0).node())
          .isEqualTo(new FileNode(Digest.ofContents("echo hi".getBytes(StandardCharsets.UTF_8)), 7, false));
      Node srcNode = r.inputs().get(1).node();
      assertThat(srcNode).isInstanceOf(DirectoryNode.class);
      assertThat(store.isComplete(srcNode)).isTrue();
      // The resolved request holds digests only and reads back equal.
      String written = RequestWriter.toJson(r);
      assertThat(written).doesNotContain("\"path\"").contains("\"digest\": \"b3:");
      assertThat(new RequestReader(new RequestValidator(null, store)).parse(written, tmp, null)).isEqualTo(r);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void hostPathProblemsAreViolations() throws Exception {
    String json =
        "{\"inputs\": [{\"name\": \"gone\", \"path\": \"does-not-exist\"},"
            + " {\"name\": \"x\", \"path\": \"a\", \"type\": \"file\"}]}";
    Castore store = new Castore(new InMemoryBlobStore(), new InMemoryDirectoryStore());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Ingester ingester = new Ingester(store, pool);
      InvalidBuildRequestException e =
          catchThrowableOfType(InvalidBuildRequestException.class, 
              () -> reader.parse(json, tmp, ingester::ingest));
      assertThat(e.violations())
          .extracting(Violation::field, Violation::kind)
          .containsExactly(tuple("inputs[0].path", "InputImportFailed"), tuple("inputs[1].type", "UnknownField"));
      assertThat(e.violations().get(0).message()).contains(tmp.resolve("does-not-exist").toString());
    } finally {
      pool.shutdownNow();
    }
    assertThat(violations("{\"inputs\": [{\"name\": \"a\", \"path\": \"x\"}]}").get(0).message())
        .contains("no store to import into");
  }

  @Test
  void writesPrettyStableJsonThatReadsBackEqual() throws Exception {
    BuildRequest r =
        BuildRequest.builder()
            .input(new NamedNode(PathComponent.of("a"), new DirectoryNode(Digest.of(new byte[32]), -2L)))
            .input(new NamedNode(PathComponent.of("b"), new SymlinkNode(SymlinkTarget.of("../a"))))
            .commandArgs("/bin/sh", "-c", "echo hi > $out")
            .workingDir("build")
            .scratchPath("build")
            .scratchPath("nix/store")
            .inputsDir("nix/store")
            .output("nix/store/out")
            .env("out", "/nix/store/out")
            .constraints(new BuildConstraints("x86_64-linux", 1 << 20, List.of("/dev/kvm"), true, true))
            .additionalFile("build/bin", new byte[] {0, (byte) 0xff})
            .additionalFile("build/text", "hello\n".getBytes(StandardCharsets.UTF_8))
            .refscanNeedle("fhaj6gmwns62s6ypkcldbaj2ybvkhx3p")
            .build();
    String json = RequestWriter.toJson(r);
    assertThat(json)
        .startsWith("{\n  \"inputs\": [\n    {\n      \"name\": \"a\",\n      \"type\": \"directory\"")
        .contains("\"size\": 18446744073709551614")
        .contains("\"contentsBase64\": \"AP8=\"")
        .contains("\"contents\": \"hello\\n\"")
        .endsWith("}\n");
    assertThat(fieldOrder(json))
        .containsExactly(
            "inputs", "commandArgs", "workingDir", "scratchPaths", "inputsDir", "outputs",
            "environmentVars", "constraints", "additionalFiles", "refscanNeedles");
    assertThat(reader.parse(json, tmp, null)).isEqualTo(r);
    Path file = tmp.resolve("resolved.json");
    RequestWriter.write(r, file);
    assertThat(reader.read(file, null)).isEqualTo(r);
    assertThat(RequestWriter.toJson(reader.read(file, null))).isEqualTo(json);
  }

  @Test
  void theModelRejectsInvalidValues() {
    assertThatThrownBy(() -> BuildRequest.builder().workingDir("/abs").output("x").build())
        .isInstanceOf(InvalidBuildRequestException.class)
        .hasMessageContaining("workingDir: the working directory '/abs'")
        .hasMessageContaining("outputs[0]: 'x' lies under no scratch path");
    assertThatThrownBy(
            () ->
                new BuildRequest(
                    List.of(), List.of(), "", List.of(), "", List.of(), List.of(new EnvVar("", "v")),
                    Optional.empty(), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("environmentVars[0].key");
    assertThatThrownBy(
            () ->
                BuildRequest.builder()
                    .input(new NamedNode(PathComponent.of("b"), new SymlinkNode(SymlinkTarget.of("x"))))
                    .input(new NamedNode(PathComponent.of("a"), new SymlinkNode(SymlinkTarget.of("x"))))
                    .build())
        .isInstanceOf(InvalidBuildRequestException.class)
        .hasMessageContaining("inputs[1].name: 'a' is listed after 'b'");
  }

  @Test
  void aRecordedRequestCanBeRecheckedOnAnotherHost() throws Exception {
    BuildRequest r =
        BuildRequest.builder().constraints(new BuildConstraints("aarch64-linux", 0, List.of(), false, false)).build();
    RequestValidator here = new RequestValidator(RequestTestData.X86_64_HOST, null);
    assertThat(here.check(r)).extracting(Violation::kind).containsExactly("UnsupportedSystem");
    assertThatThrownBy(() -> here.validate(r)).isInstanceOf(InvalidBuildRequestException.class);
  }

  private List<Violation> violations(String json) {
    InvalidBuildRequestException e =
        catchThrowableOfType(InvalidBuildRequestException.class, () -> reader.parse(json, tmp, null));
    assertThat(e).as("expected %s to be invalid", json).isNotNull();
    return e.violations();
  }

  private static List<String> fieldOrder(String json) throws Exception {
    List<String> names = new java.util.ArrayList<>();
    RequestTestData.JSON.readTree(json).fieldNames().forEachRemaining(names::add);
    return names;
  }
}
