#!/bin/sh
# `make system`: optional system packages for the course, installed only when we can (root with
# apt-get). It changes the system, so `make test` never runs it: run it yourself (CI runs it first).
#   dataset-fashion-mnist  the full Fashion-MNIST in /usr/share/datasets/fashion-mnist (offline copy)
#   graphviz               the `dot` program keras.utils.plot_model needs for model diagrams
#   chromium               the real browser tests/test_site.py drives (Playwright, system browser)
# Anything that cannot be installed is reported, never fatal: dlcourse says what is missing at use.
want="dataset-fashion-mnist graphviz chromium"
missing=""
for p in $want; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
    [ "$status" = "install ok installed" ] || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "system data: all present ($want)"
    exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "system data: not installed (needs root and apt-get):$missing"
    echo "  Debian/Ubuntu: sudo apt-get install$missing"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
    echo "system data: installed$missing"
else
    echo "system data: apt-get could not install$missing (continuing without it)"
fi
exit 0
