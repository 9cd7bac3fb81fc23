package dev.glassbox.ui.request;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.css.PseudoClass;
import javafx.scene.Node;

/**
 * Puts each issue next to the field it is about: form parts register under field paths ({@code
 * outputs[1]}, {@code environmentVars[0].key}, {@code constraints.system}), and an issue goes to
 * the most specific registered path among its own and its ancestors'.
 */
final class IssueRouter {
  static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
  static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");

  /** Where messages for a path go, what gets focus for it, and what turns red or amber. */
  record Target(MessageSlot slot, Node focus, List<Node> marked) {}

  private final Map<String, Target> targets = new LinkedHashMap<>();
  private List<Issue> shown = List.of();
  private Consumer<Issue> applyFix = i -> {};

  void register(String path, MessageSlot slot, Node focus, Node... marked) {
    targets.put(path, new Target(slot, focus, List.of(marked)));
  }

  /** Forgets {@code list[…]} paths, when the rows of a list are built anew. */
  void unregisterElements(String list) {
    targets.keySet().removeIf(k -> k.startsWith(list + "["));
  }

  void setFixHandler(Consumer<Issue> handler) {
    applyFix = handler;
  }

  /** The registered path an issue at {@code field} is shown under, if any. */
  Optional<String> resolve(String field) {
    for (String p : FieldPaths.selfAndAncestors(field)) {
      if (targets.containsKey(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  Optional<Node> focusTarget(String field) {
    return resolve(field).map(p -> targets.get(p).focus());
  }

  /** Shows {@code issues} in place of what was shown; issues with no place are left to the summary. */
  void show(List<Issue> issues) {
    shown = List.copyOf(issues);
    refresh();
  }

  /** Shows the last issues again, e.g. after rows were rebuilt. */
  void refresh() {
    Map<MessageSlot, List<Issue>> perSlot = new IdentityHashMap<>();
    Map<Node, Issue.Severity> marks = new IdentityHashMap<>();
    for (Target t : targets.values()) {
      perSlot.putIfAbsent(t.slot(), new ArrayList<>());
      for (Node n : t.marked()) {
        marks.putIfAbsent(n, null);
      }
    }
    for (Issue issue : shown) {
      Optional<String> path = resolve(issue.field());
      if (path.isEmpty()) {
        continue;
      }
      Target t = targets.get(path.get());
      perSlot.get(t.slot()).add(issue);
      for (Node n : t.marked()) {
        Issue.Severity before = marks.get(n);
        if (before == null || issue.severity() == Issue.Severity.ERROR) {
          marks.put(n, issue.severity());
        }
      }
    }
    perSlot.forEach((slot, list) -> slot.show(list, applyFix));
    marks.forEach(
        (node, severity) -> {
          node.pseudoClassStateChanged(ERROR, severity == Issue.Severity.ERROR);
          node.pseudoClassStateChanged(WARNING, severity == Issue.Severity.WARNING);
        });
  }
}
