package io.mailfleet.mta.smtp;

import io.mailfleet.mta.smtp.SmtpInput.CommandLine;
import io.mailfleet.mta.smtp.SmtpInput.DataDefect;
import io.mailfleet.mta.smtp.SmtpInput.EndOfData;
import io.mailfleet.mta.smtp.SmtpInput.OverlongCommandLine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits the inbound bytes into command lines, or, between DATA and the end of data, into message
 * content: dot-unstuffed slices of the input, passed on as they arrive, so no message is ever held
 * whole. Only {@code <CRLF>.<CRLF>} ends the data; bare CR and bare LF mark the message as
 * defective instead (SMTP smuggling, RFC 5321 2.3.8 and 4.1.1.4).
 *
 * <p>The session handler steers it: {@link #receiveData()} after a 354, {@link #pause()} while a
 * reply waits on other threads (pipelined input stays buffered), {@link #resume()} after, and
 * {@link #discardBufferedInput()} at STARTTLS, so that plaintext sent after the command is never
 * read as if it had been encrypted.
 */
public final class SmtpLineDecoder extends ByteToMessageDecoder {

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte DOT = '.';

  private final int maxCommandLineLength;
  private final int maxTextLineLength;

  private ChannelHandlerContext ctx;
  private boolean paused;
  private boolean discardingOverlongCommand;

  private boolean inData;
  private boolean atLineStart;
  private boolean afterCr;
  private int lineLength;
  private DataDefect defect;

  /**
   * @param maxCommandLineLength octets in a command line, CRLF included
   * @param maxTextLineLength octets in a line of message data, CRLF included
   */
  public SmtpLineDecoder(int maxCommandLineLength, int maxTextLineLength) {
    this.maxCommandLineLength = maxCommandLineLength;
    this.maxTextLineLength = maxTextLineLength;
  }

  /** Reads what follows as message data, up to and including the end-of-data line. */
  public void receiveData() {
    inData = true;
    atLineStart = true;
    afterCr = false;
    lineLength = 0;
    defect = null;
  }

  /** Stops passing input on; bytes keep accumulating until {@link #resume()}. */
  public void pause() {
    paused = true;
  }

  /** Passes on what accumulated while paused, then goes on as usual. Call on the event loop. */
  public void resume() throws Exception {
    paused = false;
    if (ctx != null && internalBuffer().isReadable()) {
      channelRead(ctx, Unpooled.EMPTY_BUFFER);
    }
  }

  /** Drops every byte received but not yet decoded. */
  public void discardBufferedInput() {
    ByteBuf buffered = internalBuffer();
    buffered.skipBytes(buffered.readableBytes());
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (paused) {
      return;
    }
    if (inData) {
      decodeData(in, out);
    } else {
      decodeCommand(in, out);
    }
  }

  private void decodeCommand(ByteBuf in, List<Object> out) {
    int start = in.readerIndex();
    int lf = in.indexOf(start, in.writerIndex(), LF);
    if (lf < 0) {
      if (in.readableBytes() > maxCommandLineLength) {
        discardingOverlongCommand = true;
        in.skipBytes(in.readableBytes());
      }
      return;
    }
    in.readerIndex(lf + 1);
    if (discardingOverlongCommand || lf + 1 - start > maxCommandLineLength) {
      discardingOverlongCommand = false;
      out.add(new OverlongCommandLine());
      return;
    }
    int end = lf > start && in.getByte(lf - 1) == CR ? lf - 1 : lf;
    out.add(new CommandLine(in.toString(start, end - start, StandardCharsets.UTF_8)));
  }

  private void decodeData(ByteBuf in, List<Object> out) {
    int chunkStart = in.readerIndex();
    int i = chunkStart;
    int end = in.writerIndex();
    while (i < end) {
      if (atLineStart && in.getByte(i) == DOT) {
        boolean mayEndData = end - i < 2 || in.getByte(i + 1) == CR;
        if (mayEndData && end - i < 3) {
          break;
        }
        if (mayEndData && in.getByte(i + 2) == LF) {
          emit(in, chunkStart, i, out);
          in.readerIndex(i + 3);
          inData = false;
          out.add(new EndOfData(defect));
          return;
        }
        emit(in, chunkStart, i, out);
        chunkStart = i + 1;
        i++;
        atLineStart = false;
        lineLength = 1;
        continue;
      }
      if (!afterCr) {
        // Fast path: bytes other than CR and LF only lengthen the line.
        int lineBreak = in.forEachByte(i, end - i, ByteProcessor.FIND_CRLF);
        int stop = lineBreak < 0 ? end : lineBreak;
        if (stop > i) {
          atLineStart = false;
          lineLength += stop - i;
          checkLineLength();
          i = stop;
          continue;
        }
      }
      scan(in.getByte(i));
      i++;
    }
    emit(in, chunkStart, i, out);
    in.readerIndex(i);
  }

  /** Tracks line structure for one content byte other than a stuffing dot. */
  private void scan(byte b) {
    atLineStart = false;
    lineLength++;
    if (afterCr) {
      afterCr = false;
      if (b == LF) {
        atLineStart = true;
        checkLineLength();
        lineLength = 0;
        return;
      }
      markDefect(DataDefect.BARE_LINE_ENDING);
    }
    if (b == CR) {
      afterCr = true;
    } else if (b == LF) {
      markDefect(DataDefect.BARE_LINE_ENDING);
    }
    checkLineLength();
  }

  private void checkLineLength() {
    if (lineLength > maxTextLineLength) {
      markDefect(DataDefect.LINE_TOO_LONG);
    }
  }

  private void markDefect(DataDefect found) {
    if (defect == null) {
      defect = found;
    }
  }

  /** Passes on content bytes [from, to) unless the message is already known to be refused. */
  private void emit(ByteBuf in, int from, int to, List<Object> out) {
    if (to > from && defect == null) {
      out.add(in.retainedSlice(from, to - from));
    }
  }
}
