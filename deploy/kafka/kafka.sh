#!/usr/bin/env bash
# Starts a one-node Apache Kafka broker (KRaft; 3.9.1 unless --version or KAFKA_VERSION says otherwise) on
# 127.0.0.1 for local development: fetches the jars from Maven Central into deploy/kafka/lib/<version> on
# first use, formats storage, runs kafka.Kafka with -Xmx512m.
# Options: --port N, --data-dir DIR (kept between runs), --version X.Y.Z, --quiet. See deploy/kafka/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v java >/dev/null || { echo "java (17+) is required" >&2; exit 1; }
command -v mvn >/dev/null || { echo "mvn is required to fetch the Kafka jars" >&2; exit 1; }
exec node_modules/.bin/tsx deploy/kafka/start-kafka.ts "$@"
