#!/usr/bin/env bash
# Runs the official Python SDKs against a served simulator:
#   alibabacloud_ecs20140526 (V3 signature) and aliyun-python-sdk-ecs + aliyun-python-sdk-core (V1).
# Sets up the virtualenv .tools/sdk-venv from PyPI when it is missing, starts
# `runcommand-sim serve` on a free loopback port with a pinned clock, runs tests/sdk/check_sdks.py
# and stops the server. Usage: tests/sdk/run.sh [path/to/runcommand-sim]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.tools/sdk-venv"
packages=(alibabacloud_ecs20140526==7.11.8 aliyun-python-sdk-ecs==4.24.83 aliyun-python-sdk-core==2.16.1)

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import alibabacloud_ecs20140526, aliyunsdkecs, aliyunsdkcore' 2>/dev/null; then
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        else
            echo "python3-venv is missing: install it (apt-get install python3-venv)" >&2
            exit 1
        fi
    fi
    mkdir -p "$(dirname "$venv")"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "${packages[@]}"
fi

bin="${1:-}"
if [ -z "$bin" ]; then
    (cd "$root" && cargo build --quiet --bin runcommand-sim)
    bin="$root/target/debug/runcommand-sim"
fi
exec "$venv/bin/python" "$root/tests/sdk/check_sdks.py" "$bin"
