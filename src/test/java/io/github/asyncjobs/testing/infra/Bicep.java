package io.github.asyncjobs.testing.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A reader of Bicep, as much as the tests need (no Bicep compiler runs here): top-level declarations, resource bodies,
 * properties. {@code InfraTemplatesTest} checks the templates with it; the strict Azure stand-ins read the role
 * assignments and the apps' settings through it, so that the suite runs what the templates deploy.
 */
public record Bicep(Path file, String text, List<Declaration> declarations) {

    /** A top-level declaration (param, var, resource, module, output, ...) with its decorators and full text. */
    public record Declaration(String kind, String name, String text, List<String> decorators) {
    }

    /** A resource declaration: its symbolic name, type, API version and body (from its opening brace). */
    public record Resource(String symbol, String type, String apiVersion, String body) {

        /** The value of the first {@code key:} in the body, trimmed. */
        public String property(String key) {
            return Bicep.property(body, key);
        }

        public String block(String key) {
            return Bicep.block(body, key);
        }
    }

    private static final Pattern RESOURCE = Pattern.compile("^resource (\\w+) '([^'@]+)@([^']+)'");

    public static Bicep read(Path file) {
        var text = withoutComments(readText(file));
        return new Bicep(file, text, parse(text));
    }

    public List<Declaration> declarations(String kind) {
        return declarations.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    public Declaration declaration(String kind, String name) {
        return declarations(kind).stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(file + ": no " + kind + " " + name));
    }

    public List<Resource> resources() {
        var resources = new ArrayList<Resource>();
        for (var declaration : declarations("resource")) {
            var matcher = RESOURCE.matcher(declaration.text());
            assertThat(matcher.find()).as(declaration.text()).isTrue();
            var body = declaration.text().substring(declaration.text().indexOf('{', declaration.text().indexOf('=')));
            resources.add(new Resource(matcher.group(1), matcher.group(2), matcher.group(3), body));
        }
        return resources;
    }

    /** The one resource of that type in the file. */
    public Resource resource(String type) {
        var matching = resources().stream().filter(r -> r.type().equals(type)).toList();
        assertThat(matching).as("%s: resources of type %s", file, type).hasSize(1);
        return matching.get(0);
    }

    public Resource resourceNamed(String symbol) {
        return resources().stream().filter(r -> r.symbol().equals(symbol)).findFirst()
                .orElseThrow(() -> new AssertionError(file + ": no resource " + symbol));
    }

    /** A module declaration; its body is the text from the opening brace. */
    public Resource module(String symbol) {
        var declaration = declaration("module", symbol);
        var text = declaration.text();
        return new Resource(symbol, "module", "", text.substring(text.indexOf('{', text.indexOf('='))));
    }

    /** A literal, or the literal a var of this file is set to. */
    public String resolve(String expression) {
        return declarations("var").stream().filter(v -> v.name().equals(expression)).findFirst()
                .map(v -> v.text().substring(v.text().indexOf('=') + 1).strip()).orElse(expression);
    }

    public static String property(String body, String key) {
        var values = properties(body, key);
        assertThat(values).as("no %s: in %s", key, body).isNotEmpty();
        return values.get(0);
    }

    public static List<String> properties(String body, String key) {
        var values = new ArrayList<String>();
        var matcher = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + ": ([^\\n]+)$").matcher(body);
        while (matcher.find()) {
            values.add(matcher.group(1).strip());
        }
        return values;
    }

    /** The bracketed value ({...} or [...]) of the first {@code key:} in the text, brackets included. */
    public static String block(String text, String key) {
        var matcher = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + ": (?:[^\\n{\\[]*)([{\\[])").matcher(text);
        assertThat(matcher.find()).as("no %s: { or [ in %s", key, text).isTrue();
        var start = matcher.start(1);
        return text.substring(start, closing(text, start) + 1);
    }

    /** Index of the bracket closing the one at {@code open}, skipping strings. */
    private static int closing(String text, int open) {
        var depth = 0;
        for (var i = open; i < text.length(); i++) {
            var c = text.charAt(i);
            if (c == '\'') {
                i = endOfString(text, i) - 1;
            } else if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if ((c == '}' || c == ']' || c == ')') && --depth == 0) {
                return i;
            }
        }
        throw new AssertionError("unbalanced brackets from " + text.substring(open, Math.min(text.length(), open + 80)));
    }

    /**
     * Top-level items: each starts at a line that begins, at bracket depth 0, with a character other than
     * white space. Decorators are attached to the declaration that follows them.
     */
    private static List<Declaration> parse(String text) {
        var starts = new ArrayList<Integer>();
        var depth = 0;
        var lineStart = true;
        for (var i = 0; i < text.length(); i++) {
            var c = text.charAt(i);
            if (lineStart && depth == 0 && !Character.isWhitespace(c)) {
                starts.add(i);
            }
            lineStart = c == '\n';
            if (c == '\'') {
                i = endOfString(text, i) - 1;
            } else if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
            }
        }
        assertThat(depth).as("brackets balance").isZero();
        var declarations = new ArrayList<Declaration>();
        var decorators = new ArrayList<String>();
        for (var k = 0; k < starts.size(); k++) {
            var item = text.substring(starts.get(k), k + 1 < starts.size() ? starts.get(k + 1) : text.length()).strip();
            if (item.startsWith("@")) {
                decorators.add(item);
                continue;
            }
            var words = item.split("\\s+", 3);
            declarations.add(new Declaration(words[0], words.length > 1 ? words[1] : "", item, List.copyOf(decorators)));
            decorators.clear();
        }
        assertThat(decorators).as("decorators before nothing").isEmpty();
        return declarations;
    }

    /** The text without // and block comments (not touching strings, which may hold "//"). */
    public static String withoutComments(String text) {
        var out = new StringBuilder(text.length());
        var i = 0;
        while (i < text.length()) {
            if (text.startsWith("//", i)) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (text.startsWith("/*", i)) {
                var end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
            } else if (text.charAt(i) == '\'') {
                var end = endOfString(text, i);
                out.append(text, i, end);
                i = end;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    /** Index after the string literal starting at {@code start}, interpolations ${...} and escapes included. */
    private static int endOfString(String text, int start) {
        if (text.startsWith("'''", start)) {
            return text.indexOf("'''", start + 3) + 3;
        }
        var i = start + 1;
        while (i < text.length()) {
            var c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                return i + 1;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                var depth = 1;
                i += 2;
                while (depth > 0) {
                    var d = text.charAt(i);
                    if (d == '\'') {
                        i = endOfString(text, i);
                        continue;
                    }
                    depth += d == '{' ? 1 : d == '}' ? -1 : 0;
                    i++;
                }
            } else {
                i++;
            }
        }
        throw new AssertionError("unterminated string at " + text.substring(start, Math.min(text.length(), start + 60)));
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
