#!/usr/bin/env bash
# Start (or continue) training in the background: training/run_train.sh RUN_NAME [train.py args...]
#   training/run_train.sh main            # fresh run in training/runs/main
#   training/run_train.sh main --resume   # continue from training/runs/main/last.pt
# Log: training/runs/RUN_NAME/train.log (appended). PID: training/runs/RUN_NAME/train.pid
#
# Threading on a small shared CPU: Debian's torch runs OpenMP threads and calls OpenBLAS inside
# them; the OpenMP build of OpenBLAS (apt-get install libopenblas0-openmp) does not start a
# second thread pool inside those regions, and passive waiting stops idle threads burning the
# CPU share that other processes on the machine leave us. Both measured ~2x fewer CPU-seconds per step.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: training/run_train.sh RUN_NAME [train.py args...]}"
shift
run="training/runs/$name"
mkdir -p "$run"
omp_blas=/usr/lib/x86_64-linux-gnu/openblas-openmp
if [ -e "$omp_blas/libopenblas.so.0" ]; then
  export LD_LIBRARY_PATH="$omp_blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
export OMP_WAIT_POLICY=PASSIVE
echo "$(date -u +%FT%TZ) start: training/train.py --run $run $*" >> "$run/train.log"
nohup nice -n 5 /usr/bin/python3 training/train.py --run "$run" "$@" >> "$run/train.log" 2>&1 &
echo $! > "$run/train.pid"
echo "training pid $(cat "$run/train.pid"), log $run/train.log"
