package hu.autoinvoice.invoice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Files of this repository (events/), found from the {@code autoinvoice.root} system property or the working directory. */
public final class RepoFiles {

    private RepoFiles() {
    }

    public static Path root() {
        String configured = System.getProperty("autoinvoice.root");
        if (configured != null && Files.isDirectory(Paths.get(configured, "events"))) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("events/schema"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (no events/schema above the working directory)");
    }

    public static Path schemaDir() {
        return root().resolve("events/schema");
    }

    static Path messagesDir() {
        return root().resolve("events/messages");
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
