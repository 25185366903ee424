# Sourced by the training and strategy measurements: builds and starts redis-server, Ingestion, Augmentation, Training
# and, with WITH_EVALUATION=1, Evaluation (Release builds, Aspire-contract env vars) on loopback ports from PORT_BASE,
# stops them on exit, and imports the 32 px demo set as dataset "bench" (not with IMPORT_DEMO=0). Defines `imesh` (the
# CLI against those services) and `$out` (logs; the training service's is training.log).
root=$(pwd)
out=${OUT:-$root/.imesh/training-bench}
base=${PORT_BASE:-47310}
rm -rf "$out" && mkdir -p "$out"
services="Ingestion Augmentation Training"
[ "${WITH_EVALUATION:-0}" = 1 ] && services="$services Evaluation"
for p in $services Cli; do dotnet build -c Release "src/ImbalanceMesh.$p" > "$out/build-$p.log"; done
bin() { echo "$root/src/ImbalanceMesh.$1/bin/Release/net10.0/$2"; }
imesh() { dotnet "$(bin Cli imesh.dll)" --ingestion "http://127.0.0.1:$((base+1))" --augmentation "http://127.0.0.1:$((base+2))" --training "http://127.0.0.1:$((base+3))" --evaluation "http://127.0.0.1:$((base+4))" "$@"; }

redis-server --port "$base" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile "$out/redis.pid" > /dev/null
export ConnectionStrings__cache="127.0.0.1:$base"
# The job queue on the same redis-server: nothing is evicted there (no maxmemory) and nothing need outlive the run.
export ConnectionStrings__jobs="127.0.0.1:$base"
export services__ingestion__http__0="http://127.0.0.1:$((base+1))"
export services__augmentation__http__0="http://127.0.0.1:$((base+2))"
ASPNETCORE_URLS="http://127.0.0.1:$((base+1))" Ingestion__DataRoot="$out/ingestion" Ingestion__AllowedRoots__0="$out" \
  dotnet "$(bin Ingestion ImbalanceMesh.Ingestion.dll)" > "$out/ingestion.log" 2>&1 & ingestion=$!
ASPNETCORE_URLS="http://127.0.0.1:$((base+2))" dotnet "$(bin Augmentation ImbalanceMesh.Augmentation.dll)" > "$out/augmentation.log" 2>&1 & augmentation=$!
ASPNETCORE_URLS="http://127.0.0.1:$((base+3))" Training__DataRoot="$out/training" MALLOC_ARENA_MAX=1 \
  dotnet "$(bin Training ImbalanceMesh.Training.dll)" > "$out/training.log" 2>&1 & training=$!
evaluation=
if [ "${WITH_EVALUATION:-0}" = 1 ]; then
  ASPNETCORE_URLS="http://127.0.0.1:$((base+4))" Evaluation__DataRoot="$out/evaluation" services__training__http__0="http://127.0.0.1:$((base+3))" \
    dotnet "$(bin Evaluation ImbalanceMesh.Evaluation.dll)" > "$out/evaluation.log" 2>&1 & evaluation=$!
fi
trap 'kill $ingestion $augmentation $training $evaluation 2> /dev/null; kill "$(cat "$out/redis.pid")" 2> /dev/null' EXIT
until imesh jobs > /dev/null 2>&1 && imesh datasets > /dev/null 2>&1; do sleep 1; done

if [ "${IMPORT_DEMO:-1}" = 1 ]; then
  imesh demo-data "$out/demo" --size 32 > /dev/null
  imesh ingest folder "$out/demo" --dataset bench > /dev/null
fi
