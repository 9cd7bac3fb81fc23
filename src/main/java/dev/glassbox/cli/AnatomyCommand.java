package dev.glassbox.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.castore.NamedNode;
import dev.glassbox.history.BuildRecord;
import dev.glassbox.history.History;
import dev.glassbox.history.SandboxConfig;
import dev.glassbox.request.RequestReader;
import dev.glassbox.request.RequestValidator;
import dev.glassbox.sandbox.oci.AnatomyItem;
import dev.glassbox.sandbox.oci.SandboxAnatomy;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox anatomy ID}: the sandbox a build ran in, explained from its config.json. */
@Command(
    name = "anatomy",
    description =
        "Explain the sandbox a build ran in: every mount, namespace, id map, capability and"
            + " limit of its recorded config.json, each with what it means.")
final class AnatomyCommand extends StoreCommand {
  @Parameters(paramLabel = "ID", description = "A build id or a unique prefix of one.")
  String id;

  @Option(names = "--json", description = "Print one JSON object with every explained item.")
  boolean json;

  @Option(names = "--config", description = "Print the recorded config.json exactly as written.")
  boolean config;

  @Override
  public Integer call() throws Exception {
    BuildRecord r;
    Optional<SandboxConfig> c;
    try (History h = openHistory()) {
      r = h.resolve(id);
      c = h.sandboxConfig(r.id());
    }
    if (c.isEmpty()) {
      err().println(
          "build "
              + r.id()
              + " has no recorded sandbox: it "
              + (r.status().isFinal()
                  ? "ended before writing its bundle, or ran with an older Glassbox; rebuild it"
                      + " ('glassbox rebuild " + r.id().substring(0, Math.min(12, r.id().length()))
                      + "') to see one"
                  : "has not written its bundle yet; try again in a moment"));
      return 1;
    }
    if (config) {
      out().println(c.get().configJson());
      return 0;
    }
    List<NamedNode> inputs = List.of();
    if (r.requestJson().isPresent()) {
      inputs =
          new RequestReader(RequestValidator.hostIndependent())
              .parse(r.requestJson().get(), storeDir(), null)
              .inputs();
    }
    SandboxAnatomy a =
        SandboxAnatomy.explain(c.get().configJson(), inputs, Optional.of(c.get().bundle()));
    PrintWriter o = out();
    if (json) {
      ObjectNode root = NodeJson.MAPPER.createObjectNode();
      root.put("id", r.id());
      root.put("bundle", c.get().bundle().toString());
      root.put("writtenAt", RecordJson.time(c.get().writtenAt()));
      ArrayNode items = root.putArray("items");
      for (AnatomyItem i : a.items()) {
        ObjectNode n = items.addObject();
        n.put("group", i.group().name().toLowerCase(java.util.Locale.ROOT));
        n.put("title", i.title());
        n.put("detail", i.detail());
        n.put("note", i.note());
        n.put("pointer", i.pointer());
        ArrayNode opts = n.putArray("options");
        i.options().forEach(opts::add);
      }
      o.println(root);
      return 0;
    }
    o.println("sandbox of build " + r.id() + ", from the config.json written "
        + RecordJson.time(c.get().writtenAt()) + " into " + c.get().bundle());
    for (AnatomyItem.Group g : AnatomyItem.Group.values()) {
      List<AnatomyItem> items = a.group(g);
      if (items.isEmpty()) {
        continue;
      }
      o.println();
      o.println(g.label().toUpperCase(java.util.Locale.ROOT) + " — " + g.summary());
      for (AnatomyItem i : items) {
        o.println("  " + i.title() + "    " + i.detail());
        o.println("      " + i.note());
      }
    }
    return 0;
  }
}
