#!/bin/sh
# Set up everything the test suite needs on a fresh machine, then run it.
# Used by the README's test command and by .ci/run.
#
# The HTML report is tested in a real headless Chromium and the shared fact
# store against a real PostgreSQL server, both from Debian's packages: as root
# this script installs whichever is missing (the tests fail, never skip,
# without them).
set -eu
cd "$(dirname "$0")/.."

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
if [ -n "$missing" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Debian packages for the browser and database tests:$missing"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null) \
            || echo "warning: could not install$missing; those tests will fail" >&2
    else
        echo "warning: missing$missing (apt-get install$missing); those tests will fail" >&2
    fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
exec .venv/bin/python -m pytest "$@"
