#!/usr/bin/env bash
# One session on a lent GPU (minutes, not hours): four trainings side by side on one card, from a packed
# corpus (training/pack_corpus.py), each stopping after MINUTES of wall time.
#   bash training/gpu_run.sh PACK_DIR OUT_DIR MINUTES [DEVICE]
#     ft         the default velocity model, continued from training/checkpoints/latest-fp16.pt on real
#                speech (half of each batch, warped speakers) beside the synthetic voices; best by the loss
#                on unseen real speakers                              -> OUT/ft-best.pt, OUT/ft-last.pt
#     twin-flow  the flow-matching twin, from scratch                 -> OUT/twin-flow.pt
#     twin-ddpm  the DDPM (epsilon) twin, from scratch: same corpus, architecture, batch, seed and
#                wall-clock as twin-flow (the diffusion issue's fair comparison) -> OUT/twin-ddpm.pt
#     aligner    the phone aligner                                    -> OUT/aligner.pt
# Logs and metrics go to OUT/logs.tgz. Every .pt is a weights-only fp16 checkpoint that train.py --init,
# export.py and train_aligner.py --export take. DEVICE=cpu runs the same commands for a dry run.
set -u
PACK=${1:?pack dir}; OUT=${2:?out dir}; MIN=${3:-8}; DEV=${4:-cuda}
T=$(cd "$(dirname "$0")" && pwd)
PY=${PYTHON:-python3}
RUNS=${RUNS:-/tmp/voicefill-gpu-runs}
mkdir -p "$OUT" "$RUNS"
export PYTHONUNBUFFERED=1
AMP=(--amp bf16); ABF=(--bf16)
[ "$DEV" = cpu ] && AMP=() && ABF=()
(nvidia-smi -L; $PY -c 'import torch, numpy; print("torch", torch.__version__, "numpy", numpy.__version__, "cuda", torch.cuda.is_available())') > "$RUNS/env.txt" 2>&1
common=(--corpus "$PACK" --device "$DEV" "${AMP[@]}" --crop 256 --p-edit 0.4 --max-minutes "$MIN" --save-min 2 --threads 3)

$PY "$T/train.py" "${common[@]}" --run "$RUNS/ft" --init "$T/checkpoints/latest-fp16.pt" \
  --batch 64 --lr 3e-4 --warmup 300 --total-steps 60000 --real-share 0.5 --warp-real 0.5 --select real --val-every 500 \
  --fp16-out "$OUT/ft-last.pt" --best-fp16 "$OUT/ft-best.pt" > "$RUNS/ft.log" 2>&1 &
for obj in flow-matching ddpm-epsilon; do
  name=twin-${obj%%-*}
  $PY "$T/train.py" "${common[@]}" --run "$RUNS/$name" --objective "$obj" --seed 7 \
    --batch 64 --lr 8e-4 --warmup 500 --total-steps 30000 --real-share 0.3 --warp-real 0.5 --val-every 1000 \
    --fp16-out "$OUT/$name.pt" > "$RUNS/$name.log" 2>&1 &
done
$PY "$T/train_aligner.py" --corpus "$PACK" --run "$RUNS/aligner" --device "$DEV" "${ABF[@]}" --batch 64 \
  --max-minutes "$MIN" --threads 3 --fp16-out "$OUT/aligner.pt" > "$RUNS/aligner.log" 2>&1 &
wait
for r in ft twin-flow twin-ddpm aligner; do cp "$RUNS/$r/metrics.csv" "$RUNS/$r-metrics.csv" 2>/dev/null; done
tar czf "$OUT/logs.tgz" -C "$RUNS" $(cd "$RUNS" && ls *.log *.csv env.txt 2>/dev/null)
ls -la "$OUT"
