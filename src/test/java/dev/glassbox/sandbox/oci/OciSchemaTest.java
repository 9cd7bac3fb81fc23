package dev.glassbox.sandbox.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.glassbox.Vectors;
import dev.glassbox.request.BuildRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every config.json Glassbox writes validates against the official OCI runtime-spec schema. */
class OciSchemaTest {
  private static JsonSchema schema;

  @BeforeAll
  static void loadSchema() {
    Path dir = Vectors.sharedDir().resolve("oci-runtime-spec-schema");
    Path main = dir.resolve("config-schema.json");
    assertThat(main).exists();
    // The schema files refer to each other by relative names (defs.json, config-linux.json), which
    // resolve against the file: URI of config-schema.json, so everything comes from the folder.
    // The folder lacks the other platforms' files (config-solaris.json, config-windows.json, …);
    // they are served as {"<platform>": {"type": "object"}} so loading them does not fail. That
    // hides nothing: noOtherPlatformSections() checks Glassbox never writes those sections.
    String folder = dir.toUri().toString();
    JsonSchemaFactory factory =
        JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
            .schemaLoaders(
                loaders ->
                    loaders.schemas(
                        (String iri) -> {
                          Matcher m = PLATFORM_FILE.matcher(iri);
                          if (!iri.startsWith(folder) || !m.find() || Files.exists(Path.of(URI.create(iri)))) {
                            return null;
                          }
                          return "{\"" + m.group(1) + "\": {\"type\": \"object\"}}";
                        }))
            .build();
    schema = factory.getSchema(SchemaLocation.of(main.toUri().toString()));
  }

  private static final Pattern PLATFORM_FILE = Pattern.compile("/config-([a-z]+)\\.json$");
  private static final List<String> OTHER_PLATFORMS = List.of("solaris", "windows", "vm", "zos", "freebsd");

  @Test
  void noOtherPlatformSections() throws Exception {
    for (JsonNode example : OciExamples.all()) {
      ObjectNode spec = OciExamples.tvixSpec(example);
      for (String p : OTHER_PLATFORMS) {
        assertThat(spec.has(p)).as(p).isFalse();
      }
    }
  }

  @Test
  void everySpecVariantValidates() throws Exception {
    List<ObjectNode> specs = new ArrayList<>();
    for (JsonNode example : OciExamples.all()) {
      specs.add(OciExamples.tvixSpec(example));
      BuildRequest r = OciExamples.request(example);
      specs.add(OciSpecFactory.make(r, SpecOptions.root(Optional.of("/bin/busybox"), 1000, 100)));
      specs.add(
          OciSpecFactory.make(
              r,
              SpecOptions.rootless(
                  Optional.of("/bin/busybox"), SpecOptions.TVIX_UID_MAPPINGS, SpecOptions.TVIX_GID_MAPPINGS, 1000, 100)));
    }
    for (boolean network : new boolean[] {false, true}) {
      for (boolean sh : new boolean[] {false, true}) {
        BuildRequest r = OciSpecFactoryTest.request(network, sh, network ? List.of("/dev/kvm") : List.of());
        specs.add(OciSpecFactory.make(r, SpecOptions.root(Optional.of("/bin/busybox"), 0, 0)));
        specs.add(OciSpecFactory.make(r, SpecOptions.tvix("/bin/busybox")));
      }
    }
    for (ObjectNode spec : specs) {
      assertThat(errors(spec)).as(spec.toString()).isEmpty();
    }
    assertThat(specs).hasSize(14);
  }

  @Test
  void theExpectedConfigJsonOfTheVectorsValidatesToo() {
    for (JsonNode example : OciExamples.all()) {
      assertThat(errors(example.get("expected_config_json"))).isEmpty();
    }
  }

  @Test
  void theSchemaCatchesBrokenSpecs() throws Exception {
    // Proves the validation is real, including $refs into defs.json and defs-linux.json.
    ObjectNode good = OciSpecFactory.make(OciSpecFactoryTest.request(false, false, List.of()), SpecOptions.tvix("/bin/sh"));

    ObjectNode badNamespace = good.deepCopy();
    ((ObjectNode) badNamespace.at("/linux/namespaces/0")).put("type", "mnt");
    assertThat(errors(badNamespace)).isNotEmpty();

    ObjectNode badUid = good.deepCopy();
    ((ObjectNode) badUid.at("/process/user")).put("uid", -1);
    assertThat(errors(badUid)).isNotEmpty();

    ObjectNode badMount = good.deepCopy();
    ((ObjectNode) badMount.at("/mounts/0")).remove("destination");
    assertThat(errors(badMount)).isNotEmpty();

    ObjectNode noVersion = good.deepCopy();
    noVersion.remove("ociVersion");
    assertThat(errors(noVersion)).isNotEmpty();
  }

  @Test
  void theSchemaFolderIsTheOfficialOne() throws Exception {
    Path dir = Vectors.sharedDir().resolve("oci-runtime-spec-schema");
    assertThat(Files.readString(dir.resolve("config-schema.json"))).contains("Open Container Initiative");
  }

  private static Set<ValidationMessage> errors(JsonNode spec) {
    return schema.validate(spec);
  }
}
