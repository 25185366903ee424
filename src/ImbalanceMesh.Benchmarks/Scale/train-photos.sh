#!/bin/sh
# Does rare-plus-slice learn the synthetic photos of make-scale-photos.py? Starts the mesh (../Training/service-mesh.sh),
# generates N SIDE px photos (500 rare squares, the rest common discs), imports them and trains
#   imesh train --dataset scale --sampling rare-plus-slice --rare-copies 10 --batch-size 64 --image-size SIDE --epochs E --seed 2 --model cnn
# then prints the job's end and each epoch's line from the training service's log (loss, val balanced accuracy on the
# default 4,096-image stratified subset). Run from the repository root:
#   N=10000 SIDE=64 EPOCHS=12 PORT_BASE=57010 OUT=/work/exp/rps sh src/ImbalanceMesh.Benchmarks/Scale/train-photos.sh
# TRAIN_ARGS is passed to `imesh train` (e.g. TRAIN_ARGS="--augment light").
set -e
here=$(cd "$(dirname "$0")" && pwd)
N=${N:-10000}
SIDE=${SIDE:-64}
EPOCHS=${EPOCHS:-12}
WITH_EVALUATION=0 IMPORT_DEMO=0 . "$here/../Training/service-mesh.sh"
/usr/bin/python3 "$here/make-scale-photos.py" "$out/photos" "$N" "$SIDE" 500
imesh ingest folder "$out/photos" --dataset scale > /dev/null
imesh --json train --dataset scale --sampling rare-plus-slice --rare-copies 10 --batch-size 64 --image-size "$SIDE" \
  --epochs "$EPOCHS" --seed 2 --model cnn ${TRAIN_ARGS:-} > "$out/train.json" || true
cat "$out/train.json"
grep -o "epoch [0-9]*/[0-9]*: loss [0-9.]*.*val bacc [0-9.]*" "$out/training.log" || true
