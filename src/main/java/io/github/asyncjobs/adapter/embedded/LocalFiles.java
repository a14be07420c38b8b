package io.github.asyncjobs.adapter.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.github.asyncjobs.job.store.StoreUnavailableException;

/** File operations of the embedded store: writes are atomic (temporary file, then rename), failures are StoreUnavailable. */
final class LocalFiles {

    private LocalFiles() {
    }

    static void write(Path target, byte[] content) {
        var temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try {
                Files.write(temporary, content);
            } catch (NoSuchFileException e) {
                // The folder is made on the first write into it, not checked on every write (that throws and catches).
                Files.createDirectories(target.getParent());
                Files.write(temporary, content);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StoreUnavailableException("Cannot write " + target, e);
        }
    }

    static void delete(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new StoreUnavailableException("Cannot delete " + target, e);
        }
    }

    /** Proves the folder can be written now, by writing and removing a probe file. */
    static void checkWritable(Path directory) {
        var probe = directory.resolve(".probe");
        write(probe, new byte[0]);
        delete(probe);
    }
}
