#!/bin/sh
# Peak RSS of the ingestion service (Release) during a folder import of N distinct small PNGs through `imesh ingest folder`.
# Usage: sh src/ImbalanceMesh.Benchmarks/Ingestion/measure-large-import.sh [N=100000] [SIDE=28]
set -e
N=${1:-100000}; SIDE=${2:-28}; PORT=5197
WORK=$(mktemp -d /tmp/imesh-large-XXXXXX)
python3 "$(dirname "$0")/make-png-tree.py" "$WORK/images" "$N" "$SIDE"
dotnet build -c Release -o "$WORK/svc" src/ImbalanceMesh.Ingestion >/dev/null
dotnet build -c Release -o "$WORK/cli" src/ImbalanceMesh.Cli >/dev/null
ASPNETCORE_URLS=http://127.0.0.1:$PORT Kestrel__EndpointDefaults__Protocols=Http2 Ingestion__DataRoot="$WORK/data" \
  Ingestion__AllowedRoots__0="$WORK" dotnet "$WORK/svc/ImbalanceMesh.Ingestion.dll" >"$WORK/svc.log" 2>&1 &
SVC=$!
sleep 5
echo "service RSS before: $(grep VmRSS /proc/$SVC/status)"
START=$(date +%s.%N)
dotnet "$WORK/cli/imesh.dll" --ingestion http://127.0.0.1:$PORT --json ingest folder "$WORK/images" --dataset large | grep -E '"(version|imported|duplicates)"'
END=$(date +%s.%N)
echo "import wall time: $(echo "$END - $START" | bc) s for $N images"
echo "service peak RSS: $(grep VmHWM /proc/$SVC/status)"
echo "service CPU (utime+stime, s): $(awk '{print ($14+$15)/100}' /proc/$SVC/stat)"
kill $SVC
rm -rf "$WORK"
