#!/usr/bin/env python3
"""Generates the PyTorch parity fixtures of package nn (float64 throughout).

Run from this directory with Debian's PyTorch:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 gen_fixtures.py

Parameters are flattened in the order of model.parameters(): each Linear's
weight (out x in, row-major) then its bias, which is the layout of nn.MLP.Params.
"""
import json

import numpy as np
import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)

ACT = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "identity": nn.Identity,
       "leaky_relu": nn.LeakyReLU, "softplus": nn.Softplus}


def mlp(sizes, acts):
    mods = []
    for i, a in enumerate(acts):
        mods += [nn.Linear(sizes[i], sizes[i + 1]), ACT[a]()]
    return nn.Sequential(*mods)


def flat(model):
    return torch.cat([p.detach().reshape(-1) for p in model.parameters()]).tolist()


def rows(t):
    return t.detach().reshape(-1).tolist()


def train_fixture(name, seed, sizes, acts, n, opt_name, opt_kw, weights=None, steps=20):
    torch.manual_seed(seed)
    model = mlp(sizes, acts)
    x = torch.randn(n, sizes[0])
    y = torch.rand(n, sizes[-1]) * 3
    w = None if weights is None else torch.tensor(weights)
    p0 = flat(model)
    opt = getattr(torch.optim, opt_name)(model.parameters(), **opt_kw)
    losses, snaps = [], {}
    for s in range(1, steps + 1):
        opt.zero_grad()
        d = model(x) - y
        loss = (d * d).mean() if w is None else (w * d * d).mean()
        loss.backward()
        if s == 1:
            grad0 = torch.cat([p.grad.reshape(-1) for p in model.parameters()]).tolist()
        opt.step()
        losses.append(loss.item())
        if s in (1, 5, steps):
            snaps[str(s)] = flat(model)
    out = dict(sizes=sizes, activations=acts, optimizer=opt_name, options=opt_kw, weights=weights,
               x=rows(x), y=rows(y), params0=p0, grad0=grad0, losses=losses, params=snaps,
               torch=torch.__version__)
    with open(name, "w") as f:
        json.dump(out, f)


def input_fixture(name, seed):
    torch.manual_seed(seed)
    sizes, acts = [10, 20, 14], ["relu", "relu"]
    model = mlp(sizes, acts)
    for p in model.parameters():
        p.requires_grad_(False)
    xs = torch.randn(5, 10)
    target = torch.rand(14) * 2
    w = torch.ones(14)
    w[3], w[7] = 2.0, 0.5
    cases = []
    for i in range(5):
        x = xs[i].clone().requires_grad_(True)
        d = model(x) - target
        loss = (d * d).mean()
        (g,) = torch.autograd.grad(loss, x)
        x2 = xs[i].clone().requires_grad_(True)
        d2 = model(x2) - target
        wloss = (w * d2 * d2).mean()
        (wg,) = torch.autograd.grad(wloss, x2)
        cases.append(dict(x=rows(xs[i]), loss=loss.item(), grad=rows(g), wloss=wloss.item(), wgrad=rows(wg)))
    jac = torch.autograd.functional.jacobian(model, xs[0])
    # Input optimisation with one persistent Adam (amsgrad, weight decay).
    x = xs[1].clone().requires_grad_(True)
    opt = torch.optim.Adam([x], lr=1e-2, betas=(0.9, 0.999), amsgrad=True, weight_decay=1e-5)
    traj = []
    for _ in range(20):
        opt.zero_grad()
        d = model(x) - target
        loss = (d * d).mean()
        loss.backward()
        opt.step()
        traj.append(dict(loss=loss.item(), x=rows(x)))
    out = dict(sizes=sizes, activations=acts, params=flat(model), target=rows(target), weights=rows(w),
               cases=cases, jacobian=rows(jac), input_adam=traj, torch=torch.__version__)
    with open(name, "w") as f:
        json.dump(out, f)


def npy_fixtures():
    a = np.arange(12, dtype="<f8").reshape(3, 4) / 7.0
    np.save("f8_3x4.npy", a)
    np.save("f4_3x4.npy", a.astype("<f4"))
    np.save("f8_3x4_fortran.npy", np.asfortranarray(a))
    np.save("f8_vec.npy", np.array([1.5, -2.25, 1e-300, 4e300]))


if __name__ == "__main__":
    train_fixture("adam_amsgrad_relu.json", 957, [6, 16, 5], ["relu", "relu"], 12, "Adam",
                  dict(lr=1e-2, betas=[0.9, 0.999], eps=1e-8, amsgrad=True, weight_decay=1e-4))
    train_fixture("adamw_tanh_weighted.json", 369, [4, 8, 6, 3], ["tanh", "sigmoid", "identity"], 10, "AdamW",
                  dict(lr=5e-3, betas=[0.8, 0.99], eps=1e-7, amsgrad=False, weight_decay=1e-2),
                  weights=[1.0, 2.0, 0.5])
    train_fixture("adam_leaky_softplus.json", 123, [3, 7, 4], ["leaky_relu", "softplus"], 9, "Adam",
                  dict(lr=3e-3, betas=[0.9, 0.999], eps=1e-8, amsgrad=False, weight_decay=0.0))
    input_fixture("input_grad_relu.json", 7)
    npy_fixtures()
