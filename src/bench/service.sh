# Sourced by the benchmarks: what each gives the packaged service, where its management interface listens, and how
# wrk measures it.
# service_flags PORT: the API on PORT, the management interface (health, metrics) on PORT+1000, echo jobs on (the prod
# profile leaves them off unless asked), no token checks (said explicitly, as the prod profile wants in Azure mode), and
# the per-caller limits out of the way (a benchmark is one caller posting as fast as it can).
service_flags() { echo "-Dquarkus.http.port=$1 -Dquarkus.management.port=$(( $1 + 1000 )) -Djobs.echo.enabled=true -Djobs.auth.enabled=false -Djobs.limits.rate=1000000000 -Djobs.limits.burst=1000000000 -Djobs.limits.max-unfinished=1000000000"; }
# management_url PORT: the base URL of the management interface of the service whose API is on PORT.
management_url() { echo "http://127.0.0.1:$(( $1 + 1000 ))"; }
# measure CONNECTIONS URL SCRIPT [wrk options...]: a warm-up of WARMUP seconds (default 3), then a run of $seconds ->
# "rps p50 p99 p99.9 bad", bad counting answers other than 2xx/3xx and socket errors. A JVM's accept path needs about a
# minute at full load before the JIT has settled (src/bench/cost-per-job.sh shows it): WARMUP=60 for steady state.
measure() {
  local connections=$1 url=$2 script=$3 threads=$(( $1 < 2 ? 1 : 2 ))
  shift 3
  wrk -t$threads -c"$connections" -d"${WARMUP:-3}s" -s "$script" "$@" "$url" > /dev/null
  wrk -t$threads -c"$connections" -d"${seconds}s" -s "$script" "$@" "$url" | awk '/^RESULT/ {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    sub("ms", "", v["p50"]); sub("ms", "", v["p99"]); sub("ms", "", v["p99.9"])
    print v["rps"], v["p50"], v["p99"], v["p99.9"], v["non2xx3xx"] + v["errors"] }'
}
# ticks PID: the CPU time (user and system) the process has used so far, in clock ticks (getconf CLK_TCK a second).
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# start_standins DELAY_MS: the full-Azure stand-ins (testing.AzureStandIns: Azurite, the test broker behind TLS on 5671,
# a managed-identity endpoint) in the background, each byte held DELAY_MS each way; sets standins_pid and standins_env
# (the environment file it wrote, sourced here; "$standins_env.servicebus-operations" counts the queue's operations).
start_standins() {
  ./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
  standins_env=$(mktemp)
  java -Dstandins.delay-ms="$1" ${STANDINS_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    io.github.asyncjobs.testing.AzureStandIns "$standins_env" > target/bench-standins.log 2>&1 &
  standins_pid=$!
  until [ -s "$standins_env" ]; do kill -0 "$standins_pid" || { cat target/bench-standins.log; exit 1; }; sleep 0.2; done
  # shellcheck disable=SC1090
  source "$standins_env"
}
