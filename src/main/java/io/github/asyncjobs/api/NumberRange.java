package io.github.asyncjobs.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.asyncjobs.job.FieldError;

/**
 * Numbers in a request must fit a double's range: read as BigDecimal, {@code 1e400} would otherwise become Infinity in
 * a handler, and arithmetic on an exponent of millions can take minutes. Checked on the exponent alone, so that the
 * check itself costs nothing, whatever the number.
 */
final class NumberRange {

    /** Largest and smallest decimal exponents of a finite, non-zero double. */
    private static final int MAX_EXPONENT = 308;
    private static final int MIN_EXPONENT = -324;

    private NumberRange() {
    }

    /** Pointers to the numbers in {@code node} out of range; empty when every number fits. */
    static List<FieldError> outOfRange(JsonNode node) {
        var errors = new ArrayList<FieldError>();
        collect(node, "", errors);
        return errors;
    }

    private static void collect(JsonNode node, String pointer, List<FieldError> errors) {
        if (node.isNumber()) {
            var value = node.isBigDecimal() ? node.decimalValue() : new BigDecimal(node.bigIntegerValue());
            if (value.signum() != 0) {
                long exponent = (long) value.precision() - value.scale() - 1;
                if (exponent > MAX_EXPONENT || exponent < MIN_EXPONENT) {
                    errors.add(new FieldError(pointer, "number out of range (beyond 1e" + MAX_EXPONENT + " or below 1e" + MIN_EXPONENT + ")"));
                }
            }
        } else if (node.isObject()) {
            node.properties().forEach(field -> collect(field.getValue(), pointer + "/" + FieldError.token(field.getKey()), errors));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, errors);
            }
        }
    }
}
