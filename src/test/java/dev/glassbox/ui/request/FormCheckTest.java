package dev.glassbox.ui.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.Vectors;
import dev.glassbox.castore.BlobStore;
import dev.glassbox.castore.Castore;
import dev.glassbox.castore.Digest;
import dev.glassbox.castore.FileNode;
import dev.glassbox.castore.Node;
import dev.glassbox.castore.memory.InMemoryBlobStore;
import dev.glassbox.castore.memory.InMemoryDirectoryStore;
import dev.glassbox.request.BuildRequest;
import dev.glassbox.request.HostFacts;
import dev.glassbox.request.InvalidBuildRequestException;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestTestData;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.request.Violation;
import dev.glassbox.ui.request.RequestForm.InputEntry;
import dev.glassbox.ui.request.RequestForm.StoreInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Form → engine validator: every violation at its field, fixes that fix, imports, store checks. */
class FormCheckTest {
  static final HostFacts HOST = new HostFacts("x86_64-linux", 64L << 30);
  final InMemoryBlobStore blobs = new InMemoryBlobStore();
  final Castore store = new Castore(blobs, new InMemoryDirectoryStore());
  /** What importing hello-src gave, stored so that the store check passes. */
  final Node importedNode = new FileNode(blobs.put("tree".getBytes(StandardCharsets.UTF_8)), 4, false);
  final FormCheck check = new FormCheck(new RequestValidator(HOST, store), "x86_64-linux");

  static RequestForm hello() throws Exception {
    return FormJson.parse(FormJsonTest.example("hello.json")).form();
  }

  @Test
  void theTemplateIsValidAndResolves() {
    FormCheck.Outcome o = check.check(RequestForm.template("x86_64-linux", new Random(3)), Map.of(), null);
    assertThat(o.errors()).isEmpty();
    assertThat(o.warnings()).isEmpty();
    assertThat(o.request()).isPresent();
    assertThat(o.reason()).isEmpty();
  }

  @Test
  void everyVectorGivesExactlyTheEnginesViolationsAtTheirFields() throws Exception {
    RequestValidator validator = new RequestValidator(RequestTestData.X86_64_HOST, null);
    FormCheck formCheck = new FormCheck(validator, "x86_64-linux");
    int checked = 0;
    for (JsonNode v : Vectors.section("buildrequest_validation")) {
      String json = RequestTestData.toGlassboxJson(v.get("request")).toString();
      List<String> engine = new ArrayList<>();
      try {
        new RequestReader(validator).parse(json, null, null);
      } catch (InvalidBuildRequestException e) {
        for (Violation x : e.violations()) {
          engine.add(x.toString());
        }
      }
      FormJson.Result r = FormJson.parse(json);
      assertThat(r.problems()).as(v.get("description").asText()).isEmpty();
      FormCheck.Outcome o = formCheck.check(r.form(), Map.of(), null);
      List<String> ours = o.errors().stream().map(Issue::toString).toList();
      assertThat(ours).as(v.get("description").asText()).containsExactlyInAnyOrderElementsOf(engine);
      assertThat(o.request().isPresent()).isEqualTo(engine.isEmpty());
      checked++;
    }
    assertThat(checked).isEqualTo(24);
  }

  @Test
  void anUnsortedListIsReportedAtTheElementWithASortFixThatResolvesIt() throws Exception {
    RequestForm f = withHostInputImported(hello()).withScratchPaths(List.of("nix/store", "build"));
    FormCheck.Outcome o = check.check(f, imported(), base());
    assertThat(o.errors()).extracting(Issue::field).containsExactly("scratchPaths[1]");
    Issue issue = o.errors().get(0);
    assertThat(issue.fix()).isPresent();
    assertThat(issue.fix().get().label()).isEqualTo("Sort");
    RequestForm fixed = issue.fix().get().apply().apply(f);
    assertThat(fixed.scratchPaths()).containsExactly("build", "nix/store");
    assertThat(check.check(fixed, imported(), base()).request()).isPresent();
    assertThat(o.reason()).startsWith("Cannot run: scratchPaths[1]: 'build' is listed after 'nix/store'");
  }

  @Test
  void anOutputOutsideEveryScratchPathOffersToAddOne() throws Exception {
    RequestForm f = withHostInputImported(hello()).withOutputs(List.of("out/result"));
    Issue issue = check.check(f, imported(), base()).errors().get(0);
    assertThat(issue.field()).isEqualTo("outputs[0]");
    assertThat(issue.fix().get().label()).isEqualTo("Add scratch path 'out'");
    RequestForm fixed = issue.fix().get().apply().apply(f);
    assertThat(fixed.scratchPaths()).containsExactly("build", "nix/store", "out");
    assertThat(check.check(fixed, imported(), base()).errors()).isEmpty();
  }

  @Test
  void aLeadingSlashAndAWrongSystemHaveFixes() throws Exception {
    RequestForm f = withHostInputImported(hello()).withWorkingDir("/build").withConstraints(c -> c.withSystem("aarch64-linux"));
    List<Issue> errors = check.check(f, imported(), base()).errors();
    assertThat(errors).extracting(Issue::field).containsExactly("workingDir", "constraints.system");
    RequestForm fixed = f;
    for (Issue i : errors) {
      fixed = i.fix().orElseThrow().apply().apply(fixed);
    }
    assertThat(fixed.workingDir()).isEqualTo("build");
    assertThat(fixed.constraints().system()).isEqualTo("x86_64-linux");
    assertThat(check.check(fixed, imported(), base()).request()).isPresent();
  }

  @Test
  void whatCannotBecomeADraftIsReportedAtItsField() {
    RequestForm f =
        RequestForm.empty()
            .withInputs(List.of(new InputEntry("a", new StoreInput("file", "not-a-digest", 1, false, "")),
                new InputEntry("b", new StoreInput("blob", "", 0, false, ""))))
            .withConstraints(c -> c.withSystem("x86_64-linux").withMinMemory("4 gigs"))
            .withAdditionalFiles(List.of(new RequestForm.FileEntry("f", "***", true)));
    List<Issue> errors = check.check(f, Map.of(), null).errors();
    assertThat(errors)
        .extracting(Issue::field)
        .contains("inputs[0].digest", "inputs[1].type", "constraints.minMemory", "additionalFiles[0].contentsBase64");
    assertThat(errors.stream().filter(i -> i.field().equals("constraints.minMemory")).findFirst().orElseThrow().message())
        .contains("'4 gigs' is not an amount of memory");
  }

  @Test
  void memoryTakesUnitsAndReachesTheRequestInBytes() {
    RequestForm f = RequestForm.template("x86_64-linux", new Random(1)).withConstraints(c -> c.withMinMemory("2 GiB"));
    BuildRequest r = check.check(f, Map.of(), null).request().orElseThrow();
    assertThat(r.constraints().orElseThrow().minMemory()).isEqualTo(2L << 30);
    RequestForm tooMuch = f.withConstraints(c -> c.withMinMemory("1 TiB"));
    assertThat(check.check(tooMuch, Map.of(), null).errors()).extracting(Issue::field).containsExactly("constraints.minMemory");
  }

  @Test
  void aHostInputWaitsForItsImportThenResolvesToTheImportedNode() throws Exception {
    RequestForm f = hello();
    Path src = base().resolve("hello-src");
    assertThat(FormCheck.hostPaths(f, base())).containsExactly(src);

    FormCheck.Outcome waiting = check.check(f, Map.of(src, new ImportState.Importing(3, 100)), base());
    assertThat(waiting.errors()).isEmpty();
    assertThat(waiting.request()).isEmpty();
    assertThat(waiting.reason()).isEqualTo("Waiting for 'src' to finish importing.");

    FormCheck.Outcome done = check.check(f, imported(), base());
    assertThat(done.request()).isPresent();
    assertThat(done.request().get().inputs().get(0).node()).isEqualTo(importedNode);

    FormCheck.Outcome failed = check.check(f, Map.of(src, new ImportState.Failed("a FIFO is in the way")), base());
    assertThat(failed.errors()).extracting(Issue::field).containsExactly("inputs[0].path");
    assertThat(failed.errors().get(0).message()).isEqualTo("could not import '" + src + "': a FIFO is in the way");
  }

  @Test
  void aRelativeHostPathNeedsASavedRequest() throws Exception {
    FormCheck.Outcome o = check.check(hello(), Map.of(), null);
    assertThat(o.errors()).extracting(Issue::field).containsExactly("inputs[0].path");
    assertThat(o.errors().get(0).message()).contains("not saved yet");
  }

  @Test
  void anInputMissingFromTheStoreIsReportedAtItsDigest() throws Exception {
    Digest d = Digest.ofContents("absent".getBytes(StandardCharsets.UTF_8));
    RequestForm f = RequestForm.template("x86_64-linux", new Random(1))
        .withInputs(List.of(new InputEntry("tool", new StoreInput("file", d.toString(), 6, true, ""))));
    FormCheck.Outcome o = check.check(f, Map.of(), null);
    assertThat(o.errors()).extracting(Issue::field).containsExactly("inputs[0].digest");
    assertThat(o.errors().get(0).message()).contains("is not in the store");

    blobs.put("absent".getBytes(StandardCharsets.UTF_8));
    check.forgetStoreCheck();
    assertThat(check.check(f, Map.of(), null).errors()).isEmpty();
  }

  @Test
  void theStoreCheckIsReusedWhileTheInputsStayTheSame() throws Exception {
    AtomicLong lookups = new AtomicLong();
    InMemoryBlobStore inner = new InMemoryBlobStore();
    BlobStore blobs = new CountingBlobStore(inner, lookups);
    Digest d = inner.put("tool".getBytes(StandardCharsets.UTF_8));
    AtomicLong now = new AtomicLong();
    FormCheck counted = new FormCheck(new RequestValidator(HOST, new Castore(blobs, new InMemoryDirectoryStore())), "x86_64-linux", now::get);
    RequestForm f = RequestForm.template("x86_64-linux", new Random(1))
        .withInputs(List.of(new InputEntry("tool", new StoreInput("file", d.toString(), 4, true, ""))));

    counted.check(f, Map.of(), null);
    assertThat(lookups.get()).isEqualTo(1);
    counted.check(f.withWorkingDir("elsewhere"), Map.of(), null);
    assertThat(lookups.get()).as("typing elsewhere does not touch the store").isEqualTo(1);
    counted.check(f.withInputs(List.of(new InputEntry("tool2", f.inputs().get(0).source()))), Map.of(), null);
    assertThat(lookups.get()).as("changed inputs are checked again").isEqualTo(2);
    now.addAndGet(FormCheck.STORE_CHECK_REUSE_NANOS);
    counted.check(f.withInputs(List.of(new InputEntry("tool2", f.inputs().get(0).source()))), Map.of(), null);
    assertThat(lookups.get()).as("and so are old answers").isEqualTo(3);
  }

  @Test
  void errorsAreListedInTheOrderOfTheForm() {
    RequestForm f = RequestForm.empty()
        .withRefscanNeedles(List.of("x"))
        .withWorkingDir("../up")
        .withOutputs(List.of("b", "a"));
    List<String> fields = check.check(f, Map.of(), null).errors().stream().map(Issue::field).toList();
    assertThat(fields).containsExactly("workingDir", "outputs[0]", "outputs[1]", "outputs[1]", "refscanNeedles[0]");
  }

  // --- helpers ---

  static Path base() {
    return FormJsonTest.EXAMPLES.toAbsolutePath().normalize();
  }

  /** The imports map where hello-src has been imported (into the in-memory store, for the store check). */
  Map<Path, ImportState> imported() {
    return Map.of(base().resolve("hello-src"), new ImportState.Imported(importedNode, Instant.EPOCH));
  }

  /** hello with its input already in the store, by digest. */
  RequestForm withHostInputImported(RequestForm f) {
    return f.withInputs(List.of(new InputEntry("src", StoreInput.of(importedNode))));
  }

  /** Counts the store's existence checks, which are what a big input tree makes expensive. */
  private static final class CountingBlobStore implements BlobStore {
    private final InMemoryBlobStore inner;
    private final AtomicLong lookups;

    CountingBlobStore(InMemoryBlobStore inner, AtomicLong lookups) {
      this.inner = inner;
      this.lookups = lookups;
    }

    @Override
    public boolean has(Digest digest) {
      lookups.incrementAndGet();
      return inner.has(digest);
    }

    @Override
    public java.util.Optional<java.nio.channels.SeekableByteChannel> open(Digest digest) {
      return inner.open(digest);
    }

    @Override
    public void verify(Digest digest) throws dev.glassbox.castore.StoreException {
      inner.verify(digest);
    }

    @Override
    public Digest put(byte[] data) {
      return inner.put(data);
    }

    @Override
    public Digest putFile(Path file) throws dev.glassbox.castore.StoreException {
      return inner.putFile(file);
    }

    @Override
    public long delete(Digest digest) {
      return inner.delete(digest);
    }

    @Override
    public java.util.stream.Stream<Digest> list() {
      return inner.list();
    }
  }
}
