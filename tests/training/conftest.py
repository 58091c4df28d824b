"""Make `training/` importable (voicefill package, export module) and keep torch to one thread."""
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))
torch.set_num_threads(1)
