package io.github.asyncjobs.job.processing;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.github.asyncjobs.job.spi.FieldError;
import io.github.asyncjobs.job.spi.InputReader;
import io.github.asyncjobs.job.spi.InvalidJobException;
import io.github.asyncjobs.job.spi.JobContext;
import io.github.asyncjobs.job.spi.JobHandler;

/** The job types this build knows, and the one place where a request's input becomes a handler's input. */
@ApplicationScoped
public class JobHandlers {

    private static final Set<Class<?>> INTEGRAL = Set.of(Integer.class, int.class, Long.class, long.class, Short.class, short.class,
            Byte.class, byte.class, BigInteger.class);

    private final Map<String, JobHandler<?>> byType = new TreeMap<>();
    private final ObjectMapper mapper;
    private final Validator validator;

    public JobHandlers(Instance<JobHandler<?>> handlers, ObjectMapper mapper, Validator validator) {
        handlers.forEach(handler -> {
            var previous = byType.put(handler.type(), handler);
            if (previous != null) {
                throw new IllegalStateException("Two handlers for job type " + handler.type());
            }
        });
        this.mapper = StrictMapping.of(mapper);
        this.validator = validator;
    }

    public List<String> types() {
        return List.copyOf(byType.keySet());
    }

    /** A handler paired with its validated input. */
    public record Prepared<I>(JobHandler<I> handler, I input) {

        public Map<String, String> messageProperties() {
            return handler.messageProperties(input);
        }

        public Object handle(JobContext context) throws Exception {
            return handler.handle(input, context);
        }
    }

    /**
     * Reads and validates {@code input} for the job type.
     *
     * @throws InvalidJobException with JSON Pointers into the request body ({@code /input/...})
     */
    public Prepared<?> prepare(String type, JsonNode input) {
        var handler = Optional.ofNullable(byType.get(type)).orElseThrow(() -> new InvalidJobException(
                "Unknown job type '" + type + "'. Known types: " + String.join(", ", byType.keySet()),
                List.of(new FieldError("/type", "must be one of " + String.join(", ", byType.keySet())))));
        return prepare(handler, input);
    }

    private <I> Prepared<I> prepare(JobHandler<I> handler, JsonNode input) {
        if (input == null || input.isMissingNode() || input.isNull()) {
            throw new InvalidJobException("The job has no input", List.of(new FieldError("/input", "must be present")));
        }
        return new Prepared<>(handler, handler.read(input, new Reader(handler.type())));
    }

    /** Reads for one job type, which the errors' detail names. */
    private final class Reader implements InputReader {

        private final String jobType;

        Reader(String jobType) {
            this.jobType = jobType;
        }

        @Override
        public <T> T read(JsonNode json, Class<T> type, String at) {
            T value;
            try {
                value = mapper.treeToValue(json, type);
            } catch (JsonMappingException e) {
                throw new InvalidJobException("The input does not have the shape job type '" + jobType + "' expects",
                        List.of(new FieldError(pointer(at, e.getPath()), mappingMessage(e))));
            } catch (JsonProcessingException e) {
                throw new InvalidJobException("The input cannot be read", List.of(new FieldError(at, e.getOriginalMessage())));
            }
            if (value == null) {
                throw invalid(List.of(new FieldError(at, "must not be null")));
            }
            var violations = validator.validate(value);
            if (!violations.isEmpty()) {
                throw invalid(violations.stream()
                        .map(v -> new FieldError(pointer(at, v), v.getMessage()))
                        .sorted(Comparator.comparing(FieldError::pointer).thenComparing(FieldError::message))
                        .toList());
            }
            return value;
        }

        private InvalidJobException invalid(List<FieldError> errors) {
            return new InvalidJobException("The input of job type '" + jobType + "' is not valid", errors);
        }
    }

    private static String pointer(String at, List<JsonMappingException.Reference> path) {
        var pointer = new StringBuilder(at);
        for (var reference : path) {
            pointer.append('/').append(reference.getFieldName() != null ? FieldError.token(reference.getFieldName()) : reference.getIndex());
        }
        return pointer.toString();
    }

    /** Property names in violation paths are JSON names already (see {@link JsonPropertyNodeNames}). */
    private static String pointer(String at, ConstraintViolation<?> violation) {
        var pointer = new StringBuilder(at);
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getIndex() != null) {
                pointer.append('/').append(node.getIndex());
            } else if (node.getKey() != null) {
                pointer.append('/').append(FieldError.token(node.getKey().toString()));
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                pointer.append('/').append(FieldError.token(node.getName()));
            }
        }
        return pointer.toString();
    }

    /** Says what JSON was expected, in JSON terms rather than Jackson's Java ones. */
    private static String mappingMessage(JsonMappingException e) {
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            var target = mismatch.getTargetType();
            if (target.isEnum()) {
                return "must be one of " + Arrays.stream(target.getEnumConstants()).map(JobHandlers::jsonName).toList();
            }
            if (INTEGRAL.contains(target)) {
                return "must be a whole number";
            }
            if (Number.class.isAssignableFrom(target) || (target.isPrimitive() && target != boolean.class)) {
                return "must be a number";
            }
            if (target == Boolean.class || target == boolean.class) {
                return "must be true or false";
            }
            if (target == String.class) {
                return "must be a string";
            }
            if (Collection.class.isAssignableFrom(target) || target.isArray()) {
                return "must be an array";
            }
            return "must be an object";
        }
        return e.getOriginalMessage();
    }

    private static String jsonName(Object constant) {
        var name = ((Enum<?>) constant).name();
        try {
            var annotation = constant.getClass().getField(name).getAnnotation(JsonProperty.class);
            return annotation != null ? annotation.value() : name;
        } catch (NoSuchFieldException e) {
            return name;
        }
    }
}
