#!/usr/bin/env bash
# The fair comparison of issue 14: a flow-matching twin and a DDPM (epsilon) twin of the default
# model, trained FROM SCRATCH on the same corpus, for the same number of steps, with the same seed,
# batch, crop, masks, guidance dropout, optimiser and EMA. Only --objective differs. Then both are
# exported, quantised like the shipped model, and swept over network calls by nfe_sweep.py.
#
#   training/twins.sh train     # both runs, one after the other (or TWIN=flow / TWIN=ddpm for one)
#   training/twins.sh export    # runs/twin-ddpm/best.pt -> resources/models/diffusion (shipped, int8);
#                               # runs/twin-flow/best.pt -> training/runs/twin-flow/model (int8, for the sweep)
#   training/twins.sh sweep     # the table and plot of quality vs network calls (docs/nfe-sweep.*)
#
# On a lent GPU, training/gpu_run.sh trains the same pair (twin-flow, twin-ddpm) by wall-clock; export
# its checkpoints with FLOW_CKPT=OUT/twin-flow.pt DDPM_CKPT=OUT/twin-ddpm.pt training/twins.sh export.
#
# Environment: STEPS (default 40000, also the cosine horizon), SEED (0), EXTRA (more train.py
# flags for both runs, e.g. EXTRA="--device cuda" on a GPU machine), CORPUS (training/corpus),
# SCHEDULE (linear; "cosine" for the measured alternative: use another RUN_TAG), RUN_TAG (twin).
# Wall-clock: record each run's trainHours (metrics.csv / the checkpoints) in the model card; on
# the same machine equal steps are very nearly equal wall-clock (same network, one call per step).
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS="${STEPS:-40000}"
SEED="${SEED:-0}"
EXTRA="${EXTRA:-}"
CORPUS="${CORPUS:-training/corpus}"
SCHEDULE="${SCHEDULE:-linear}"
TAG="${RUN_TAG:-twin}"
# The shipped model's recipe (MODEL_CARD.md): batch 16, 256-frame crops, p_edit 0.4, lr 5e-4.
COMMON=(--corpus "$CORPUS" --seed "$SEED" --max-steps "$STEPS" --total-steps "$STEPS" --batch 16 --crop 256
        --p-edit 0.4 --lr 5e-4)

train_one() { # name objective [extra...]
  local name="$1" objective="$2"
  shift 2
  # shellcheck disable=SC2086  # EXTRA is a list of flags
  /usr/bin/python3 training/train.py --run "training/runs/$TAG-$name" --objective "$objective" \
    --fp16-out "training/checkpoints/$TAG-$name-fp16.pt" "${COMMON[@]}" "$@" $EXTRA \
    2>&1 | tee -a "training/runs/$TAG-$name.log"
}

case "${1:-}" in
  train)
    mkdir -p training/runs
    if [ "${TWIN:-flow}" != ddpm ]; then train_one flow flow-matching; fi
    if [ "${TWIN:-ddpm}" != flow ]; then train_one ddpm ddpm-epsilon --beta-schedule "$SCHEDULE"; fi
    ;;
  export)
    /usr/bin/python3 training/export.py --ckpt "${FLOW_CKPT:-training/runs/$TAG-flow/best.pt}" --out "training/runs/$TAG-flow/model" \
      --name "Voicefill flow-matching twin" --context-seconds 1.0 --guidance 1 --graphs-from resources/models/default
    /usr/bin/python3 training/export.py --ckpt "${DDPM_CKPT:-training/runs/$TAG-ddpm/best.pt}" --out resources/models/diffusion \
      --name "Voicefill diffusion twin (DDPM)" --context-seconds 1.0 --guidance 1 --graphs-from resources/models/default
    # int8 like the shipped model (needs the quantiser's venv, see README Training).
    # Both twins use the shipped model's vocoder network, so the comparison is of the samplers alone.
    for m in "training/runs/$TAG-flow/model" resources/models/diffusion; do
      /tmp/qenv/bin/python training/quantize.py "$m" --use
      rm -f "$m/velocity.onnx" "$m/epsilon.onnx"  # the int8 graph is the one the manifest names
    done
    ;;
  sweep)
    nice -n 15 /usr/bin/python3 training/nfe_sweep.py --flow "training/runs/$TAG-flow/model" \
      --diffusion resources/models/diffusion --n 20 --out docs/nfe-sweep.json --plot docs/nfe-sweep.png
    ;;
  *)
    echo "usage: training/twins.sh train|export|sweep (see the comments at the top)" >&2
    exit 2
    ;;
esac
