package io.securelink.crypto;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a key material file whole, turning I/O failures into messages that name the file. */
final class FileContents {
    static final long MAX_BYTES = 4L * 1024 * 1024;

    private FileContents() {
    }

    static byte[] read(Path file) throws KeyMaterialException {
        try {
            if (Files.isDirectory(file)) {
                throw new KeyMaterialException("cannot read " + file + ": it is a directory");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new KeyMaterialException("cannot read " + file + ": " + size
                        + " bytes is too large for key material (limit " + MAX_BYTES + ")");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeyMaterialException("cannot read " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new KeyMaterialException("cannot read " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new KeyMaterialException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
