package io.github.asyncjobs.testing.servicebus;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.message.Message;

/** Wire-level helpers: transfer payloads to messages and back, and lock tokens to delivery tags and back. */
final class AmqpCodec {

    /** Message format of an SDK batch: a message whose body is one Data section per encoded message. */
    static final int BATCH_FORMAT = 0x80013700;

    static final Symbol MESSAGE_LOCK_LOST = Symbol.valueOf("com.microsoft:message-lock-lost");

    private AmqpCodec() {
    }

    static List<Message> decodeTransfer(byte[] payload, int format) {
        if (format != BATCH_FORMAT) {
            return List.of(decode(payload, 0, payload.length));
        }
        // proton-j's Message keeps only one body section, so read the batch's sections one by one.
        var decoder = new DecoderImpl();
        AMQPDefinedTypes.registerAllTypes(decoder, new EncoderImpl(decoder));
        var buffer = ByteBuffer.wrap(payload);
        decoder.setByteBuffer(buffer);
        var messages = new ArrayList<Message>();
        while (buffer.hasRemaining()) {
            if (decoder.readObject() instanceof Data data) {
                Binary bytes = data.getValue();
                messages.add(decode(bytes.getArray(), bytes.getArrayOffset(), bytes.getLength()));
            }
        }
        return messages;
    }

    static byte[] encode(Message message) {
        // proton-j's encoders check for headroom beyond the exact size, so grow a buffer until it fits.
        for (int size = 4096; ; size *= 2) {
            var buffer = new byte[size];
            try {
                return Arrays.copyOf(buffer, message.encode(buffer, 0, size));
            } catch (BufferOverflowException tooSmall) {
                // try a bigger buffer
            }
        }
    }

    /** The SDK reads a lock token from a 16-byte delivery tag holding a GUID in .NET byte order. */
    static byte[] deliveryTag(UUID lockToken) {
        var bytes = ByteBuffer.allocate(16)
                .putLong(lockToken.getMostSignificantBits())
                .putLong(lockToken.getLeastSignificantBits())
                .array();
        swapDotNetGroups(bytes);
        return bytes;
    }

    static UUID lockToken(byte[] deliveryTag) {
        var bytes = deliveryTag.clone();
        swapDotNetGroups(bytes);
        var buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    static Rejected lockLost() {
        var rejected = new Rejected();
        rejected.setError(new ErrorCondition(MESSAGE_LOCK_LOST,
                "The lock supplied is invalid: it expired or was lost, or the message was already settled."));
        return rejected;
    }

    private static Message decode(byte[] bytes, int offset, int length) {
        var message = Message.Factory.create();
        message.decode(bytes, offset, length);
        return message;
    }

    /** .NET stores the first three GUID groups (4, 2 and 2 bytes) little-endian. */
    private static void swapDotNetGroups(byte[] bytes) {
        reverse(bytes, 0, 4);
        reverse(bytes, 4, 2);
        reverse(bytes, 6, 2);
    }

    private static void reverse(byte[] bytes, int from, int length) {
        for (int i = 0; i < length / 2; i++) {
            byte swap = bytes[from + i];
            bytes[from + i] = bytes[from + length - 1 - i];
            bytes[from + length - 1 - i] = swap;
        }
    }
}
