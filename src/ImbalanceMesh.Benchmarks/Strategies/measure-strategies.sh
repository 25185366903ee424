#!/bin/sh
# Strategy sweep on a long-tailed benchmark through the real services: starts the mesh (../Training/service-mesh.sh
# with Evaluation), imports the benchmark, runs `imesh sweep` once per seed (15 epochs, cnn, the sweep's light
# augmentation; 20 px for digits, the tiles' own size, 32 px for the demo set), evaluates each seed's ce model with
# post-hoc logit adjustment (τ chosen on validation), prints the doctor's advice and the table of summarize.py. Run from the repository root:
#   BENCH=digits IF=50 sh src/ImbalanceMesh.Benchmarks/Strategies/measure-strategies.sh
#   BENCH=demo sh src/ImbalanceMesh.Benchmarks/Strategies/measure-strategies.sh
# STRATEGIES (comma-separated names or compositions), SEEDS (default "1 2 3") and EPOCHS (default 15) override;
# SWEEP_ARGS is passed to every `imesh sweep` (e.g. SWEEP_ARGS="--flip none": digits are not mirror images).
# digits needs digits.png from the opencv-doc package (DIGITS=path, default /tmp/opencv-doc/...):
#   mkdir -p /tmp/opencv-doc && cd /tmp/opencv-doc && apt-get download opencv-doc &&
#   dpkg-deb --fsys-tarfile opencv-doc_*.deb | tar -x ./usr/share/doc/opencv-doc/examples/data/digits.png
set -e
here=$(cd "$(dirname "$0")" && pwd)
BENCH=${BENCH:-digits}
IF=${IF:-50}
SEEDS=${SEEDS:-1 2 3}
EPOCHS=${EPOCHS:-15}
# Today's single changes that beat ce on these sets (focal, class-balanced and ldam-drw did not; add them with
# STRATEGIES), plain mixup (the alias, natural batches), the compositions and the decoupling stages (cRT: 3 extra
# classifier epochs at 15 epochs; tau-norm: τ chosen on val).
SINGLES=ce,weighted-ce,oversample,balanced,mixup,logit-adjusted
COMPOSED=ce+drw,remix+drw,oversample+mixup+mix-off,oversample+remix+mix-off,balanced+mixup+mix-off,balanced+remix+mix-off
DECOUPLED=ce+crt,ce+tau-norm,oversample+crt,oversample+mixup+mix-off+crt
STRATEGIES=${STRATEGIES:-$SINGLES,$COMPOSED,$DECOUPLED}
OUT=${OUT:-$(pwd)/.imesh/strategy-bench-$BENCH$IF}
WITH_EVALUATION=1 IMPORT_DEMO=0 . "$here/../Training/service-mesh.sh"

if [ "$BENCH" = digits ]; then
  train=lt$IF test=lt$IF-test size=${IMAGE_SIZE:-20}
  /usr/bin/python3 "$here/long_tailed_digits.py" "${DIGITS:-/tmp/opencv-doc/usr/share/doc/opencv-doc/examples/data/digits.png}" "$out/data" "$IF"
  imesh ingest folder "$out/data/train" --dataset "$train" --split 0.9,0.1,0 > /dev/null
  imesh ingest folder "$out/data/test" --dataset "$test" --split 0,0,1 > /dev/null
else
  # imesh demo uploads demo (400/120/30, 0.8 train / 0.2 val) and the balanced demo-test; 1 epoch is enough for that.
  train=demo test=demo-test size=${IMAGE_SIZE:-32}
  imesh demo --epochs 1 --out "$out/demo-upload" > /dev/null
fi
imesh stats "$train" | sed -n '/Doctor/,/splits:/p'
echo "load before: $(cat /proc/loadavg)"
files=
for seed in $SEEDS; do
  started=$(date +%s)
  imesh --json sweep --dataset "$train" --eval-dataset "$test" --strategies "$STRATEGIES" --epochs "$EPOCHS" \
    --seed "$seed" --image-size "$size" ${SWEEP_ARGS:-} --out "$out/sweep-$seed" > "$out/sweep-$seed.json" || true
  ce_job=$(/usr/bin/python3 -c "import json,sys; print(next(r['job'] for r in json.load(open(sys.argv[1]))['results'] if r['strategy']=='ce'))" "$out/sweep-$seed.json")
  imesh --json eval --job "$ce_job" --dataset "$test" --prior-adjustment auto --out "$out/posthoc-$seed" > "$out/posthoc-$seed.json"
  files="$files $out/sweep-$seed.json ce+posthoc-la=$out/posthoc-$seed.json"
  echo "seed $seed: $(( $(date +%s) - started )) s, load $(cat /proc/loadavg)"
done
[ "$BENCH" = digits ] && minority=9 || minority=triangle
MINORITY=$minority /usr/bin/python3 "$here/summarize.py" $files
