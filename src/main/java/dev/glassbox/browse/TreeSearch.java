package dev.glassbox.browse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Finds entries by name across a whole tree, breadth first (shallow matches come first), one
 * directory listing at a time, handing matches over in batches as it goes. Directories that cannot
 * be read are skipped and counted, not fatal.
 */
public final class TreeSearch {
  /** Matches are handed over at least this often, so results appear while a big tree is walked. */
  private static final long BATCH_NANOS = 100_000_000L;

  private TreeSearch() {}

  /**
   * How a search ended.
   *
   * @param directories how many directories were listed
   * @param matches how many matches were handed over
   * @param truncated whether it stopped at the match limit
   * @param unreadable how many directories could not be listed
   * @param firstProblem the first of those problems
   */
  public record Summary(
      int directories,
      int matches,
      boolean truncated,
      int unreadable,
      Optional<String> firstProblem) {
    public Summary {
      Objects.requireNonNull(firstProblem, "firstProblem");
    }
  }

  /**
   * What a query matches: a name containing it (ignoring case), or with {@code *} and {@code ?} a
   * glob over the whole name; a query containing '/' is matched against the path instead.
   *
   * @throws IllegalArgumentException for a blank query
   */
  public static Predicate<TreeEntry> matcher(String query) {
    String q = query.strip();
    if (q.isEmpty()) {
      throw new IllegalArgumentException("type part of a name to search for");
    }
    boolean onPath = q.contains("/");
    if (q.contains("*") || q.contains("?")) {
      Pattern p = Pattern.compile(glob(q), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      return onPath
          ? e -> p.matcher(e.path().toString()).find()
          : e -> p.matcher(e.name()).matches();
    }
    String lower = q.toLowerCase(Locale.ROOT);
    return onPath
        ? e -> e.path().toString().toLowerCase(Locale.ROOT).contains(lower)
        : e -> e.name().toLowerCase(Locale.ROOT).contains(lower);
  }

  private static String glob(String q) {
    StringBuilder sb = new StringBuilder();
    for (char c : q.toCharArray()) {
      switch (c) {
        case '*' -> sb.append(".*");
        case '?' -> sb.append('.');
        default -> sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }

  /**
   * Walks {@code source} from its root.
   *
   * @param limit stop after this many matches
   * @param cancelled polled before every listing
   * @param batches receives the matches, in walk order, a batch at a time (on this thread)
   * @throws CancellationException when {@code cancelled} turned true
   */
  public static Summary run(
      TreeSource source,
      Predicate<TreeEntry> match,
      int limit,
      BooleanSupplier cancelled,
      Consumer<List<TreeEntry>> batches) {
    ArrayDeque<TreePath> dirs = new ArrayDeque<>();
    dirs.add(TreePath.root());
    List<TreeEntry> batch = new ArrayList<>();
    long lastHandOver = System.nanoTime();
    int listed = 0;
    int found = 0;
    int unreadable = 0;
    String firstProblem = null;
    while (!dirs.isEmpty()) {
      if (cancelled.getAsBoolean()) {
        throw new CancellationException("search cancelled");
      }
      TreePath dir = dirs.poll();
      List<TreeEntry> entries;
      try {
        entries = source.list(dir);
      } catch (BrowseException e) {
        unreadable++;
        if (firstProblem == null) {
          firstProblem = e.getMessage();
        }
        continue;
      }
      listed++;
      for (TreeEntry e : entries) {
        if (match.test(e)) {
          batch.add(e);
          found++;
          if (found >= limit) {
            batches.accept(batch);
            return new Summary(listed, found, true, unreadable, Optional.ofNullable(firstProblem));
          }
        }
        if (e.isDirectory()) {
          dirs.add(e.path());
        }
      }
      if (!batch.isEmpty() && System.nanoTime() - lastHandOver > BATCH_NANOS) {
        batches.accept(batch);
        batch = new ArrayList<>();
        lastHandOver = System.nanoTime();
      }
    }
    if (!batch.isEmpty()) {
      batches.accept(batch);
    }
    return new Summary(listed, found, false, unreadable, Optional.ofNullable(firstProblem));
  }
}
