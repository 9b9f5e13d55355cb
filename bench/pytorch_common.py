"""What the bench's PyTorch references share: one thread, a warm-up, timed repeats, one JSON line."""
import json
import time
from typing import Callable

import torch


def one_thread(seed: int) -> None:
    """One intra-op and one inter-op thread, as the engine's single worker has one core."""
    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass  # already set in this process
    torch.manual_seed(seed)


def loaded_blas() -> str:
    """The BLAS library this process mapped (Linux), e.g. libopenblasp-r0.3.21.so; "unknown" elsewhere.
    Debian's torch takes whatever libblas.so.3 points at: netlib's reference BLAS is ~10× slower than OpenBLAS."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.split()[-1].rsplit("/", 1)[-1]}
    except OSError:
        return "unknown"
    for path in sorted(paths):
        if "openblas" in path or "mkl" in path:
            return path
    return sorted(paths)[0] if paths else "unknown"


def time_epochs(epoch: Callable[[], None], warm_up: Callable[[], None], repeats: int) -> tuple:
    """Runs the warm-up once, then `repeats` timed epochs; returns their wall and CPU times in seconds."""
    warm_up()
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        epoch()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def median(values: list) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def report(rows: int, batch: int, times: tuple, **extra) -> None:
    """Prints the one JSON line the bench reads: samples/s over the median epoch (as ours), and the rest.
    Samples per CPU-second is the steadier figure on a shared machine: waiting for a core costs no CPU time."""
    wall, cpu = times
    print(json.dumps({
        "samplesPerSec": rows / median(wall),
        "meanSamplesPerSec": rows * len(wall) / sum(wall),
        "samplesPerCpuSec": rows * len(cpu) / sum(cpu),
        "epochMs": [t * 1000 for t in wall],
        "rows": rows,
        "batch": batch,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "blas": loaded_blas(),
        **extra,
    }))
