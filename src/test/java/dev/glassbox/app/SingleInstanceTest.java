package dev.glassbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleInstanceTest {
  @TempDir Path tmp;

  @Test
  void theSecondClaimHandsItsFileToTheFirstAndTheFirstHearsIt() throws Exception {
    Path socket = SingleInstance.socketFor(tmp.resolve("store"), Map.of("XDG_RUNTIME_DIR", tmp.toString()));
    List<Optional<Path>> heard = new CopyOnWriteArrayList<>();
    SingleInstance.Claim first = SingleInstance.claim(socket, Optional.empty());
    assertThat(first).isInstanceOf(SingleInstance.Claim.Primary.class);
    try (SingleInstance primary = ((SingleInstance.Claim.Primary) first).instance()) {
      primary.serve(heard::add);
      Path request = tmp.resolve("my request ü.json");
      // The reply comes only after the handler ran, so the file is there when claim returns.
      assertThat(SingleInstance.claim(socket, Optional.of(request))).isInstanceOf(SingleInstance.Claim.HandedOver.class);
      assertThat(SingleInstance.claim(socket, Optional.empty())).isInstanceOf(SingleInstance.Claim.HandedOver.class);
      assertThat(heard).containsExactly(Optional.of(request.toAbsolutePath()), Optional.empty());
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  void aSocketLeftByAKilledWindowIsReplaced() throws Exception {
    Path socket = SingleInstance.socketFor(tmp.resolve("store"), Map.of("XDG_RUNTIME_DIR", tmp.toString()));
    // A window killed with SIGKILL leaves its socket file behind, with nobody listening.
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    }
    assertThat(socket).exists();
    SingleInstance.Claim claim = SingleInstance.claim(socket, Optional.of(tmp.resolve("r.json")));
    assertThat(claim).isInstanceOf(SingleInstance.Claim.Primary.class);
    ((SingleInstance.Claim.Primary) claim).instance().close();
  }

  @Test
  void windowsOnDifferentStoresDoNotShareASocket() throws Exception {
    Map<String, String> env = Map.of("XDG_RUNTIME_DIR", tmp.toString());
    Path a = SingleInstance.socketFor(tmp.resolve("a"), env);
    Path b = SingleInstance.socketFor(tmp.resolve("b"), env);
    assertThat(a).isNotEqualTo(b);
    assertThat(a.getParent()).isEqualTo(tmp.resolve("glassbox"));
    assertThat(SingleInstance.socketFor(tmp.resolve("a/../a"), env)).isEqualTo(a);
  }

  @Test
  void withoutARuntimeDirTheSocketIsInAFolderOnlyTheUserCanEnter() throws Exception {
    Path socket = SingleInstance.socketFor(tmp.resolve("store"), Map.of());
    assertThat(socket.getParent().getFileName().toString()).startsWith("glassbox-");
    assertThat(Files.getPosixFilePermissions(socket.getParent()).toString()).doesNotContain("OTHERS", "GROUP");
  }
}
