package dev.glassbox.ui.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glassbox.castore.Digest;
import dev.glassbox.castore.DirectoryNode;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.castore.PathComponent;
import dev.glassbox.castore.SymlinkNode;
import dev.glassbox.castore.SymlinkTarget;
import dev.glassbox.request.BuildConstraints;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.ui.request.FormJson.JsonProblem;
import dev.glassbox.ui.request.RequestForm.ConstraintsForm;
import dev.glassbox.ui.request.RequestForm.EnvEntry;
import dev.glassbox.ui.request.RequestForm.FileEntry;
import dev.glassbox.ui.request.RequestForm.HostInput;
import dev.glassbox.ui.request.RequestForm.InputEntry;
import dev.glassbox.ui.request.RequestForm.StoreInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Form ↔ JSON: the examples, the engine's reader, the writer's style, and what cannot be read. */
class FormJsonTest {
  static final Path EXAMPLES = Path.of("assets", "examples");

  static String example(String name) throws Exception {
    return Files.readString(EXAMPLES.resolve(name), StandardCharsets.UTF_8);
  }

  @Test
  void everyExampleReadsAndSurvivesARoundTripThroughTheWriter() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(6);
    for (Path p : files) {
      FormJson.Result r = FormJson.parse(Files.readString(p));
      assertThat(r.problems()).as(p.toString()).isEmpty();
      String written = FormJson.toJson(r.form());
      FormJson.Result again = FormJson.parse(written);
      assertThat(again.form()).as(p.toString()).isEqualTo(r.form());
      assertThat(FormJson.toJson(again.form())).isEqualTo(written);
    }
  }

  @Test
  void helloReadsIntoTheFormItDescribes() throws Exception {
    RequestForm f = FormJson.parse(example("hello.json")).form();
    assertThat(f.inputs()).containsExactly(new InputEntry("src", new HostInput("hello-src")));
    assertThat(f.commandArgs()).containsExactly("/bin/sh", "/nix/store/src/build.sh");
    assertThat(f.workingDir()).isEqualTo("build");
    assertThat(f.scratchPaths()).containsExactly("build", "nix/store");
    assertThat(f.inputsDir()).isEqualTo("nix/store");
    assertThat(f.environmentVars())
        .containsExactly(new EnvEntry("out", "/nix/store/fhaj6gmwns62s6ypkcldbaj2ybvkhx3p-hello"));
    assertThat(f.constraints()).isEqualTo(new ConstraintsForm(true, "x86_64-linux", "", List.of(), false, true));
  }

  @Test
  void theWriterKeepsTheStyleOfTheExamples() throws Exception {
    RequestForm f = FormJson.parse(example("hello.json")).form();
    assertThat(FormJson.toJson(f))
        .isEqualTo(
            "{\n"
                + "  \"inputs\": [\n"
                + "    { \"name\": \"src\", \"path\": \"hello-src\" }\n"
                + "  ],\n"
                + "  \"commandArgs\": [\"/bin/sh\", \"/nix/store/src/build.sh\"],\n"
                + "  \"workingDir\": \"build\",\n"
                + "  \"scratchPaths\": [\"build\", \"nix/store\"],\n"
                + "  \"inputsDir\": \"nix/store\",\n"
                + "  \"outputs\": [\"nix/store/fhaj6gmwns62s6ypkcldbaj2ybvkhx3p-hello\"],\n"
                + "  \"environmentVars\": [\n"
                + "    { \"key\": \"out\", \"value\": \"/nix/store/fhaj6gmwns62s6ypkcldbaj2ybvkhx3p-hello\" }\n"
                + "  ],\n"
                + "  \"constraints\": { \"system\": \"x86_64-linux\", \"networkAccess\": false, \"provideBinSh\": true }\n"
                + "}\n");
    assertThat(FormJson.toJson(RequestForm.empty())).isEqualTo("{}\n");
  }

  @Test
  void longListsBreakOneElementPerLine() {
    RequestForm f = RequestForm.empty().withCommandArgs(List.of("/bin/sh", "-c", "x".repeat(120)));
    assertThat(FormJson.toJson(f))
        .isEqualTo("{\n  \"commandArgs\": [\n    \"/bin/sh\",\n    \"-c\",\n    \"" + "x".repeat(120) + "\"\n  ]\n}\n");
  }

  @Test
  void aResolvedRequestWrittenByTheFormIsReadBackByTheEngineAsTheSameRequest() throws Exception {
    Digest d1 = Digest.ofContents("one".getBytes(StandardCharsets.UTF_8));
    Digest d2 = Digest.ofContents("two".getBytes(StandardCharsets.UTF_8));
    BuildRequest r =
        new BuildRequest(
            List.of(
                new NamedNode(PathComponent.of("dir"), new DirectoryNode(d1, 42)),
                new NamedNode(PathComponent.of("link"), new SymlinkNode(SymlinkTarget.of("dir/x"))),
                new NamedNode(PathComponent.of("tool"), new FileNode(d2, 3, true))),
            List.of("/nix/store/tool", "say \"hi\"\n", "ünïcödé ✓"),
            "build",
            List.of("build", "nix/store"),
            "nix/store",
            List.of("nix/store/out"),
            List.of(new dev.glassbox.request.EnvVar("A", "x=y"), new dev.glassbox.request.EnvVar("out", "/nix/store/out")),
            java.util.Optional.of(new BuildConstraints("x86_64-linux", -1L, List.of("/dev/kvm"), true, false)),
            List.of(
                new dev.glassbox.request.AdditionalFile("build/bin.dat", new byte[] {0, (byte) 0xff, 7}),
                new dev.glassbox.request.AdditionalFile("build/text.txt", "line\n\ttab".getBytes(StandardCharsets.UTF_8))),
            List.of("needle"));
    RequestForm f = RequestForm.of(r);
    assertThat(f.additionalFiles().get(0).base64()).isTrue();
    assertThat(f.constraints().minMemory()).isEqualTo("18446744073709551615");
    String json = FormJson.toJson(f);
    BuildRequest back = new RequestReader(RequestValidator.hostIndependent()).parse(json, null, null);
    assertThat(back).isEqualTo(r);
    assertThat(FormJson.parse(json).form()).isEqualTo(f);
  }

  @Test
  void aSyntaxErrorIsPlacedAtItsLineAndColumnAndGivesNoForm() {
    String text = "{\n  \"workingDir\": \"build\"\n  \"inputsDir\": \"x\"\n}";
    FormJson.Result r = FormJson.parse(text);
    assertThat(r.ok()).isFalse();
    assertThat(r.form()).isNull();
    JsonProblem p = r.problems().get(0);
    assertThat(p.message()).startsWith("Line 3, column 3: ");
    assertThat(p.start()).isEqualTo(text.indexOf("\"inputsDir\""));
  }

  @Test
  void emptyTextAndTrailingGarbageAreProblems() {
    assertThat(FormJson.parse("  \n").problems().get(0).message()).contains("the request is empty");
    FormJson.Result r = FormJson.parse("{} x");
    assertThat(r.ok()).isFalse();
    assertThat(r.problems().get(0).start()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void wrongTypesAndUnknownFieldsAreProblemsAtTheirValueOrKey() {
    String text = "{\"workingDir\": 5, \"scratch_paths\": [\"a\"], \"outputs\": [\"o\", true],"
        + " \"constraints\": {\"networkAccess\": \"yes\"}}";
    FormJson.Result r = FormJson.parse(text);
    assertThat(r.form()).isNull();
    assertThat(r.problems())
        .extracting(JsonProblem::field)
        .containsExactlyInAnyOrder("workingDir", "scratch_paths", "outputs[1]", "constraints.networkAccess");
    JsonProblem wd = r.problems().stream().filter(p -> p.field().equals("workingDir")).findFirst().orElseThrow();
    assertThat(text.substring(wd.start(), wd.end())).isEqualTo("5");
    JsonProblem key = r.problems().stream().filter(p -> p.field().equals("scratch_paths")).findFirst().orElseThrow();
    assertThat(text.substring(key.start(), key.end())).isEqualTo("\"scratch_paths\"");
    assertThat(key.message()).contains("did you mean \"scratchPaths\"");
  }

  @Test
  void inputsKeepTheirFieldsPerTypeAndHostPathsTakeNothingElse() {
    FormJson.Result r =
        FormJson.parse("{\"inputs\": [{\"name\": \"a\", \"path\": \"x\", \"size\": 1},"
            + " {\"name\": \"b\", \"type\": \"directory\", \"digest\": \"\", \"executable\": true}]}");
    assertThat(r.problems()).extracting(JsonProblem::field).containsExactly("inputs[0].size", "inputs[1].executable");
  }

  @Test
  void valuesTheValidatorReportsAreHeldByTheFormNotRejected() {
    String text = "{\"scratchPaths\": [\"z\", \"a\"], \"inputs\": [{\"name\": \"x\", \"type\": \"blob\","
        + " \"digest\": \"nope\"}], \"constraints\": {\"system\": \"\", \"minMemory\": \"lots\"},"
        + " \"additionalFiles\": [{\"path\": \"z/f\", \"contentsBase64\": \"AAE=\"}]}";
    RequestForm f = FormJson.parse(text).form();
    assertThat(f.scratchPaths()).containsExactly("z", "a");
    assertThat(f.inputs().get(0).source()).isEqualTo(new StoreInput("blob", "nope", 0, false, ""));
    assertThat(f.constraints()).isEqualTo(new ConstraintsForm(true, "", "lots", List.of(), false, false));
    assertThat(f.additionalFiles()).containsExactly(new FileEntry("z/f", "AAE=", true));
    assertThat(FormJson.parse(FormJson.toJson(f)).form()).isEqualTo(f);
  }

  @Test
  void absentAndEmptyConstraintsStayDifferent() {
    assertThat(FormJson.parse("{}").form().constraints().present()).isFalse();
    assertThat(FormJson.parse("{\"constraints\": null}").form().constraints().present()).isFalse();
    RequestForm present = FormJson.parse("{\"constraints\": {}}").form();
    assertThat(present.constraints().present()).isTrue();
    assertThat(FormJson.toJson(present)).contains("\"constraints\"");
  }

  @Test
  void templateFormsAreValidJsonWithAFreshOutputPath() {
    RequestForm a = RequestForm.template("x86_64-linux", new Random(1));
    RequestForm b = RequestForm.template("x86_64-linux", new Random(2));
    assertThat(a.outputs().get(0)).matches("nix/store/[0-9a-df-np-sv-z]{32}-result");
    assertThat(a.outputs()).isNotEqualTo(b.outputs());
    assertThat(FormJson.parse(FormJson.toJson(a)).form()).isEqualTo(a);
  }

  @Test
  void locateFindsTheValueOrTheNearestWrittenPart() {
    String text = "{\"inputs\": [{\"name\": \"a\", \"type\": \"file\", \"digest\": \"xyz\"}],\n"
        + " \"scratchPaths\": [\"b\", \"a\"], \"constraints\": {\"system\": \"\"}}";
    JsonTree.JValue root = FormJson.parse(text).tree();
    assertThat(span(text, root, "inputs[0].digest")).isEqualTo("\"xyz\"");
    assertThat(span(text, root, "scratchPaths[1]")).isEqualTo("\"a\"");
    assertThat(span(text, root, "constraints.system")).isEqualTo("\"\"");
    assertThat(span(text, root, "constraints")).isEqualTo("\"constraints\"");
    assertThat(span(text, root, "inputs[0].size")).startsWith("{\"name\"");
    assertThat(JsonTree.locate(root, "")).isNull();
    assertThat(JsonTree.locate(root, "outputs[0]")).isNull();
  }

  private static String span(String text, JsonTree.JValue root, String path) {
    int[] s = JsonTree.locate(root, path);
    return text.substring(s[0], s[1]);
  }
}
