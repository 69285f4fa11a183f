package io.banyan.node.persistence.rdb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an RDB version 10 file to a stream: the {@code REDIS0010} header and auxiliary fields,
 * database sections and keys, then the EOF opcode and the CRC-64 of everything before it (8 zero
 * bytes when {@code rdbchecksum} is off).
 *
 * <p>Each call encodes at once, so the writer can run on the command thread while values are stable
 * and hand its bytes to a stream that another thread drains (a pipe to the file or a replica's
 * socket). Keys may also be encoded elsewhere with an {@link RdbEncoder} into an {@link RdbBuffer}
 * and passed in with {@link #writeEncoded}.
 *
 * <pre>{@code
 * RdbWriter rdb = new RdbWriter(pipe, RdbOptions.from(config));   // pipe: any OutputStream
 * rdb.writeHeader(RdbAux.now(engine.usedMemory()));
 * // for each database, in any order; SELECTDB again whenever the database changes
 * rdb.selectDb(db, keysInDb, keysWithExpiry);
 * rdb.writeKey(entry.key(), entry.value(), entry.expireAtMs(), idleOrMinus1, freqOrMinus1);
 * long bytes = rdb.finish();                                       // EOF + CRC-64, flush
 * }</pre>
 *
 * <p>Bytes are buffered up to 64 KB before reaching the stream. Not thread-safe; the stream is
 * flushed by {@link #finish} but not closed.
 */
public final class RdbWriter {
  private static final int FLUSH_AT = 1 << 16;

  private final OutputStream out;
  private final RdbOptions options;
  private final RdbEncoder encoder;
  private final RdbBuffer pending = new RdbBuffer(FLUSH_AT + 1024);
  private long crc;
  private long written;
  private boolean finished;

  public RdbWriter(OutputStream out, RdbOptions options) {
    this.out = out;
    this.options = options;
    this.encoder = new RdbEncoder(options);
  }

  /** The magic string with the format version: {@code REDIS0010}. */
  public void writeMagic() throws IOException {
    pending.write(String.format("REDIS%04d", Rdb.VERSION).getBytes(StandardCharsets.US_ASCII));
    flushIfFull();
  }

  /** The magic string followed by the auxiliary fields, as Redis 7.0 starts a file. */
  public void writeHeader(RdbAux aux) throws IOException {
    writeMagic();
    aux.writeTo(encoder, pending);
    flushIfFull();
  }

  /** One more auxiliary field. */
  public void writeAux(String name, String value) throws IOException {
    encoder.writeAux(pending, name, value);
    flushIfFull();
  }

  /** SELECTDB and RESIZEDB: starts the section of database {@code db}. */
  public void selectDb(int db, long keys, long keysWithExpiry) throws IOException {
    encoder.writeSelectDb(pending, db);
    encoder.writeResizeDb(pending, keys, keysWithExpiry);
    flushIfFull();
  }

  /** SELECTDB alone: returns to a database whose section was started before. */
  public void selectDb(int db) throws IOException {
    encoder.writeSelectDb(pending, db);
    flushIfFull();
  }

  /** Encodes and writes one key; see {@link RdbEncoder#writeKey}. */
  public void writeKey(byte[] key, Object value, long expireAtMs, long idleSeconds, int frequency)
      throws IOException {
    encoder.writeKey(pending, key, value, expireAtMs, idleSeconds, frequency);
    flushIfFull();
  }

  /** Bytes produced by an {@link RdbEncoder} (keys, SELECTDB, RESIZEDB), written as they are. */
  public void writeEncoded(byte[] bytes, int off, int len) throws IOException {
    if (pending.size() + len <= FLUSH_AT) {
      pending.write(bytes, off, len);
      return;
    }
    flushPending();
    emit(bytes, off, len);
  }

  /** Ends the file: EOF and the checksum; flushes the stream. Returns the file's size. */
  public long finish() throws IOException {
    if (finished) {
      throw new IllegalStateException("RDB already finished");
    }
    pending.write(Rdb.OPCODE_EOF);
    flushPending();
    long checksum = options.checksum() ? crc : 0;
    byte[] trailer = new byte[8];
    for (int i = 0; i < 8; i++) {
      trailer[i] = (byte) (checksum >>> (8 * i));
    }
    out.write(trailer);
    written += 8;
    out.flush();
    finished = true;
    return written;
  }

  /** Bytes handed to the stream so far (the buffered tail excluded). */
  public long bytesWritten() {
    return written;
  }

  private void flushIfFull() throws IOException {
    if (pending.size() >= FLUSH_AT) {
      flushPending();
    }
  }

  private void flushPending() throws IOException {
    if (pending.size() > 0) {
      emit(pending.array(), 0, pending.size());
      pending.reset();
    }
  }

  private void emit(byte[] bytes, int off, int len) throws IOException {
    if (options.checksum()) {
      crc = Crc64.update(crc, bytes, off, len);
    }
    out.write(bytes, off, len);
    written += len;
  }
}
