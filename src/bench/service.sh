# Sourced by the benchmarks: what each gives the packaged service, and where its management interface listens.
# service_flags PORT: the API on PORT, the management interface (health, metrics) on PORT+1000, echo jobs on (the prod
# profile leaves them off unless asked), and no token checks (said explicitly, as the prod profile wants in Azure mode).
service_flags() { echo "-Dquarkus.http.port=$1 -Dquarkus.management.port=$(( $1 + 1000 )) -Djobs.echo.enabled=true -Djobs.auth.enabled=false"; }
# management_url PORT: the base URL of the management interface of the service whose API is on PORT.
management_url() { echo "http://127.0.0.1:$(( $1 + 1000 ))"; }
