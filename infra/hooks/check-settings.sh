#!/bin/sh
# azd hook (preprovision, azure.yaml) and the first step of build-native.sh: refuses a deployment that cannot work
# before anything long starts. The apps refuse to start without the audience of the API's access tokens, and
# `azd up` builds the native executable (several minutes) before it provisions, so the check comes first.
set -eu
if [ -z "${JOBS_AUTH_AUDIENCE:-}" ]; then
  echo "JOBS_AUTH_AUDIENCE is not set: the API needs the audience of its access tokens." >&2
  echo "  azd env set JOBS_AUTH_AUDIENCE api://<client id of the API app registration>" >&2
  echo "See \"Authentication\" in docs/deployment.md." >&2
  exit 1
fi
