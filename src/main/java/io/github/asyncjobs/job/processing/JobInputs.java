package io.github.asyncjobs.job.processing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/** A job's input as kept with its record once it failed: the JSON it was sent as, or the raw text if it is not JSON. */
public final class JobInputs {

    private JobInputs() {
    }

    public static JsonNode parse(ObjectMapper mapper, byte[] input) {
        if (input == null) {
            return null;
        }
        try {
            return mapper.readTree(input);
        } catch (IOException e) {
            return TextNode.valueOf(new String(input, StandardCharsets.UTF_8));
        }
    }
}
