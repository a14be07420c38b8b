#!/usr/bin/env bash
# What the service itself spends per job in full Azure mode, whatever the speed of the stand-ins: CPU milliseconds of
# the service process alone (from /proc) per accepted job, per processed job, per status poll of a pending and of a
# finished job; Blob requests (the service's jobs_storage_requests_total) and Service Bus operations (the test broker's
# own count: messages sent, delivered and settled, $management requests) per job.
# Each figure is measured in rounds of ROUND seconds until two rounds in a row agree within 5%, after MIN_ROUNDS
# (default 10, 6 with EMBEDDED: the Azure accept took about 2.5 minutes to settle, the embedded one about 1): the JIT has settled
# (steady state); every round is printed, so the warm-up shows. CPU while idle (timers, the receivers' waits) is
# measured first and subtracted: a figure is what the work adds.
# Two runs of the service, each on fresh stand-ins: processor off (accepting; polls of a pending job), then on (rounds
# that accept and then drain everything; polls of a finished job). Per processed job = per job of the second run minus
# per accepted job of the first.
# ACCEPT_ONLY=1: the first run only (accepts and polls of a pending job). PROCESS_ONLY=1: the accept-and-process rounds
# only (to compare two builds or settings per job, as ratios of one session's runs).
# EMBEDDED=1: the embedded default instead (no stand-ins; no Blob or Service Bus figures).
# NATIVE=1: the native executable target/*-runner (./mvnw package -Dnative first). SERVICE_OPTS: more options for the
# service (a profiler: -XX:StartFlightRecording=...). Needs wrk, curl, bc (and, in Azure mode, Node.js/npm and port 5671). Usage: [NATIVE=1] [EMBEDDED=1] [ACCEPT_ONLY=1|PROCESS_ONLY=1] [MIN_ROUNDS=n] [DELAY_MS=5] src/bench/cost-per-job.sh [seconds per round, default 15] [connections, default 16]
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/service.sh
round=${1:-15}
connections=${2:-16}
port=18095
hz=$(getconf CLK_TCK)
min_rounds=${MIN_ROUNDS:-$([ -n "${EMBEDDED:-}" ] && echo 6 || echo 10)}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -n "${NATIVE:-}" ] || [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -DskipTests package
if [ -n "${NATIVE:-}" ]; then service=("$(ls target/*-runner | head -1)"); else service=(java -jar target/quarkus-app/quarkus-run.jar); fi
pids=()
trap '[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null || true; rm -rf "${standins_env:-/nonexistent}"* "${data:-/nonexistent}"' EXIT

metric() { curl -s "$(management_url $port)/q/metrics" | awk -v m="$1" '$1 ~ "^"m"({|$)" {s += $2} END {printf "%.0f", s}'; }
operations() { [ -n "${EMBEDDED:-}" ] && echo 0 || awk '{s += $2} END {print s + 0}' "$standins_env.servicebus-operations"; }
now() { date +%s%N; }

idle_ticks() { # the service's CPU ticks a second over 10 s in which nothing is asked of it
  local t0 c0
  t0=$(now); c0=$(ticks "$app"); sleep 10
  echo "($(ticks "$app") - $c0) / (($(now) - $t0) / 1000000000)" | bc -l
}

start() { # processor enabled: true|false
  local where=()
  if [ -n "${EMBEDDED:-}" ]; then
    data=$(mktemp -d)
    where=(-Djobs.storage.local.data-dir="$data" -Djobs.queue.embedded.capacity=100000000)
  else
    start_standins "${DELAY_MS:-5}"
    pids=("$standins_pid")
    where=(-Djavax.net.ssl.trustStore="$TRUST_STORE" -Djavax.net.ssl.trustStorePassword="$TRUST_STORE_PASSWORD" -Djavax.net.ssl.trustStoreType=PKCS12)
  fi
  "${service[0]}" -Djobs.processor.enabled="$1" "${where[@]}" $(service_flags $port) ${SERVICE_OPTS:-} \
    -Dquarkus.log.level=WARN "${service[@]:1}" > target/bench-cost-service.log 2>&1 &
  app=$!
  pids+=("$app")
  until curl -sf -o /dev/null "$(management_url $port)/q/health/ready"; do kill -0 "$app" || { tail target/bench-cost-service.log; exit 1; }; sleep 0.2; done
  # Idle: what the service spends with nothing to do, in ticks a second.
  idle=$(idle_ticks)
  echo "idle: $(printf '%.1f' "$(echo "$idle * 1000 / $hz" | bc -l)") ms of CPU a second"
}
stop() { kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true; rm -rf "${standins_env:-/nonexistent}"* "${data:-/nonexistent}"; pids=(); }

# until_steady LABEL COMMAND: runs COMMAND (which prints "units cpu-ticks seconds blob-requests servicebus-operations"
# for one round) until two rounds in a row agree within 5% on CPU per unit (MIN_ROUNDS at least: the JIT may hold
# a plateau for a few rounds before it compiles the hot path, as the embedded accept did); prints each round, and sets the last
# round's figures: cpu_ms, blob, ops (per unit).
until_steady() {
  local label=$1 previous=0 n=0 units ticks seconds blobs ops_count
  shift
  while :; do
    n=$((n + 1))
    read -r units ticks seconds blobs ops_count < <("$@")
    last_units=$units; last_ticks=$ticks; last_seconds=$seconds
    [ "$units" -gt 0 ] || { echo "$label: no work done in round $n" >&2; exit 1; }
    cpu_ms=$(echo "($ticks - $idle * $seconds) * 1000 / $hz / $units" | bc -l)
    blob=$(echo "$blobs / $units" | bc -l)
    ops=$(echo "$ops_count / $units" | bc -l)
    printf '  %s, round %d: %d in %.0f s, %.2f ms CPU, %.2f Blob requests, %.2f Service Bus operations each\n' \
      "$label" "$n" "$units" "$seconds" "$cpu_ms" "$blob" "$ops"
    if [ "$n" -ge "$min_rounds" ] && echo "$cpu_ms $previous" | awk '{d = $1 - $2; if (d < 0) d = -d; exit !(d <= 0.05 * $2)}'; then
      break
    fi
    [ "$n" -lt 20 ] || { echo "$label: not steady after 20 rounds" >&2; break; }
    previous=$cpu_ms
  done
}

# idle_after LABEL: the idle CPU again once the rounds are over, and the last round's CPU per unit with it. The idle
# measured at start includes the JIT's early work, so at low rates (many seconds per unit) it takes too much off.
idle_after() {
  local late
  late=$(idle_ticks)
  printf '  idle after the rounds: %.1f ms of CPU a second; %s, last round with it: %.2f ms CPU each\n' \
    "$(echo "$late * 1000 / $hz" | bc -l)" "$1" "$(echo "($last_ticks - $late * $last_seconds) * 1000 / $hz / $last_units" | bc -l)"
}

# Rounds: what one round did, as until_steady wants it.
accept_round() {
  local a0 c0 b0 o0 t0
  a0=$(metric jobs_accepted_total); c0=$(ticks "$app"); b0=$(metric jobs_storage_requests_total); o0=$(operations); t0=$(now)
  wrk -t2 -c"$connections" -d"${round}s" -s src/bench/post-echo.lua "http://127.0.0.1:$port/api/jobs" > /dev/null
  echo "$(( $(metric jobs_accepted_total) - a0 )) $(( $(ticks "$app") - c0 )) $(echo "($(now) - $t0) / 1000000000" | bc -l)" \
    "$(( $(metric jobs_storage_requests_total) - b0 )) $(( $(operations) - o0 ))"
}
accept_and_drain_round() {
  local d0 c0 b0 o0 t0
  d0=$(metric jobs_completed_total); c0=$(ticks "$app"); b0=$(metric jobs_storage_requests_total); o0=$(operations); t0=$(now)
  wrk -t2 -c"$connections" -d"${round}s" -s src/bench/post-echo.lua "http://127.0.0.1:$port/api/jobs" > /dev/null
  # Once a second: each look is two scrapes of /q/metrics, which the service pays for (7% of its samples at 5 a second).
  until [ "$(metric jobs_completed_total)" -ge "$(metric jobs_accepted_total)" ]; do sleep 1; done
  echo "$(( $(metric jobs_completed_total) - d0 )) $(( $(ticks "$app") - c0 )) $(echo "($(now) - $t0) / 1000000000" | bc -l)" \
    "$(( $(metric jobs_storage_requests_total) - b0 )) $(( $(operations) - o0 ))"
}
poll_round() { # path
  local c0 b0 o0 t0 requests
  c0=$(ticks "$app"); b0=$(metric jobs_storage_requests_total); o0=$(operations); t0=$(now)
  requests=$(wrk -t2 -c"$connections" -d"${round}s" -s src/bench/get.lua "http://127.0.0.1:$port$1" | awk '/requests in/ {print $1}')
  echo "$requests $(( $(ticks "$app") - c0 )) $(echo "($(now) - $t0) / 1000000000" | bc -l)" \
    "$(( $(metric jobs_storage_requests_total) - b0 )) $(( $(operations) - o0 ))"
}
submit() {
  curl -s -X POST "http://127.0.0.1:$port/api/jobs" -H 'Content-Type: application/json' -d '{"type":"echo","input":{"a":1}}' \
    | sed -E 's/.*"id":"([^"]+)".*/\1/'
}

kind=$([ -n "${NATIVE:-}" ] && echo native || echo JVM)
mode=$([ -n "${EMBEDDED:-}" ] && echo "the embedded default" || echo "full Azure mode on the stand-ins (${DELAY_MS:-5} ms each way)")
echo "# $kind, $mode, $connections connections, ${round} s rounds;" \
  "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(git rev-parse --short HEAD)"
if [ -z "${PROCESS_ONLY:-}" ]; then
  echo "Processor off:"
  start false
  until_steady "accept" accept_round
  accept_cpu=$cpu_ms; accept_blob=$blob; accept_ops=$ops
  idle_after "accept"
  pending=$(submit)
  until_steady "poll of a pending job (GET .../status, 202)" poll_round "/api/jobs/$pending/status"
  pending_cpu=$cpu_ms; pending_blob=$blob
  stop
fi

[ -z "${ACCEPT_ONLY:-}" ] || exit 0
echo "Processor on:"
start true
until_steady "accept and process" accept_and_drain_round
job_cpu=$cpu_ms; job_blob=$blob; job_ops=$ops
idle_after "accept and process"
[ -z "${PROCESS_ONLY:-}" ] || exit 0
finished=$(submit)
until curl -s "http://127.0.0.1:$port/api/jobs/$finished" | grep -q Succeeded; do sleep 0.2; done
until_steady "poll of a finished job (GET .../status, 303 to a SAS)" poll_round "/api/jobs/$finished/status"
finished_cpu=$cpu_ms; finished_blob=$blob
stop

echo
echo "| $kind, steady state | CPU ms | Blob requests | Service Bus operations |"
echo "| --- | --- | --- | --- |"
printf '| per accepted job | %.2f | %.2f | %.2f |\n' "$accept_cpu" "$accept_blob" "$accept_ops"
printf '| per processed job (accept and process, minus accept) | %.2f | %.2f | %.2f |\n' \
  "$(echo "$job_cpu - $accept_cpu" | bc -l)" "$(echo "$job_blob - $accept_blob" | bc -l)" "$(echo "$job_ops - $accept_ops" | bc -l)"
printf '| per job, accepted and processed | %.2f | %.2f | %.2f |\n' "$job_cpu" "$job_blob" "$job_ops"
printf '| per poll of a pending job | %.2f | %.2f | |\n' "$pending_cpu" "$pending_blob"
printf '| per poll of a finished job | %.2f | %.2f | |\n' "$finished_cpu" "$finished_blob"
