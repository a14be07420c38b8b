# azd hook on Windows (prepackage and predeploy, azure.yaml): same as build-native.sh. Builds the native executable
# that src/main/docker/Dockerfile.native-micro copies into the image, in a Mandrel builder container (Linux
# executable), unless target/*-runner is newer than pom.xml and everything under src/main.
# The image is linux/amd64 (azure.yaml): on another architecture the builder container runs as amd64 under emulation.
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..\..')
& (Join-Path $PSScriptRoot 'check-settings.ps1')

$runner = Get-ChildItem -Path target -Filter '*-runner' -File -ErrorAction SilentlyContinue |
    Sort-Object LastWriteTime -Descending | Select-Object -First 1
if ($runner -and $env:FORCE_NATIVE_BUILD -ne 'true') {
    $newer = Get-ChildItem -Path pom.xml, src/main -Recurse -File |
        Where-Object { $_.LastWriteTime -gt $runner.LastWriteTime } | Select-Object -First 1
    if (-not $newer) {
        Write-Host "Native executable $($runner.Name) is up to date; not rebuilding (FORCE_NATIVE_BUILD=true to force)."
        exit 0
    }
}

$platform = @()
if ($env:PROCESSOR_ARCHITECTURE -ne 'AMD64') {
    Write-Host "This machine is $($env:PROCESSOR_ARCHITECTURE): building the linux/amd64 executable in an emulated amd64 builder container (slower)."
    $platform = @('-Dquarkus.native.container-runtime-options=--platform=linux/amd64')
}

Write-Host 'Building the native executable (several minutes; needs Docker or Podman for the Mandrel builder image)...'
& ./mvnw.cmd -B package -Dnative '-Dquarkus.native.container-build=true' @platform -DskipTests
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
