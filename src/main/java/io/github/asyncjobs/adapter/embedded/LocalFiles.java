package io.github.asyncjobs.adapter.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import io.github.asyncjobs.job.store.StoreUnavailableException;

/** File operations of the embedded store: writes are atomic (temporary file, then rename), failures are StoreUnavailable. */
final class LocalFiles {

    private LocalFiles() {
    }

    static void write(Path target, byte[] content) {
        write(target, content, null);
    }

    /** With {@code permissions} (where the file system has POSIX permissions) from the moment the file exists. */
    static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) {
        var temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try {
                writeNew(temporary, content, permissions);
            } catch (NoSuchFileException e) {
                // The folder is made on the first write into it, not checked on every write (that throws and catches).
                Files.createDirectories(target.getParent());
                writeNew(temporary, content, permissions);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StoreUnavailableException("Cannot write " + target, e);
        }
    }

    private static void writeNew(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        if (permissions != null && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(permissions));
        }
        Files.write(file, content);
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
