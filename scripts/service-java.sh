#!/usr/bin/env bash
# The Spark tests need a Java runtime (Spark 4 wants Java 17 or newer). The machines
# this project runs on ship one; install Debian's when it is missing.
set -euo pipefail
if command -v java >/dev/null 2>&1; then
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "service-java.sh: java missing; install openjdk-17-jre-headless" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq openjdk-17-jre-headless
