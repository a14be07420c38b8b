# azd hook on Windows (preprovision, azure.yaml) and the first step of build-native.ps1: same as check-settings.sh.
# Refuses a deployment that cannot work before anything long starts: the apps need the audience of the API's tokens.
$ErrorActionPreference = 'Stop'
if (-not $env:JOBS_AUTH_AUDIENCE) {
    Write-Error ("JOBS_AUTH_AUDIENCE is not set: the API needs the audience of its access tokens.`n" +
        "  azd env set JOBS_AUTH_AUDIENCE api://<client id of the API app registration>`n" +
        'See "Authentication" in docs/deployment.md.')
    exit 1
}
