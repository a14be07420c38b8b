package io.github.asyncjobs.job;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules of a job's {@code tags}: labels given at submit, to find jobs by ({@code ?tag=key:value}). A tag is indexed
 * as its term {@code key:value}; a key cannot hold a colon, so a term splits at its first one.
 */
public final class JobTags {

    public static final int MAX_TAGS = 10;
    public static final int MAX_VALUE_LENGTH = 256;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private JobTags() {
    }

    /** What is wrong with a key, if anything. */
    public static Optional<String> keyProblem(String key) {
        return KEY.matcher(key).matches() ? Optional.empty() : Optional.of("a key is 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-'");
    }

    /** What is wrong with a value, if anything. */
    public static Optional<String> valueProblem(String value) {
        return value.length() <= MAX_VALUE_LENGTH ? Optional.empty()
                : Optional.of("a value has at most " + MAX_VALUE_LENGTH + " characters");
    }

    /** The indexed form of one tag. */
    public static String term(String key, String value) {
        return key + ":" + value;
    }

    /** Whether {@code tags} hold the tag {@code term} names. */
    public static boolean has(Map<String, String> tags, String term) {
        int colon = term.indexOf(':');
        return tags != null && colon > 0 && term.substring(colon + 1).equals(tags.get(term.substring(0, colon)));
    }
}
