"""PyTorch's own cohort of the seed MLP: K clients' weights stacked [K, …] and trained together, the
forward and backward passes as batched matmuls (torch.baddbmm), each client with its own SGD momentum
(lr 0.01, m 0.9, zeroed each round as each client starts fresh), batch 32, one local epoch over its own
rows in lockstep, then the FedAvg average. The same rows as the bench's 10-client round, on one thread.
Prints one JSON line; samplesPerSec counts every client's rows."""
import argparse
import math

import torch
from torch.nn import functional as F

from pytorch_common import one_thread, report, time_epochs

SIZES = [784, 128, 64, 10]


def stacked_linear(k: int, fan_in: int, fan_out: int) -> tuple:
    # nn.Linear's default initialisation, drawn per client.
    bound = 1 / math.sqrt(fan_in)
    w = torch.empty(k, fan_in, fan_out).uniform_(-bound, bound).requires_grad_()
    b = torch.empty(k, 1, fan_out).uniform_(-bound, bound).requires_grad_()
    return w, b


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--rows", type=int, default=8000, help="all clients' rows together, dealt out equally")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=20240607)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()

    one_thread(args.seed)
    k = args.clients
    per_client = args.rows // k
    x = torch.rand(k, per_client, SIZES[0])
    y = torch.randint(0, 10, (k, per_client))
    params = [t for i in range(len(SIZES) - 1) for t in stacked_linear(k, SIZES[i], SIZES[i + 1])]
    clients = torch.arange(k).unsqueeze(1)

    def forward(xb: torch.Tensor) -> torch.Tensor:
        h = xb
        for layer in range(len(SIZES) - 1):
            w, b = params[2 * layer], params[2 * layer + 1]
            h = torch.baddbmm(b, h, w)
            if layer < len(SIZES) - 2:
                h = F.relu(h)
        return h

    def round_(rows: int) -> None:
        # A fresh optimizer per round: every client's momentum starts at zero, as in the engine.
        opt = torch.optim.SGD(params, lr=0.01, momentum=0.9)
        order = torch.argsort(torch.rand(k, per_client), dim=1)[:, :rows]
        for start in range(0, rows, args.batch):
            idx = order[:, start : start + args.batch]
            xb, yb = x[clients, idx], y[clients, idx]
            opt.zero_grad()
            logits = forward(xb)
            # Σ over clients of each client's mean loss: client k's slice gets exactly its own gradient.
            loss = F.cross_entropy(logits.reshape(-1, SIZES[-1]), yb.reshape(-1), reduction="none")
            loss.view(k, -1).mean(dim=1).sum().backward()
            opt.step()
        with torch.no_grad():
            for p in params:  # FedAvg (equal sizes): everyone starts the next round from the mean.
                p.copy_(p.mean(dim=0, keepdim=True).expand_as(p))

    times = time_epochs(lambda: round_(per_client), lambda: round_(min(per_client, 128)), args.repeats)
    report(per_client * k, args.batch, times, model="mlp-cohort", clients=k)


if __name__ == "__main__":
    main()
