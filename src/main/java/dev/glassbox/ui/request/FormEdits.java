package dev.glassbox.ui.request;

import dev.glassbox.ui.request.RequestForm.EnvEntry;
import dev.glassbox.ui.request.RequestForm.FileEntry;
import dev.glassbox.ui.request.RequestForm.InputEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Edits of a form that quick fixes and the form's buttons share. */
final class FormEdits {
  private FormEdits() {}

  static List<String> sorted(List<String> values) {
    List<String> out = new ArrayList<>(values);
    out.sort(Text.UTF8_ORDER);
    return out;
  }

  /** Inputs sorted by name bytes, as tvix requires. */
  static RequestForm sortInputs(RequestForm f) {
    List<InputEntry> in = new ArrayList<>(f.inputs());
    in.sort(
        Comparator.comparing(
            (InputEntry e) -> e.name().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
    return f.withInputs(in);
  }

  static RequestForm sortEnv(RequestForm f) {
    List<EnvEntry> env = new ArrayList<>(f.environmentVars());
    env.sort(Comparator.comparing(EnvEntry::key, Text.UTF8_ORDER));
    return f.withEnvironmentVars(env);
  }

  static RequestForm sortFiles(RequestForm f) {
    List<FileEntry> files = new ArrayList<>(f.additionalFiles());
    files.sort(Comparator.comparing(FileEntry::path, Text.UTF8_ORDER));
    return f.withAdditionalFiles(files);
  }

  /** Adds {@code input} where its name sorts, so the form stays valid without a sort step. */
  static RequestForm insertInput(RequestForm f, InputEntry input) {
    List<InputEntry> in = new ArrayList<>(f.inputs());
    byte[] name = input.name().getBytes(StandardCharsets.UTF_8);
    int at = in.size();
    for (int i = 0; i < in.size(); i++) {
      if (Arrays.compareUnsigned(in.get(i).name().getBytes(StandardCharsets.UTF_8), name) > 0) {
        at = i;
        break;
      }
    }
    in.add(at, input);
    return f.withInputs(in);
  }

  /** Adds a scratch path in sorted position (nothing when it is there already). */
  static RequestForm addScratchPath(RequestForm f, String path) {
    if (f.scratchPaths().contains(path)) {
      return f;
    }
    List<String> s = new ArrayList<>(f.scratchPaths());
    s.add(path);
    return f.withScratchPaths(sorted(s));
  }

  /**
   * Sets the string at a field path ({@code workingDir}, {@code outputs[2]}, {@code
   * additionalFiles[0].path}, …); paths that name no string field leave the form as it is.
   */
  static RequestForm setText(RequestForm f, String field, String value) {
    List<FieldPaths.Segment> s = FieldPaths.segments(field);
    if (s.isEmpty() || s.get(0).key() == null) {
      return f;
    }
    String top = s.get(0).key();
    int index = s.size() > 1 && s.get(1).key() == null ? s.get(1).index() : -1;
    switch (top) {
      case "workingDir":
        return f.withWorkingDir(value);
      case "inputsDir":
        return f.withInputsDir(value);
      case "commandArgs":
        return index < 0 ? f : f.withCommandArgs(set(f.commandArgs(), index, value));
      case "scratchPaths":
        return index < 0 ? f : f.withScratchPaths(set(f.scratchPaths(), index, value));
      case "outputs":
        return index < 0 ? f : f.withOutputs(set(f.outputs(), index, value));
      case "refscanNeedles":
        return index < 0 ? f : f.withRefscanNeedles(set(f.refscanNeedles(), index, value));
      case "additionalFiles":
        if (index >= 0 && index < f.additionalFiles().size() && field.endsWith(".path")) {
          List<FileEntry> files = new ArrayList<>(f.additionalFiles());
          FileEntry e = files.get(index);
          files.set(index, new FileEntry(value, e.contents(), e.base64()));
          return f.withAdditionalFiles(files);
        }
        return f;
      case "environmentVars":
        if (index >= 0 && index < f.environmentVars().size()) {
          List<EnvEntry> env = new ArrayList<>(f.environmentVars());
          EnvEntry e = env.get(index);
          env.set(index, field.endsWith(".key") ? new EnvEntry(value, e.value()) : new EnvEntry(e.key(), value));
          return f.withEnvironmentVars(env);
        }
        return f;
      case "constraints":
        if (field.equals("constraints.system")) {
          return f.withConstraints(c -> c.withSystem(value));
        }
        if (index < 0 && s.size() > 2 && s.get(1).key() != null && s.get(1).key().equals("availableRoPaths") && s.get(2).key() == null) {
          return f.withConstraints(
              c -> c.withAvailableRoPaths(set(c.availableRoPaths(), s.get(2).index(), value)));
        }
        return f;
      default:
        return f;
    }
  }

  /** The string at a field path, or null when the path names no string field. */
  static String getText(RequestForm f, String field) {
    List<FieldPaths.Segment> s = FieldPaths.segments(field);
    if (s.isEmpty() || s.get(0).key() == null) {
      return null;
    }
    int index = s.size() > 1 && s.get(1).key() == null ? s.get(1).index() : -1;
    switch (s.get(0).key()) {
      case "workingDir":
        return f.workingDir();
      case "inputsDir":
        return f.inputsDir();
      case "commandArgs":
        return get(f.commandArgs(), index);
      case "scratchPaths":
        return get(f.scratchPaths(), index);
      case "outputs":
        return get(f.outputs(), index);
      case "refscanNeedles":
        return get(f.refscanNeedles(), index);
      case "additionalFiles":
        return index >= 0 && index < f.additionalFiles().size() && field.endsWith(".path")
            ? f.additionalFiles().get(index).path()
            : null;
      case "environmentVars":
        if (index < 0 || index >= f.environmentVars().size()) {
          return null;
        }
        return field.endsWith(".key") ? f.environmentVars().get(index).key() : f.environmentVars().get(index).value();
      case "constraints":
        if (field.equals("constraints.system")) {
          return f.constraints().system();
        }
        if (s.size() > 2 && "availableRoPaths".equals(s.get(1).key()) && s.get(2).key() == null) {
          return get(f.constraints().availableRoPaths(), s.get(2).index());
        }
        return null;
      default:
        return null;
    }
  }

  private static String get(List<String> list, int i) {
    return i >= 0 && i < list.size() ? list.get(i) : null;
  }

  private static List<String> set(List<String> list, int i, String value) {
    if (i < 0 || i >= list.size()) {
      return list;
    }
    List<String> out = new ArrayList<>(list);
    out.set(i, value);
    return out;
  }
}
