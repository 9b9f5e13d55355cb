"""PyTorch reference for the bench: the seed's MLP (784-128-64-10 relu) trained with SGD + momentum
(lr 0.01, m 0.9), batch 32, one epoch over random MNIST-shaped data after a warm-up, on one thread: one
client holding every row (the single-client loop). Prints one JSON line: {"samplesPerSec": ..., ...}."""
import argparse

import torch
from torch import nn

from pytorch_common import one_thread, report, time_epochs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=8000)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=20240607)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()

    one_thread(args.seed)
    x = torch.rand(args.rows, 784)
    y = torch.randint(0, 10, (args.rows,))
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
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

    times = time_epochs(lambda: epoch(args.rows), lambda: epoch(min(args.rows, 1024)), args.repeats)
    report(args.rows, args.batch, times, model="mlp")


if __name__ == "__main__":
    main()
