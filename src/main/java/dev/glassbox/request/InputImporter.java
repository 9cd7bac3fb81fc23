package dev.glassbox.request;

import dev.glassbox.castore.CastoreException;
import dev.glassbox.castore.Node;
import java.nio.file.Path;

/**
 * Imports a host file or tree named by a request's {@code {"name", "path"}} input into the store
 * and returns its node; callers pass {@code hostPath -> ingester.ingest(hostPath)}.
 */
@FunctionalInterface
public interface InputImporter {
  Node importPath(Path hostPath) throws CastoreException;
}
