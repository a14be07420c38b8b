package io.github.asyncjobs.handler;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A string as is, or a number as its plain decimal text ({@code 169008} is {@code "169008"}): for identifiers that feeds
 * send either way. Strings are otherwise strings only (see the service's strict mapping).
 */
@RegisterForReflection
public class TextOrNumber extends StdDeserializer<String> {

    public TextOrNumber() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            return parser.getText();
        }
        if (parser.currentToken().isNumeric()) {
            return parser.getDecimalValue().toPlainString();
        }
        throw JsonMappingException.from(parser, "must be a string or a number");
    }
}
