package io.github.asyncjobs.api;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.github.asyncjobs.job.spi.FieldError;

/**
 * Reads a request body as exactly one JSON object in UTF-8 (RFC 8259), refusing what parsers usually let through:
 * invalid or overlong UTF-8, other encodings, duplicate names, anything after the document, strings with unpaired
 * surrogates, and numbers beyond a double's range (read as BigDecimal, {@code 1e400} would become Infinity in a handler,
 * and arithmetic on an exponent of millions takes minutes). The range check reads the exponent alone, so that it costs
 * nothing whatever the number.
 */
final class RequestJson {

    /** Largest and smallest decimal exponents of a finite, non-zero double. */
    private static final int MAX_EXPONENT = 308;
    private static final int MIN_EXPONENT = -324;

    private final ObjectReader reader;

    RequestJson(ObjectMapper mapper) {
        // Decimals as BigDecimal: no precision lost on the way to the handler, and ranges checked below.
        this.reader = mapper.readerFor(JsonNode.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** The body's object. @throws ProblemException 400 with a pointer to what is wrong */
    JsonNode parse(byte[] body) {
        JsonNode root;
        try {
            // Decoded first, strictly: the parser would accept overlong forms and guess UTF-16 or UTF-32 from the bytes.
            root = reader.readTree(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException e) {
            throw invalid("The request body is not valid UTF-8", "", "must be JSON encoded as UTF-8");
        } catch (IOException | NumberFormatException e) {
            var message = e.getMessage() == null ? "malformed JSON" : e.getMessage().lines().findFirst().orElse("malformed JSON");
            throw invalid("The request body is not valid JSON", "", message);
        }
        if (root == null || !root.isObject()) {
            throw invalid("The request body must be a JSON object: {\"type\": ..., \"input\": ...}", "", "must be an object");
        }
        var errors = new ArrayList<FieldError>();
        check(root, "", errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.Type.INVALID_REQUEST.with("The request has values that cannot be taken", errors));
        }
        return root;
    }

    private static void check(JsonNode node, String pointer, List<FieldError> errors) {
        if (node.isNumber()) {
            checkRange(node, pointer, errors);
        } else if (node.isTextual()) {
            checkCharacters(node.textValue(), pointer, errors);
        } else if (node.isObject()) {
            node.properties().forEach(field -> {
                var fieldPointer = pointer + "/" + FieldError.token(field.getKey());
                checkCharacters(field.getKey(), fieldPointer, errors);
                check(field.getValue(), fieldPointer, errors);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), pointer + "/" + i, errors);
            }
        }
    }

    private static void checkRange(JsonNode node, String pointer, List<FieldError> errors) {
        var value = node.isBigDecimal() ? node.decimalValue() : new BigDecimal(node.bigIntegerValue());
        if (value.signum() != 0) {
            long exponent = (long) value.precision() - value.scale() - 1;
            if (exponent > MAX_EXPONENT || exponent < MIN_EXPONENT) {
                errors.add(new FieldError(pointer, "number out of range (beyond 1e" + MAX_EXPONENT + " or below 1e" + MIN_EXPONENT + ")"));
            }
        }
    }

    /** An escaped lone surrogate ({@code "\uD800"}) is valid JSON syntax but no character: it cannot be stored or sent on. */
    private static void checkCharacters(String text, String pointer, List<FieldError> errors) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                errors.add(new FieldError(pointer, "has an unpaired surrogate (\\u" + Integer.toHexString(c).toUpperCase() + ")"));
                return;
            }
        }
    }

    private static ProblemException invalid(String detail, String pointer, String message) {
        return new ProblemException(Problem.Type.INVALID_REQUEST.with(detail, List.of(new FieldError(pointer, message))));
    }
}
