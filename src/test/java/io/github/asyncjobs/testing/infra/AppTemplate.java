package io.github.asyncjobs.testing.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The environment a container app template ({@code infra/api.bicep}, {@code infra/worker.bicep}) gives its container,
 * evaluated with values for the template's parameters, so that a test runs the packaged app exactly as the templates
 * configure it. It evaluates what those templates write: string literals with interpolations, parameters, variables,
 * {@code string(...)}, and the guard {@code empty(p) ? fail('...') : p}, which fails here as it would fail the
 * deployment. Anything else is refused, so that a template change the evaluator does not understand is noticed.
 */
public final class AppTemplate {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_]\\w*");
    private static final Pattern STRING_CALL = Pattern.compile("string\\((.+)\\)");
    private static final Pattern GUARD = Pattern.compile("empty\\((\\w+)\\)\\s*\\?\\s*fail\\('((?:[^'\\\\]|\\\\.)*)'\\)\\s*:\\s*(\\w+)");
    private static final Pattern ENV_ITEM = Pattern.compile("name: '([A-Z][A-Z0-9_]*)'\\s+value: ([^\\n]+)");

    private final Bicep bicep;

    private AppTemplate(Bicep bicep) {
        this.bicep = bicep;
    }

    /** {@code infra/<app>.bicep}. */
    public static AppTemplate of(String app) {
        return new AppTemplate(Bicep.read(Path.of("infra", app + ".bicep")));
    }

    /** The container's env array: variable name to the Bicep expression of its value, in template order. */
    public Map<String, String> expressions() {
        var env = new LinkedHashMap<String, String>();
        var matcher = ENV_ITEM.matcher(bicep.resource("Microsoft.App/containerApps").block("env"));
        while (matcher.find()) {
            if (env.put(matcher.group(1), matcher.group(2).strip()) != null) {
                throw new IllegalStateException(bicep.file() + " sets " + matcher.group(1) + " twice");
            }
        }
        return env;
    }

    /** The container's environment with {@code parameters} as the template's parameter values. */
    public Map<String, String> environment(Map<String, String> parameters) {
        var env = new LinkedHashMap<String, String>();
        expressions().forEach((name, expression) -> env.put(name, evaluate(expression, parameters)));
        return env;
    }

    private String evaluate(String expression, Map<String, String> parameters) {
        var text = expression.strip();
        if (text.startsWith("'") && text.endsWith("'")) {
            return interpolate(text.substring(1, text.length() - 1), parameters);
        }
        var call = STRING_CALL.matcher(text);
        if (call.matches()) {
            return evaluate(call.group(1), parameters);
        }
        var guard = GUARD.matcher(text);
        if (guard.matches() && guard.group(1).equals(guard.group(3))) {
            var value = evaluate(guard.group(1), parameters);
            if (value.isEmpty()) {
                throw new IllegalStateException(bicep.file() + " refuses to deploy: " + guard.group(2).replace("\\'", "'"));
            }
            return value;
        }
        if (IDENTIFIER.matcher(text).matches()) {
            if (parameters.containsKey(text)) {
                return parameters.get(text);
            }
            var variable = bicep.declarations("var").stream().filter(v -> v.name().equals(text)).findFirst();
            if (variable.isPresent()) {
                var declaration = variable.get().text();
                return evaluate(declaration.substring(declaration.indexOf('=') + 1), parameters);
            }
            throw new IllegalArgumentException(bicep.file() + ": no value given for parameter " + text);
        }
        throw new IllegalArgumentException(bicep.file() + ": the test cannot evaluate " + text + " (teach AppTemplate)");
    }

    private String interpolate(String literal, Map<String, String> parameters) {
        var out = new StringBuilder();
        int at = 0;
        for (int open = literal.indexOf("${"); open >= 0; open = literal.indexOf("${", at)) {
            int close = literal.indexOf('}', open);
            out.append(literal, at, open).append(evaluate(literal.substring(open + 2, close), parameters));
            at = close + 1;
        }
        return out.append(literal.substring(at)).toString().replace("\\'", "'");
    }
}
