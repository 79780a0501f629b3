#!/bin/sh
# Set up everything the test suite needs on a fresh machine, then run it.
# Used by the README's test command and by .ci/run.
set -eu
cd "$(dirname "$0")/.."

# The HTML report is tested in a real headless Chromium (Debian's package).
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Debian's chromium for the browser tests..."
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
            || echo "warning: could not install chromium; the browser tests will fail" >&2
    else
        echo "warning: chromium is not installed (apt-get install chromium); the browser tests will fail" >&2
    fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
exec .venv/bin/python -m pytest "$@"
