package dev.dsar.bootstrap.pages;

import java.nio.file.Path;

/**
 * Where the browser tests save their screenshots: docs/images/ when run with {@code -Ddsar.screenshots=true}
 * (the command in docs/web-pages.md that refreshes the README's pictures), else the module's target folder, so
 * that an ordinary build leaves the working tree as it was.
 */
final class Screenshots {

    private Screenshots() {
    }

    static Path file(String name) {
        Path module = Path.of("").toAbsolutePath();
        Path folder = Boolean.getBoolean("dsar.screenshots") ? module.getParent().resolve("docs/images")
                : module.resolve("target/screenshots");
        return folder.resolve(name + ".png");
    }
}
