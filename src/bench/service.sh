# Sourced by the benchmarks: what each gives the packaged service, where its management interface listens, and how
# wrk measures it.
# service_flags PORT: the API on PORT, the management interface (health, metrics) on PORT+1000, echo jobs on (the prod
# profile leaves them off unless asked), no token checks (said explicitly, as the prod profile wants in Azure mode), and
# the per-caller limits out of the way (a benchmark is one caller posting as fast as it can).
service_flags() { echo "-Dquarkus.http.port=$1 -Dquarkus.management.port=$(( $1 + 1000 )) -Djobs.echo.enabled=true -Djobs.auth.enabled=false -Djobs.limits.rate=1000000000 -Djobs.limits.burst=1000000000 -Djobs.limits.max-unfinished=1000000000"; }
# management_url PORT: the base URL of the management interface of the service whose API is on PORT.
management_url() { echo "http://127.0.0.1:$(( $1 + 1000 ))"; }
# measure CONNECTIONS URL SCRIPT [wrk options...]: a 3 s warm-up, then a run of $seconds -> "rps p50 p99 p99.9 bad", bad
# counting answers other than 2xx/3xx and socket errors.
measure() {
  local connections=$1 url=$2 script=$3 threads=$(( $1 < 2 ? 1 : 2 ))
  shift 3
  wrk -t$threads -c"$connections" -d3s -s "$script" "$@" "$url" > /dev/null
  wrk -t$threads -c"$connections" -d"${seconds}s" -s "$script" "$@" "$url" | awk '/^RESULT/ {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    sub("ms", "", v["p50"]); sub("ms", "", v["p99"]); sub("ms", "", v["p99.9"])
    print v["rps"], v["p50"], v["p99"], v["p99.9"], v["non2xx3xx"] + v["errors"] }'
}
