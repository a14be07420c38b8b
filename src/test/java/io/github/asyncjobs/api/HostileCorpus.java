package io.github.asyncjobs.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Requests a hostile or careless client sends, each of which must be refused with a 4xx (a problem document once it
 * reaches the API), quickly, making no job. Result-URL requests are templates over a real signed URL.
 */
final class HostileCorpus {

    /** What must come back. */
    enum Answer {
        /** A 4xx problem document. */
        PROBLEM,
        /**
         * A 4xx of the HTTP server's own, with no document: requests whose request line or headers break HTTP's syntax
         * (control characters in a header, conflicting lengths, an undecodable target) never reach the application.
         */
        SERVER_REFUSAL,
        /** A 4xx, or the connection closed: a body whose chunked framing breaks mid-way cannot be answered on it. */
        DROPPED
    }

    /** @param onResultUrl turns a real signed result path (with its query) into this request's path; null for others */
    record Hostile(String name, String method, String path, List<String> headers, byte[] body, Answer answer,
            UnaryOperator<String> onResultUrl, byte[] raw) {

        @Override
        public String toString() {
            return name;
        }

        byte[] bytes(String resultUrl) {
            if (raw != null) {
                return raw;
            }
            var target = onResultUrl == null ? path : onResultUrl.apply(resultUrl);
            var head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
            headers.forEach(header -> head.append(header).append("\r\n"));
            if (body != null && headers.stream().noneMatch(h -> h.regionMatches(true, 0, "Content-Length", 0, 14))
                    && headers.stream().noneMatch(h -> h.regionMatches(true, 0, "Transfer-Encoding", 0, 17))) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            var out = new ByteArrayOutputStream();
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.writeBytes(body);
            }
            return out.toByteArray();
        }
    }

    static final String CLASSIC = "{\"type\": \"echo\", \"input\": {\"id\": \"1234\", \"customername\": \"Contoso\"}}";
    private static final String JSON = "Content-Type: application/json";
    private static final String UNKNOWN_JOB = "/api/jobs/00000000-0000-4000-8000-000000000000";

    private final List<Hostile> all = new ArrayList<>();

    static List<Hostile> all() {
        var corpus = new HostileCorpus();
        corpus.malformedJson();
        corpus.deepAndHuge();
        corpus.invalidUtf8();
        corpus.contentTypes();
        corpus.idempotencyKeys();
        corpus.protocol();
        corpus.methods();
        corpus.ids();
        corpus.listings();
        corpus.resultUrls();
        corpus.jobTypes();
        corpus.salesEvents();
        return corpus.all;
    }

    private void malformedJson() {
        for (int length = 1; length < CLASSIC.length(); length += 7) {
            json("truncated at byte " + length, CLASSIC.substring(0, length));
        }
        json("empty body", "");
        json("only whitespace", " \r\n\t ");
        json("single quotes", "{'type': 'echo', 'input': {}}");
        json("unquoted keys", "{type: \"echo\", input: {}}");
        json("trailing comma in an object", "{\"type\": \"echo\", \"input\": {},}");
        json("trailing comma in an array", "{\"type\": \"echo\", \"input\": {\"a\": [1, 2,]}}");
        json("a comment before the document", "/* hi */" + CLASSIC);
        json("a line comment before the document", "// hi\n" + CLASSIC);
        json("NaN", "{\"type\": \"echo\", \"input\": {\"n\": NaN}}");
        json("Infinity", "{\"type\": \"echo\", \"input\": {\"n\": Infinity}}");
        json("-Infinity", "{\"type\": \"echo\", \"input\": {\"n\": -Infinity}}");
        json("a leading zero", "{\"type\": \"echo\", \"input\": {\"n\": 012}}");
        json("a leading plus", "{\"type\": \"echo\", \"input\": {\"n\": +1}}");
        json("a bare fraction", "{\"type\": \"echo\", \"input\": {\"n\": .5}}");
        json("a dangling decimal point", "{\"type\": \"echo\", \"input\": {\"n\": 1.}}");
        json("a hexadecimal number", "{\"type\": \"echo\", \"input\": {\"n\": 0x10}}");
        json("an exponent without digits", "{\"type\": \"echo\", \"input\": {\"n\": 1e}}");
        json("a lone minus", "{\"type\": \"echo\", \"input\": {\"n\": -}}");
        json("an unknown escape", "{\"type\": \"echo\", \"input\": {\"s\": \"\\x41\"}}");
        json("a short unicode escape", "{\"type\": \"echo\", \"input\": {\"s\": \"\\u12\"}}");
        json("a non-hex unicode escape", "{\"type\": \"echo\", \"input\": {\"s\": \"\\uZZZZ\"}}");
        json("a lone high surrogate escape", "{\"type\": \"echo\", \"input\": {\"s\": \"\\uD800\"}}");
        json("a lone low surrogate escape", "{\"type\": \"echo\", \"input\": {\"s\": \"\\uDC00x\"}}");
        json("a raw tab in a string", "{\"type\": \"echo\", \"input\": {\"s\": \"a\tb\"}}");
        json("a raw newline in a string", "{\"type\": \"echo\", \"input\": {\"s\": \"a\nb\"}}");
        json("a raw NUL in a string", "{\"type\": \"echo\", \"input\": {\"s\": \"a\u0000b\"}}");
        json("a NUL between tokens", "{\"type\": \"echo\",\u0000 \"input\": {}}");
        json("an unterminated string", "{\"type\": \"echo\", \"input\": {\"s\": \"abc}}");
        json("a missing colon", "{\"type\" \"echo\", \"input\": {}}");
        json("a missing comma", "{\"type\": \"echo\" \"input\": {}}");
        json("a key that is not a string", "{\"type\": \"echo\", \"input\": {1: 2}}");
        json("a duplicated type", "{\"type\": \"echo\", \"type\": \"sales-report\", \"input\": {}}");
        json("a duplicated key in the input", "{\"type\": \"echo\", \"input\": {\"a\": 1, \"a\": 2}}");
        json("garbage after the document", CLASSIC + "gar");
        json("a comment after the document", CLASSIC + "//x");
        json("two documents", CLASSIC + " " + CLASSIC);
        json("a NUL after the document", CLASSIC + "\u0000");
        json("an array, not an object", "[" + CLASSIC + "]");
        json("a string, not an object", "\"echo\"");
        json("a number, not an object", "42");
        json("null, not an object", "null");
        json("true, not an object", "true");
        json("a bare word", "echo");
        json("mismatched brackets", "{\"type\": \"echo\", \"input\": [}");
        json("a closing bracket too many", CLASSIC + "}");
    }

    private void deepAndHuge() {
        json("arrays nested 5,000 deep", "{\"type\": \"echo\", \"input\": {\"a\": " + "[".repeat(5000) + "]".repeat(5000) + "}}");
        json("objects nested 5,000 deep", "{\"type\": \"echo\", \"input\": " + "{\"a\": ".repeat(5000) + "1" + "}".repeat(5000) + "}");
        json("arrays opened 100,000 deep and never closed", "{\"type\": \"echo\", \"input\": {\"a\": " + "[".repeat(100_000));
        json("a 1,001-digit integer", "{\"type\": \"echo\", \"input\": {\"n\": 1" + "0".repeat(1000) + "}}");
        json("a 5,000-digit fraction", "{\"type\": \"echo\", \"input\": {\"n\": 0." + "3".repeat(5000) + "}}");
        json("1e400", "{\"type\": \"echo\", \"input\": {\"n\": 1e400}}");
        json("-1e400", "{\"type\": \"echo\", \"input\": {\"n\": -1e400}}");
        json("1e-400", "{\"type\": \"echo\", \"input\": {\"n\": 1e-400}}");
        json("1e4000000", "{\"type\": \"echo\", \"input\": {\"n\": 1e4000000}}");
        json("an exponent beyond an int", "{\"type\": \"echo\", \"input\": {\"n\": 1e99999999999}}");
        json("a negative exponent beyond an int", "{\"type\": \"echo\", \"input\": {\"n\": 1e-99999999999}}");
        json("a huge number as the type", "{\"type\": 1e400, \"input\": {}}");
        var big = "{\"type\": \"echo\", \"input\": {\"s\": \"" + "x".repeat(300_000) + "\"}}";
        json("a body over the size limit", big);
        add(new Hostile("a body over the size limit, chunked", "POST", "/api/jobs", List.of(JSON, "Transfer-Encoding: chunked"),
                chunked(big.getBytes(StandardCharsets.UTF_8)), Answer.PROBLEM, null, null));
        json("a 200,000-character key", "{\"type\": \"echo\", \"input\": {\"" + "k".repeat(200_000) + "\": 1}}");
    }

    private void invalidUtf8() {
        for (var bytes : List.of("c0af", "e080af", "f08080af", "eda080", "edbfbf", "f4908080", "f5808080", "fe", "ff", "80", "bf",
                "c328", "e228a1", "f0289fbc")) {
            utf8("invalid UTF-8 " + bytes + " in a value", "{\"type\": \"echo\", \"input\": {\"s\": \"a", bytes, "b\"}}");
        }
        utf8("invalid UTF-8 in a key", "{\"type\": \"echo\", \"input\": {\"", "c0af", "\": 1}}");
        utf8("invalid UTF-8 in the type", "{\"type\": \"echo", "ff", "\", \"input\": {}}");
        utf8("a truncated two-byte sequence at the end of a string", "{\"type\": \"echo\", \"input\": {\"s\": \"a", "c3", "\"}}");
        utf8("a truncated three-byte sequence at the end of a string", "{\"type\": \"echo\", \"input\": {\"s\": \"", "e282", "\"}}");
        utf8("a truncated four-byte sequence at the end of a string", "{\"type\": \"echo\", \"input\": {\"s\": \"", "f09f98", "\"}}");
        utf8("a truncated sequence at the end of the body", CLASSIC, "e2", "");
        post("the body in UTF-16 with a byte order mark", JSON, utf16(CLASSIC, true));
        post("the body in UTF-16 without a byte order mark", JSON, utf16(CLASSIC, false));
        post("the body in UTF-32", JSON, CLASSIC.getBytes(java.nio.charset.Charset.forName("UTF-32BE")));
        post("the body in Latin-1 with a non-ASCII character", JSON,
                "{\"type\": \"echo\", \"input\": {\"s\": \"caf\u00e9\"}}".getBytes(StandardCharsets.ISO_8859_1));
    }

    private void contentTypes() {
        var body = CLASSIC.getBytes(StandardCharsets.UTF_8);
        add(new Hostile("no Content-Type", "POST", "/api/jobs", List.of(), body, Answer.PROBLEM, null, null));
        for (var type : List.of("", "*/*", "application/*", "text/plain", "text/json", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/jsonx", "application/merge-patch+json", "json", "application json",
                ";;;", "application/json; charset=utf-16", "application/json; charset=iso-8859-1", "application/json; charset=",
                "application/" + "j".repeat(5000))) {
            post("Content-Type '" + abbreviate(type) + "'", "Content-Type: " + type, body);
        }
    }

    private void idempotencyKeys() {
        var body = CLASSIC.getBytes(StandardCharsets.UTF_8);
        for (var key : List.of("", " ", "\t", "x".repeat(256), "caf\u00e9", "key\u00ff")) {
            post("Idempotency-Key '" + abbreviate(key) + "'", JSON, body, "Idempotency-Key: " + key);
        }
        post("Idempotency-Key with a control character", Answer.SERVER_REFUSAL, JSON, body, "Idempotency-Key: a\u0001b");
        post("Idempotency-Key with DEL", Answer.SERVER_REFUSAL, JSON, body, "Idempotency-Key: a\u007fb");
        post("Idempotency-Key in UTF-8 bytes", JSON, body, new String("Idempotency-Key: \u65e5\u672c".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1));
        post("two different Idempotency-Key headers", JSON, body, "Idempotency-Key: one", "Idempotency-Key: two");
    }

    private void protocol() {
        var body = CLASSIC.getBytes(StandardCharsets.UTF_8);
        post("two different Content-Length headers", Answer.SERVER_REFUSAL, JSON, body, "Content-Length: " + body.length, "Content-Length: 3");
        post("Content-Length and Transfer-Encoding together", Answer.SERVER_REFUSAL, JSON, body, "Content-Length: " + body.length,
                "Transfer-Encoding: chunked");
        post("a negative Content-Length", Answer.SERVER_REFUSAL, JSON, body, "Content-Length: -1");
        post("a Content-Length that is not a number", Answer.SERVER_REFUSAL, JSON, body, "Content-Length: ten");
        post("a Content-Length beyond a long", Answer.SERVER_REFUSAL, JSON, body, "Content-Length: 99999999999999999999999");
        post("a Content-Length over the limit, body unsent", JSON, new byte[0], "Content-Length: 1000000000");
        post("a malformed chunk size", Answer.DROPPED, JSON, "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), "Transfer-Encoding: chunked");
        post("Expect: 100-continue for an oversized body", JSON, new byte[0], "Content-Length: 50000000", "Expect: 100-continue");
        post("a malformed X-Forwarded-Host [::1", JSON, body, "X-Forwarded-Host: [::1");
        post("a malformed X-Forwarded-Host [zz", JSON, body, "X-Forwarded-Host: [zz");
        post("an empty X-Forwarded-Proto", JSON, body, "X-Forwarded-Proto: ");
        post("X-Forwarded-Proto 'java script'", JSON, body, "X-Forwarded-Proto: java script");
        post("X-Forwarded-Proto %41", JSON, body, "X-Forwarded-Proto: %41");
        post("X-Forwarded-Proto with a tab", JSON, body, "X-Forwarded-Proto: ht\ttp");
        post("X-Forwarded-Prefix %zz", JSON, body, "X-Forwarded-Prefix: /%zz");
        post("X-Forwarded-Prefix with spaces and quotes", JSON, body, "X-Forwarded-Prefix: /a b\"c");
        raw("Host [zz", "POST /api/jobs HTTP/1.1\r\nHost: [zz\r\n" + JSON + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n" + CLASSIC, Answer.PROBLEM);
        raw("an HTTP/1.1 request without Host", "POST /api/jobs HTTP/1.1\r\n" + JSON + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n" + CLASSIC, Answer.SERVER_REFUSAL);
        raw("a header of 30,000 bytes", "GET /api/jobs/x HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(30_000)
                + "\r\nConnection: close\r\n\r\n", Answer.SERVER_REFUSAL);
        raw("a request line of 10,000 bytes", "GET /api/jobs/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n", Answer.SERVER_REFUSAL);
        raw("a header line without a colon", "GET " + UNKNOWN_JOB + " HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n"
                + "Connection: close\r\n\r\n", Answer.SERVER_REFUSAL);
        raw("a request line with spaces in the target", "GET /api/jobs/a b c HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", Answer.SERVER_REFUSAL);
        raw("garbage instead of a request", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003 hello\r\n\r\n", Answer.SERVER_REFUSAL);
    }

    private void methods() {
        var body = CLASSIC.getBytes(StandardCharsets.UTF_8);
        for (var method : List.of("PUT", "PATCH", "DELETE")) {
            add(new Hostile(method + " /api/jobs", method, "/api/jobs", List.of(JSON), body, Answer.PROBLEM, null, null));
        }
        for (var method : List.of("POST", "PUT", "PATCH")) {
            add(new Hostile(method + " on a job", method, UNKNOWN_JOB, List.of(JSON), body, Answer.PROBLEM, null, null));
        }
        for (var method : List.of("POST", "DELETE", "PUT")) {
            add(new Hostile(method + " on a job's status", method, UNKNOWN_JOB + "/status", List.of(JSON), body, Answer.PROBLEM, null, null));
        }
        add(new Hostile("TRACE /api/jobs", "TRACE", "/api/jobs", List.of(), null, Answer.PROBLEM, null, null));
        add(new Hostile("an invented method", "BREW", "/api/jobs", List.of(), null, Answer.PROBLEM, null, null));
        add(new Hostile("POST to a result", "POST", null, List.of(JSON), body, Answer.PROBLEM, url -> url, null));
        add(new Hostile("DELETE of a result", "DELETE", null, List.of(), null, Answer.PROBLEM, url -> url, null));
    }

    private void ids() {
        for (var id : List.of("not-a-uuid", "..%2F..%2Fjobs.db", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e", "%00", "a%00b",
                "%27%20OR%20%271%27%3D%271", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "00000000-0000-4000-8000-000000000000",
                "00000000-0000-4000-8000-00000000000G", "00000000000040008000000000000000",
                "0-0-0-0-0", "00000000-0000-4000-8000-0000000000001", "x".repeat(3000), "%E6%97%A5%E6%9C%AC",
                "null", "..")) {
            get("GET job " + abbreviate(id), "/api/jobs/" + id);
            if (id.length() < 100 && id.startsWith("0")) {
                get("GET status of job " + id, "/api/jobs/" + id + "/status");
                add(new Hostile("DELETE job " + id, "DELETE", "/api/jobs/" + id, List.of(), null, Answer.PROBLEM, null, null));
            }
        }
        for (var target : List.of("{00000000-0000-4000-8000-000000000000}", "%ZZ", "%", "00000000-0000-4000-8000-000000000000?x=%zz")) {
            get("GET job " + target + " (not a decodable URL)", Answer.SERVER_REFUSAL, "/api/jobs/" + target);
        }
        get("a double slash", "/api/jobs//status");
        get("an unknown API path", "/api/nothing-here");
    }

    /** The listing's query parameters: each bad one a 400 naming it, whatever it holds. */
    private void listings() {
        for (var query : List.of("status=%00", "status=running", "status=Succeeded,", "status=" + "Running,".repeat(500) + "X",
                "type=", "type=" + "t".repeat(500), "createdAfter=yesterday", "createdAfter=2026-13-45T99:99:99Z",
                "createdAfter=%27%20OR%201%3D1", "createdBefore=1e400", "maxpagesize=0", "maxpagesize=-1",
                "maxpagesize=99999999999999999999", "maxpagesize=1.5", "maxpagesize=%20", "skipToken=", "skipToken=%00",
                "skipToken=..%2F..%2Fjobs.db", "skipToken=" + "A".repeat(4000), "skipToken=bm90LWEtdG9rZW4.0000000000000000",
                "createdAfter=2026-01-02T00:00:00Z&createdBefore=2026-01-01T00:00:00Z", "status=Running&status=Failed")) {
            get("GET /api/jobs?" + abbreviate(query), "/api/jobs?" + query);
        }
    }

    private void resultUrls() {
        result("a result URL without its query", url -> url.substring(0, url.indexOf('?')));
        result("a result URL without its signature", url -> url.replaceAll("&sig=[^&]*", ""));
        result("a forged signature", url -> url.replaceAll("sig=[^&]*", "sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        result("a signature one character off", HostileCorpus::flipFirstSignatureCharacter);
        result("an empty signature", url -> url.replaceAll("sig=[^&]*", "sig="));
        result("an expired URL", url -> url.replaceAll("se=[^&]*", "se=2000-01-01T00%3A00%3A00Z"));
        result("an expiry pushed a year ahead", url -> url.replaceAll("se=[^&]*", "se=2099-01-01T00%3A00%3A00Z"));
        result("an expiry that is not a date", url -> url.replaceAll("se=[^&]*", "se=tomorrow"));
        result("a content type changed to text/html", url -> url.replaceAll("rsct=[^&]*", "rsct=text%2Fhtml"));
        result("a file name with a quote and CRLF", url -> url.replaceAll("rscd=[^&]*", "rscd=a%22%0D%0ASet-Cookie%3A%20x%3D1"));
        result("another job's id", url -> url.replaceAll("/api/results/([^/]+)/[^?]+", "/api/results/$1/00000000-0000-4000-8000-000000000000"));
        result("a traversal as the id", url -> url.replaceAll("/api/results/([^/]+)/[^?]+", "/api/results/$1/..%2F..%2Fjobs.db"));
        result("a traversal as the type", url -> url.replaceAll("/api/results/[^/]+/", "/api/results/..%2F..%2F/"));
        result("the signature twice", url -> url + "&sig=AAAA");
        result("the parameter names upper-cased", url -> url.replace("?se=", "?SE=")
                .replace("&rsct=", "&RSCT=").replace("&rscd=", "&RSCD=").replace("&sig=", "&SIG="));
    }

    private void jobTypes() {
        for (var type : List.of("\"echo \"", "\" echo\"", "\"ECHO\"", "\"Echo\"", "\"echo\\u0000\"", "\"\u0435cho\"", "null", "1",
                "[]", "{}", "\"\"", "\" \"", "\"" + "e".repeat(10_000) + "\"", "\"../echo\"", "\"sales-report\\n\"", "true")) {
            json("type " + abbreviate(type), "{\"type\": " + type + ", \"input\": {}}");
        }
        json("no type", "{\"input\": {}}");
        json("echo without input", "{\"type\": \"echo\"}");
        json("echo with null input", "{\"type\": \"echo\", \"input\": null}");
        json("echo with a string input", "{\"type\": \"echo\", \"input\": \"hello\"}");
        json("echo with an array input", "{\"type\": \"echo\", \"input\": [1]}");
    }

    private void salesEvents() {
        var event = "{\"id\": 1, \"store_id\": 7, \"cust_id\": 42, \"category\": \"toys\", \"sku\": \"SKU-1\", \"price\": 1.5,"
                + " \"qty\": 1, \"discount\": 0, \"ts\": \"2024-05-01T10:15:00Z\", \"event_type\": \"sale_event\"}";
        for (var change : List.of("\"event_type\": \"sale_event \"", "\"event_type\": \"SALE_EVENT\"", "\"event_type\": \"sale-event\"",
                "\"event_type\": \" inventory_event\"", "\"event_type\": 0", "\"event_type\": [\"sale_event\"]", "\"qty\": -1",
                "\"qty\": 1.5", "\"qty\": 99999999999999999999", "\"qty\": \"1e-300000000\"", "\"price\": \"1e-300000000\"",
                "\"discount\": \"1e-300000000\"", "\"price\": \"NaN\"", "\"price\": true", "\"discount\": 1e400",
                "\"ts\": \"2023-13-45T99:99:99\"", "\"ts\": \"\"", "\"ts\": 1684507000", "\"category\": \"\"", "\"store_id\": {}",
                "\"id\": true", "\"id\": \" \"", "\"id\": [1]", "\"sku\": {}", "\"sku\": false", "\"category\": 5")) {
            var field = change.substring(0, change.indexOf(':'));
            var changed = event.replaceFirst(java.util.regex.Pattern.quote(field) + ": [^,}]+", java.util.regex.Matcher.quoteReplacement(change));
            json("sales event with " + abbreviate(change), "{\"type\": \"sales-report\", \"input\": {\"events\": [" + changed + "]}}");
        }
        json("sales-report with events not an array", "{\"type\": \"sales-report\", \"input\": {\"events\": {}}}");
        json("sales-report with a null event", "{\"type\": \"sales-report\", \"input\": {\"events\": [null]}}");
        json("sales-report with an event that is an array", "{\"type\": \"sales-report\", \"input\": {\"events\": [[]]}}");
        json("sales-report with 10,001 events", "{\"type\": \"sales-report\", \"input\": {\"events\": [" + "{},".repeat(10_000) + "{}]}}");
        for (var onInvalid : List.of("\"SKIP\"", "\"skip \"", "\"ignore\"", "\"\"", "1", "true", "[\"skip\"]")) {
            json("sales-report with on_invalid " + abbreviate(onInvalid),
                    "{\"type\": \"sales-report\", \"input\": {\"on_invalid\": " + onInvalid + ", \"events\": [" + event + "]}}");
        }
        json("sales-report skipping invalid events, with no events", "{\"type\": \"sales-report\", \"input\": {\"on_invalid\": \"skip\", \"events\": []}}");
        json("sales-report skipping invalid events, with 10,001 events",
                "{\"type\": \"sales-report\", \"input\": {\"on_invalid\": \"skip\", \"events\": [" + "{},".repeat(10_000) + "{}]}}");
    }

    private void json(String name, String body) {
        post(name, JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    private void utf8(String name, String before, String hex, String after) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(HexFormat.of().parseHex(hex));
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        post(name, JSON, out.toByteArray());
    }

    private void post(String name, String contentType, byte[] body, String... headers) {
        post(name, Answer.PROBLEM, contentType, body, headers);
    }

    private void post(String name, Answer answer, String contentType, byte[] body, String... headers) {
        var all = new ArrayList<String>();
        all.add(contentType);
        all.addAll(List.of(headers));
        add(new Hostile(name, "POST", "/api/jobs", all, body, answer, null, null));
    }

    private void get(String name, String path) {
        get(name, Answer.PROBLEM, path);
    }

    private void get(String name, Answer answer, String path) {
        add(new Hostile(name, "GET", path, List.of(), null, answer, null, null));
    }

    private void result(String name, UnaryOperator<String> change) {
        add(new Hostile(name, "GET", null, List.of(), null, Answer.PROBLEM, change, null));
    }

    private void raw(String name, String request, Answer answer) {
        add(new Hostile(name, null, null, List.of(), null, answer, null, request.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private void add(Hostile hostile) {
        all.add(hostile);
    }

    private static String flipFirstSignatureCharacter(String url) {
        int at = url.indexOf("sig=") + 4;
        return url.substring(0, at) + (url.charAt(at) == 'A' ? 'B' : 'A') + url.substring(at + 1);
    }

    private static byte[] chunked(byte[] body) {
        var out = new ByteArrayOutputStream();
        for (int offset = 0; offset < body.length; offset += 8192) {
            int size = Math.min(8192, body.length - offset);
            out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, offset, size);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] utf16(String text, boolean byteOrderMark) {
        var bytes = text.getBytes(StandardCharsets.UTF_16BE);
        if (!byteOrderMark) {
            return bytes;
        }
        var out = new ByteArrayOutputStream();
        out.write(0xFE);
        out.write(0xFF);
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 20) + "... (" + text.length() + " characters)";
    }
}
