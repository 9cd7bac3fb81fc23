package dev.glassbox.ui.request;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.glassbox.ui.request.JsonTree.JArray;
import dev.glassbox.ui.request.JsonTree.JBoolean;
import dev.glassbox.ui.request.JsonTree.JNull;
import dev.glassbox.ui.request.JsonTree.JNumber;
import dev.glassbox.ui.request.JsonTree.JObject;
import dev.glassbox.ui.request.JsonTree.JString;
import dev.glassbox.ui.request.JsonTree.JValue;
import dev.glassbox.ui.request.JsonTree.Member;
import dev.glassbox.ui.request.RequestForm.ConstraintsForm;
import dev.glassbox.ui.request.RequestForm.EnvEntry;
import dev.glassbox.ui.request.RequestForm.FileEntry;
import dev.glassbox.ui.request.RequestForm.HostInput;
import dev.glassbox.ui.request.RequestForm.InputEntry;
import dev.glassbox.ui.request.RequestForm.StoreInput;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The request file format for the editor, both ways: a form written as JSON in the style of the
 * examples (short lists on one line, one object per line), and JSON text read into a form.
 *
 * <p>Reading is lenient where the form can hold a value the validator will report (an unsorted
 * list, an unknown input type, a bad digest, a size given as text) and strict where it cannot (a
 * wrong JSON type, an unknown field): those are {@link JsonProblem}s with their place in the text,
 * and the form is left as it was, so nothing the user wrote is silently dropped.
 */
final class FormJson {
  private static final int LINE = 100;
  private static final Set<String> ANY_INPUT_FIELD =
      Set.of("name", "type", "digest", "size", "executable", "target", "path");
  private static final BigInteger U64_LIMIT = BigInteger.ONE.shiftLeft(64);

  private FormJson() {}

  /** A place in the text that cannot become a form, and why; {@code end} is exclusive. */
  record JsonProblem(int start, int end, String field, String message) {}

  /** What reading JSON text gave: a form (and the parsed tree, to place messages) or problems. */
  record Result(RequestForm form, JValue tree, List<JsonProblem> problems) {
    boolean ok() {
      return problems.isEmpty();
    }
  }

  // --- writing -----------------------------------------------------------------------------------

  /** The form as request JSON, ending with a newline; fields at their defaults are left out. */
  static String toJson(RequestForm f) {
    List<String> members = new ArrayList<>();
    if (!f.inputs().isEmpty()) {
      List<String> items = new ArrayList<>();
      for (InputEntry e : f.inputs()) {
        items.add(input(e));
      }
      members.add(objectsMember("inputs", items));
    }
    if (!f.commandArgs().isEmpty()) {
      members.add(stringsMember("commandArgs", f.commandArgs()));
    }
    if (!f.workingDir().isEmpty()) {
      members.add(q("workingDir") + ": " + q(f.workingDir()));
    }
    if (!f.scratchPaths().isEmpty()) {
      members.add(stringsMember("scratchPaths", f.scratchPaths()));
    }
    if (!f.inputsDir().isEmpty()) {
      members.add(q("inputsDir") + ": " + q(f.inputsDir()));
    }
    if (!f.outputs().isEmpty()) {
      members.add(stringsMember("outputs", f.outputs()));
    }
    if (!f.environmentVars().isEmpty()) {
      List<String> items = new ArrayList<>();
      for (EnvEntry e : f.environmentVars()) {
        items.add("{ " + q("key") + ": " + q(e.key()) + ", " + q("value") + ": " + q(e.value()) + " }");
      }
      members.add(objectsMember("environmentVars", items));
    }
    if (f.constraints().present()) {
      members.add(constraints(f.constraints()));
    }
    if (!f.additionalFiles().isEmpty()) {
      List<String> items = new ArrayList<>();
      for (FileEntry e : f.additionalFiles()) {
        items.add(
            "{ "
                + q("path")
                + ": "
                + q(e.path())
                + ", "
                + q(e.base64() ? "contentsBase64" : "contents")
                + ": "
                + q(e.contents())
                + " }");
      }
      members.add(objectsMember("additionalFiles", items));
    }
    if (!f.refscanNeedles().isEmpty()) {
      members.add(stringsMember("refscanNeedles", f.refscanNeedles()));
    }
    if (members.isEmpty()) {
      return "{}\n";
    }
    return "{\n  " + String.join(",\n  ", members) + "\n}\n";
  }

  private static String input(InputEntry e) {
    List<String> parts = new ArrayList<>();
    parts.add(q("name") + ": " + q(e.name()));
    if (e.source() instanceof HostInput h) {
      parts.add(q("path") + ": " + q(h.path()));
    } else {
      StoreInput s = (StoreInput) e.source();
      boolean file = s.type().equals("file");
      boolean dir = s.type().equals("directory");
      boolean link = s.type().equals("symlink");
      boolean known = file || dir || link;
      if (!s.type().isEmpty()) {
        parts.add(q("type") + ": " + q(s.type()));
      }
      if (file || dir || (!known && !s.digest().isEmpty())) {
        parts.add(q("digest") + ": " + q(s.digest()));
      }
      if (file || dir || (!known && s.size() != 0)) {
        parts.add(q("size") + ": " + Long.toUnsignedString(s.size()));
      }
      if (file || (!known && s.executable())) {
        parts.add(q("executable") + ": " + s.executable());
      }
      if (link || (!known && !s.target().isEmpty())) {
        parts.add(q("target") + ": " + q(s.target()));
      }
    }
    return "{ " + String.join(", ", parts) + " }";
  }

  private static String constraints(ConstraintsForm c) {
    List<String> parts = new ArrayList<>();
    parts.add(q("system") + ": " + q(c.system()));
    if (!c.minMemory().isBlank()) {
      OptionalLong bytes = MemorySize.parse(c.minMemory());
      // A size the form cannot read stays text, so the JSON keeps what was typed and says why.
      parts.add(
          q("minMemory")
              + ": "
              + (bytes.isPresent() ? Long.toUnsignedString(bytes.getAsLong()) : q(c.minMemory())));
    }
    if (!c.availableRoPaths().isEmpty()) {
      parts.add(q("availableRoPaths") + ": " + inlineStrings(c.availableRoPaths()));
    }
    parts.add(q("networkAccess") + ": " + c.networkAccess());
    parts.add(q("provideBinSh") + ": " + c.provideBinSh());
    String inline = q("constraints") + ": { " + String.join(", ", parts) + " }";
    if (inline.length() + 2 <= LINE) {
      return inline;
    }
    return q("constraints") + ": {\n    " + String.join(",\n    ", parts) + "\n  }";
  }

  private static String stringsMember(String key, List<String> values) {
    String inline = q(key) + ": " + inlineStrings(values);
    if (inline.length() + 2 <= LINE) {
      return inline;
    }
    List<String> quoted = new ArrayList<>();
    for (String v : values) {
      quoted.add(q(v));
    }
    return q(key) + ": [\n    " + String.join(",\n    ", quoted) + "\n  ]";
  }

  private static String inlineStrings(List<String> values) {
    List<String> quoted = new ArrayList<>();
    for (String v : values) {
      quoted.add(q(v));
    }
    return "[" + String.join(", ", quoted) + "]";
  }

  private static String objectsMember(String key, List<String> items) {
    return q(key) + ": [\n    " + String.join(",\n    ", items) + "\n  ]";
  }

  /** A JSON string literal; control characters, quotes and backslashes are escaped. */
  static String q(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }

  // --- reading -----------------------------------------------------------------------------------

  /** Reads JSON text into a form, or says where and why it cannot. */
  static Result parse(String text) {
    JValue root;
    try {
      root = JsonTree.parse(text);
    } catch (JsonTree.SyntaxError e) {
      int end = Math.min(text.length(), e.offset + 1);
      return new Result(
          null,
          null,
          List.of(
              new JsonProblem(
                  e.offset,
                  Math.max(end, e.offset),
                  "",
                  "Line " + e.line + ", column " + e.column + ": " + e.getMessage())));
    }
    Reader r = new Reader();
    RequestForm form = r.request(root);
    return new Result(r.problems.isEmpty() ? form : null, root, List.copyOf(r.problems));
  }

  /** Walks the tree; every type error is collected so all are underlined at once. */
  private static final class Reader {
    final List<JsonProblem> problems = new ArrayList<>();

    RequestForm request(JValue root) {
      if (!(root instanceof JObject o)) {
        problem(root, "", "a request is a JSON object {…}, not " + typeOf(root));
        return null;
      }
      unknownFields(o, Set.copyOf(dev.glassbox.request.RequestReader.FIELDS), "", "a request");
      List<InputEntry> inputs = new ArrayList<>();
      List<JValue> items = array(o, "inputs", "inputs");
      for (int i = 0; i < items.size(); i++) {
        InputEntry e = input(items.get(i), "inputs[" + i + "]");
        if (e != null) {
          inputs.add(e);
        }
      }
      List<EnvEntry> env = new ArrayList<>();
      items = array(o, "environmentVars", "environmentVars");
      for (int i = 0; i < items.size(); i++) {
        EnvEntry e = env(items.get(i), "environmentVars[" + i + "]");
        if (e != null) {
          env.add(e);
        }
      }
      List<FileEntry> files = new ArrayList<>();
      items = array(o, "additionalFiles", "additionalFiles");
      for (int i = 0; i < items.size(); i++) {
        FileEntry e = file(items.get(i), "additionalFiles[" + i + "]");
        if (e != null) {
          files.add(e);
        }
      }
      ConstraintsForm c = ConstraintsForm.ABSENT;
      JValue cv = present(o, "constraints");
      if (cv != null) {
        c = constraints(cv);
      }
      return new RequestForm(
          inputs,
          strings(o, "commandArgs", "commandArgs"),
          string(o, "workingDir", "workingDir"),
          strings(o, "scratchPaths", "scratchPaths"),
          string(o, "inputsDir", "inputsDir"),
          strings(o, "outputs", "outputs"),
          env,
          c == null ? ConstraintsForm.ABSENT : c,
          files,
          strings(o, "refscanNeedles", "refscanNeedles"));
    }

    private InputEntry input(JValue v, String at) {
      if (!(v instanceof JObject o)) {
        problem(v, at, "an input is an object {\"name\", …}, not " + typeOf(v));
        return null;
      }
      int before = problems.size();
      String name = string(o, "name", at + ".name");
      if (present(o, "path") != null) {
        for (Member m : o.members().values()) {
          if (!m.key().equals("name") && !m.key().equals("path")) {
            keyProblem(
                m,
                at + "." + m.key(),
                "an input given by host \"path\" has only \"name\" and \"path\" (its type and digest"
                    + " come from importing it); remove \""
                    + m.key()
                    + "\"");
          }
        }
        String path = string(o, "path", at + ".path");
        return problems.size() > before ? null : new InputEntry(name, new HostInput(path));
      }
      String type = string(o, "type", at + ".type");
      Set<String> allowed = ANY_INPUT_FIELD;
      if (type.equals("file")) {
        allowed = Set.of("name", "type", "digest", "size", "executable");
      } else if (type.equals("directory")) {
        allowed = Set.of("name", "type", "digest", "size");
      } else if (type.equals("symlink")) {
        allowed = Set.of("name", "type", "target");
      }
      for (Member m : o.members().values()) {
        if (!allowed.contains(m.key())) {
          keyProblem(
              m,
              at + "." + m.key(),
              ANY_INPUT_FIELD.contains(m.key())
                  ? "a " + type + " input has no \"" + m.key() + "\"; remove it"
                  : "inputs have no field \""
                      + m.key()
                      + "\"; the fields are name, type, digest, size, executable, target (or name"
                      + " and path)");
        }
      }
      String digest = string(o, "digest", at + ".digest");
      long size = u64(o, "size", at + ".size");
      boolean executable = bool(o, "executable", at + ".executable");
      String target = string(o, "target", at + ".target");
      if (problems.size() > before) {
        return null;
      }
      return new InputEntry(name, new StoreInput(type, digest, size, executable, target));
    }

    private EnvEntry env(JValue v, String at) {
      if (!(v instanceof JObject o)) {
        problem(v, at, "an environment variable is an object {\"key\", \"value\"}, not " + typeOf(v));
        return null;
      }
      int before = problems.size();
      unknownFields(o, Set.of("key", "value"), at + ".", "an environment variable");
      String key = string(o, "key", at + ".key");
      String value = string(o, "value", at + ".value");
      return problems.size() > before ? null : new EnvEntry(key, value);
    }

    private FileEntry file(JValue v, String at) {
      if (!(v instanceof JObject o)) {
        problem(v, at, "an additional file is an object {\"path\", \"contents\"}, not " + typeOf(v));
        return null;
      }
      int before = problems.size();
      unknownFields(o, Set.of("path", "contents", "contentsBase64"), at + ".", "an additional file");
      String path = string(o, "path", at + ".path");
      JValue text = present(o, "contents");
      JValue base64 = present(o, "contentsBase64");
      if (text != null && base64 != null) {
        problem(
            base64,
            at + ".contentsBase64",
            "give either \"contents\" (text) or \"contentsBase64\" (binary), not both");
      }
      String contents = base64 != null ? string(o, "contentsBase64", at + ".contentsBase64") : string(o, "contents", at + ".contents");
      return problems.size() > before ? null : new FileEntry(path, contents, base64 != null);
    }

    private ConstraintsForm constraints(JValue v) {
      if (!(v instanceof JObject o)) {
        problem(v, "constraints", "constraints are an object {\"system\", …}, not " + typeOf(v));
        return null;
      }
      unknownFields(o, dev.glassbox.request.RequestReader.CONSTRAINT_FIELDS, "constraints.", "constraints");
      String system = string(o, "system", "constraints.system");
      String minMemory = "";
      JValue m = present(o, "minMemory");
      if (m instanceof JNumber) {
        long bytes = u64(o, "minMemory", "constraints.minMemory");
        minMemory = bytes == 0 ? "" : Long.toUnsignedString(bytes);
      } else if (m instanceof JString s) {
        // Not the file format, but what the form writes for a size it could not read.
        minMemory = s.value();
      } else if (m != null) {
        problem(m, "constraints.minMemory", "must be a whole number of bytes, not " + typeOf(m));
      }
      return new ConstraintsForm(
          true,
          system,
          minMemory,
          strings(o, "availableRoPaths", "constraints.availableRoPaths"),
          bool(o, "networkAccess", "constraints.networkAccess"),
          bool(o, "provideBinSh", "constraints.provideBinSh"));
    }

    // --- typed access: a problem and the default on a type error ---

    private List<JValue> array(JObject o, String field, String at) {
      JValue v = present(o, field);
      if (v == null) {
        return List.of();
      }
      if (!(v instanceof JArray a)) {
        problem(v, at, field + " must be a JSON array […], not " + typeOf(v));
        return List.of();
      }
      return a.items();
    }

    private List<String> strings(JObject o, String field, String at) {
      List<String> out = new ArrayList<>();
      List<JValue> items;
      JValue v = present(o, field);
      if (v == null) {
        return out;
      }
      if (!(v instanceof JArray a)) {
        problem(v, at, field + " must be an array of strings, not " + typeOf(v));
        return out;
      }
      items = a.items();
      for (int i = 0; i < items.size(); i++) {
        JValue item = items.get(i);
        if (item instanceof JString s) {
          out.add(s.value());
        } else {
          problem(item, at + "[" + i + "]", "must be a string, not " + typeOf(item));
        }
      }
      return out;
    }

    private String string(JObject o, String field, String at) {
      JValue v = present(o, field);
      if (v == null) {
        return "";
      }
      if (v instanceof JString s) {
        return s.value();
      }
      problem(v, at, "must be a string, not " + typeOf(v));
      return "";
    }

    private boolean bool(JObject o, String field, String at) {
      JValue v = present(o, field);
      if (v == null) {
        return false;
      }
      if (v instanceof JBoolean b) {
        return b.value();
      }
      problem(v, at, "must be true or false, not " + typeOf(v));
      return false;
    }

    private long u64(JObject o, String field, String at) {
      JValue v = present(o, field);
      if (v == null) {
        return 0;
      }
      if (!(v instanceof JNumber n)) {
        problem(v, at, "must be a whole number of bytes, not " + typeOf(v));
        return 0;
      }
      BigDecimal d = n.value();
      BigInteger b;
      try {
        b = d.stripTrailingZeros().toBigIntegerExact();
      } catch (ArithmeticException e) {
        problem(v, at, "must be a whole number of bytes, not a fraction");
        return 0;
      }
      if (b.signum() < 0 || b.compareTo(U64_LIMIT) >= 0) {
        problem(v, at, b + " is out of range; it must be between 0 and 18446744073709551615");
        return 0;
      }
      return b.longValue();
    }

    private void unknownFields(JObject o, Set<String> known, String prefix, String what) {
      for (Member m : o.members().values()) {
        if (known.contains(m.key())) {
          continue;
        }
        String suggestion = closest(m.key(), known);
        keyProblem(
            m,
            prefix + m.key(),
            what
                + " has no field \""
                + m.key()
                + "\""
                + (suggestion == null ? "; remove it" : "; did you mean \"" + suggestion + "\"?"));
      }
    }

    private static String closest(String f, Set<String> known) {
      String norm = f.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
      for (String k : known) {
        if (k.toLowerCase(Locale.ROOT).equals(norm)) {
          return k;
        }
      }
      return null;
    }

    private void problem(JValue v, String field, String message) {
      problems.add(new JsonProblem(v.start(), v.end(), field, message));
    }

    private void keyProblem(Member m, String field, String message) {
      problems.add(new JsonProblem(m.keyStart(), m.keyEnd(), field, message));
    }

    /** The member's value, or null when it is absent or JSON null (both mean the default). */
    private static JValue present(JObject o, String field) {
      JValue v = o.get(field);
      return v == null || v instanceof JNull ? null : v;
    }

    private static String typeOf(JValue v) {
      if (v instanceof JString) {
        return "a string";
      }
      if (v instanceof JNumber) {
        return "a number";
      }
      if (v instanceof JBoolean) {
        return "a boolean";
      }
      if (v instanceof JArray) {
        return "an array";
      }
      if (v instanceof JObject) {
        return "an object";
      }
      return "null";
    }
  }
}
