package io.github.vectorrecall.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vectorrecall.CorruptFileException;
import io.github.vectorrecall.RecallIOException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummedFileTest {
  @TempDir Path dir;

  private Path write(String name, String codec) {
    Path file = dir.resolve(name);
    ChecksummedFile.write(file, codec, 3, out -> out.writeLong(42L));
    return file;
  }

  @Test
  void verify_intactFile_passes_damagedFile_corrupt() throws IOException {
    Path file = write("a.bin", "Test:codec");
    ChecksummedFile.verify(file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[7] ^= 0x01; // inside the format name
    Files.write(file, bytes);
    CorruptFileException e =
        assertThrows(CorruptFileException.class, () -> ChecksummedFile.verify(file));
    assertTrue(e.getMessage().startsWith("checksum mismatch: stored "), e.getMessage());
    Files.write(file, Arrays.copyOf(bytes, 10));
    e = assertThrows(CorruptFileException.class, () -> ChecksummedFile.verify(file));
    assertEquals("file is truncated: only 10 bytes (file: " + file + ")", e.getMessage());
    RecallIOException io = assertThrows(RecallIOException.class,
        () -> ChecksummedFile.verify(dir.resolve("missing.bin")));
    assertTrue(io.getCause() instanceof NoSuchFileException, io.toString());
  }

  @Test
  void quote_escapesAndCutsWhatAFileHolds() {
    assertEquals("'AnnIndex:hnsw'", ChecksummedFile.quote("AnnIndex:hnsw"));
    assertEquals("'a\\u0000b\\u00e9\\u0027\\u005c'", ChecksummedFile.quote("a\0b\u00e9'\\"));
    String quoted = ChecksummedFile.quote("x".repeat(240));
    assertEquals("'" + "x".repeat(32) + "'... (240 characters)", quoted);
  }

  @Test
  void read_otherFormat_quotesTheFoundName() {
    Path file = write("b.bin", "Other:\u0001" + "y".repeat(100));
    CorruptFileException e = assertThrows(CorruptFileException.class,
        () -> ChecksummedFile.read(file, "Test:codec", 1, 3, (in, v) -> in.readLong()));
    assertEquals("expected format 'Test:codec' but the file holds 'Other:\\u0001"
        + "y".repeat(25) + "'... (107 characters) (file: " + file + ")", e.getMessage());
  }

  @Test
  void writeAndRead_removeStaleTemporariesOfThatPathOnly() throws IOException {
    FileTime old = FileTime.from(Instant.now().minus(TempFiles.STALE_AFTER).minusSeconds(60));
    Path stale = Files.write(dir.resolve("c.bin.123.tmp"), new byte[8]);
    Path fresh = Files.write(dir.resolve("c.bin.456.tmp"), new byte[8]);
    Path other = Files.write(dir.resolve("d.bin.789.tmp"), new byte[8]);
    Files.setLastModifiedTime(stale, old);
    Files.setLastModifiedTime(other, old);
    Path file = write("c.bin", "Test:codec");
    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(fresh));
    assertTrue(Files.exists(other));
    Files.setLastModifiedTime(fresh, old);
    long read = ChecksummedFile.read(file, "Test:codec", 3, 3, (in, v) -> in.readLong());
    assertEquals(42L, read);
    assertFalse(Files.exists(fresh));
    assertTrue(Files.exists(other));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "c.bin and d.bin.789.tmp");
    }
  }

  @Test
  void removeStale_keepsFreshOwnAndOtherNames() throws IOException {
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    Path stale = Files.write(dir.resolve(".g12.tmp"), new byte[8]);
    Path own = TempFiles.create(dir, ".g", ".tmp");
    Path fresh = Files.write(dir.resolve(".g34.tmp"), new byte[8]);
    Path letters = Files.write(dir.resolve(".gab.tmp"), new byte[8]);
    Path bare = Files.write(dir.resolve(".g.tmp"), new byte[8]);
    Path subdir = Files.createDirectory(dir.resolve(".g56.tmp"));
    for (Path p : new Path[] {stale, own, letters, bare, subdir}) {
      Files.setLastModifiedTime(p, old);
    }
    assertEquals(1, TempFiles.removeStale(dir, ".g", ".tmp"));
    assertFalse(Files.exists(stale));
    for (Path p : new Path[] {own, fresh, letters, bare, subdir}) {
      assertTrue(Files.exists(p), p + " must stay");
    }
    TempFiles.release(own); // as after a rename: no longer this process's own
    assertEquals(1, TempFiles.removeStale(dir, ".g", ".tmp"));
    assertFalse(Files.exists(own));
    assertEquals(0, TempFiles.removeStale(dir.resolve("missing"), ".g", ".tmp"));
  }
}
