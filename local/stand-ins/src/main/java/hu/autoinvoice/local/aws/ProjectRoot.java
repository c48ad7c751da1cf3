package hu.autoinvoice.local.aws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Autoinvoice checkout: system property {@code autoinvoice.root} (surefire and {@code make run} set it), else the
 * nearest folder at or above the working directory holding both {@code pom.xml} and {@code functions/}.
 */
public final class ProjectRoot {

    private ProjectRoot() {}

    /** The checkout's root folder, if it can be found. */
    public static Optional<Path> find() {
        String configured = System.getProperty("autoinvoice.root");
        if (configured != null && !configured.isBlank()) {
            Path root = Path.of(configured).toAbsolutePath().normalize();
            return Files.isDirectory(root) ? Optional.of(root) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("functions"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
