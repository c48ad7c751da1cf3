package hu.autoinvoice.local.sweep;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The files the test runs of every module left behind: {@code target/surefire-reports} and
 * {@code target/failsafe-reports} — each class's {@code -output.txt} (stdout and stderr), the {@code TEST-*.xml}
 * reports (which hold the output when it is not redirected) and the forked JVMs' stream dumps.
 *
 * <p>Only files written since {@code since} count: {@code make test} runs without {@code clean}, so reports of a
 * deleted or renamed test class linger in {@code target/}.
 *
 * @param files the files to scan, sorted
 * @param missingModules modules (folders with {@code pom.xml} and {@code src/test/java}) with no report written
 *     since {@code since}: not tested in this build
 */
record TestReports(List<Path> files, List<Path> missingModules) {

    private static final Set<String> SKIPPED = Set.of("node_modules", ".git", "src");
    /** The sweep's own failsafe execution writes here while it runs. */
    static final String OWN_REPORTS = "failsafe-reports-sweep";

    static TestReports under(Path root, Instant since) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Path> modules = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (SKIPPED.contains(name) || name.equals(OWN_REPORTS)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("src/test/java"))) {
                    modules.add(dir);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path parent = file.getParent();
                String folder = parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
                if (isReport(folder, file.getFileName().toString()) && !attrs.lastModifiedTime().toInstant().isBefore(since)) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        List<Path> missing = new ArrayList<>(modules.stream()
                .filter(m -> files.stream().noneMatch(f -> f.startsWith(m.resolve("target")))).toList());
        missing.sort(null);
        return new TestReports(List.copyOf(files), List.copyOf(missing));
    }

    static boolean isReport(String folder, String name) {
        return (folder.equals("surefire-reports") || folder.equals("failsafe-reports"))
                && (name.endsWith("-output.txt") || name.endsWith(".dumpstream") || name.endsWith(".dump")
                        || (name.startsWith("TEST-") && name.endsWith(".xml")));
    }
}
