"""PyTorch reference for the bench's CNN: the FedAvg paper's CNN as the engine builds it
(engine/model/buildModel.ts: 5×5 conv 32 'same', 2×2 max-pool, 5×5 conv 64 'same', 2×2 max-pool,
dense 512 relu, dense 10), SGD + momentum (lr 0.01, m 0.9), batch 32, one epoch over random MNIST-shaped
images after a warm-up, on one thread, one client holding every row. Prints one JSON line."""
import argparse

import torch
from torch import nn

from pytorch_common import one_thread, report, time_epochs


def fedavg_cnn() -> nn.Module:
    # padding=2 on a 5×5 kernel is TensorFlow's 'same' at stride 1: 28→28→14→14→7, so dense1 sees 7·7·64.
    return nn.Sequential(
        nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 512), nn.ReLU(), nn.Linear(512, 10),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1024)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=20240607)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()

    one_thread(args.seed)
    x = torch.rand(args.rows, 1, 28, 28)
    y = torch.randint(0, 10, (args.rows,))
    model = fedavg_cnn()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()

    def epoch(rows: int) -> None:
        order = torch.randperm(args.rows)[:rows]
        for start in range(0, rows, args.batch):
            idx = order[start : start + args.batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        loss.item()

    times = time_epochs(lambda: epoch(args.rows), lambda: epoch(min(args.rows, 128)), args.repeats)
    report(args.rows, args.batch, times, model="cnn", weights=sum(p.numel() for p in model.parameters()))


if __name__ == "__main__":
    main()
