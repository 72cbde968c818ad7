package org.opentrove.activities.compute.isolation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The rules of one chain that carry one comment: how the project finds and removes its own. */
final class CommentedRules {
  private CommentedRules() {}

  /** The rules as {@code <tool> -S} prints them; none for a chain that does not exist. */
  static List<String> list(String tool, String chain, String comment) {
    HostCommand.Result listed = HostCommand.run(List.of(tool, "-w", "-S", chain));
    if (!listed.ok()) {
      return List.of();
    }
    String needle = "--comment \"" + comment + "\"";
    return listed.output().lines().filter(line -> line.contains(needle)).toList();
  }

  /** Removes every one of them; none is fine, and so is a missing chain. */
  static void remove(String tool, String chain, String comment) {
    for (String rule : list(tool, chain, comment)) {
      List<String> delete = new ArrayList<>(List.of(tool, "-w", "-D"));
      // "-A CHAIN spec..." as printed; the comment has no spaces, so dropping quotes is exact.
      List<String> words = Arrays.asList(rule.replace("\"", "").split(" "));
      delete.addAll(words.subList(1, words.size()));
      HostCommand.Result deleted = HostCommand.run(delete);
      if (!deleted.ok() && list(tool, chain, comment).contains(rule)) {
        throw new IllegalStateException(
            tool + " could not remove " + rule + ": " + deleted.output());
      }
    }
  }
}
