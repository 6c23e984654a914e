#!/usr/bin/env python3
"""Reference gradients for layered networks by JAX reverse mode in float64.

Writes the Swift fixtures embedded in Tests/BackpropTests/Layers/LayerJAXFixturesTests.swift:
    python3 Tests/Fixtures/layers_jax.py > /tmp/fixtures.swift
Each network is written out in the toolkit's conventions (flat parameters, tensors in layer
order, each row-major: K as F x C x kh x kw, W as n x m, LSTM gates i, f, g, o with W, U, b),
but the forward pass here is JAX's own: lax.conv_general_dilated, lax.reduce_window, and the
recurrences written out. Not used by the package or its tests at run time."""
import jax
jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp
import numpy as np
from jax import lax

NETS = [
    ("input 1x6x6, conv 2 3x3, relu, maxpool 2, flatten, dense 3, softmax",
     "categorical-cross-entropy", 2, 11),
    ("input 2x5x5, conv 3 3x3 stride 2 same, tanh, avgpool 2 stride 1, flatten, dense 2, sigmoid",
     "cross-entropy", 2, 12),
    ("input 4x3, lstm 2, dense 1, sigmoid", "quadratic", 2, 13),
    ("input 4x3, rnn 3, dense 2, identity", "mse", 2, 14),
]


def parse(text):
    parts = [p.split() for p in text.split(",")]
    shape = tuple(int(s) for s in parts[0][1].split("x"))
    return shape, parts[1:]


def build(text):
    """Tensor shapes and a forward function theta-list -> output, for one sample."""
    shape, layers = parse(text)
    tensors, ops = [], []
    cur = shape
    for words in layers:
        kind = words[0]
        if kind == "conv":
            f = int(words[1]); kh, kw = (int(v) for v in words[2].split("x"))
            stride, pad = 1, "VALID"
            rest = words[3:]
            while rest:
                if rest[0] == "stride": stride = int(rest[1]); rest = rest[2:]
                elif rest[0] == "same": pad = "SAME"; rest = rest[1:]
                else: rest = rest[1:]
            k0 = len(tensors); tensors += [(f, cur[0], kh, kw), (f,)]
            out = lax.conv_general_dilated(jnp.zeros((1,) + cur), jnp.zeros((f, cur[0], kh, kw)),
                                           (stride, stride), pad).shape[1:]
            def op(x, th, k0=k0, stride=stride, pad=pad):
                y = lax.conv_general_dilated(x[None], th[k0], (stride, stride), pad)[0]
                return y + th[k0 + 1][:, None, None]
            ops.append(op); cur = out
        elif kind in ("maxpool", "avgpool"):
            k = int(words[1]); s = int(words[3]) if len(words) > 3 else k
            if kind == "maxpool":
                op = lambda x, th, k=k, s=s: lax.reduce_window(x, -jnp.inf, lax.max, (1, k, k), (1, s, s), "VALID")
            else:
                op = lambda x, th, k=k, s=s: lax.reduce_window(x, 0.0, lax.add, (1, k, k), (1, s, s), "VALID") / (k * k)
            cur = (cur[0], (cur[1] - k) // s + 1, (cur[2] - k) // s + 1)
            ops.append(op)
        elif kind == "flatten":
            ops.append(lambda x, th: x.reshape(-1)); cur = (int(np.prod(cur)),)
        elif kind == "dense":
            n = int(words[1]); k0 = len(tensors); tensors += [(n, cur[0]), (n,)]
            ops.append(lambda x, th, k0=k0: th[k0] @ x + th[k0 + 1]); cur = (n,)
        elif kind == "rnn":
            n = int(words[1]); T, F = cur; k0 = len(tensors)
            tensors += [(n, F), (n, n), (n,)]
            def op(x, th, k0=k0, n=n, T=T):
                h = jnp.zeros(n)
                for t in range(T):
                    h = jnp.tanh(th[k0] @ x[t] + th[k0 + 1] @ h + th[k0 + 2])
                return h
            ops.append(op); cur = (n,)
        elif kind == "lstm":
            n = int(words[1]); T, F = cur; k0 = len(tensors)
            for _ in range(4): tensors += [(n, F), (n, n), (n,)]
            def op(x, th, k0=k0, n=n, T=T):
                h = jnp.zeros(n); c = jnp.zeros(n)
                for t in range(T):
                    pre = [th[k0 + 3 * q] @ x[t] + th[k0 + 3 * q + 1] @ h + th[k0 + 3 * q + 2] for q in range(4)]
                    i, f, o = jax.nn.sigmoid(pre[0]), jax.nn.sigmoid(pre[1]), jax.nn.sigmoid(pre[3])
                    g = jnp.tanh(pre[2])
                    c = f * c + i * g
                    h = o * jnp.tanh(c)
                return h
            ops.append(op); cur = (n,)
        else:
            fn = {"relu": jax.nn.relu, "tanh": jnp.tanh, "sigmoid": jax.nn.sigmoid,
                  "identity": lambda z: z, "softmax": jax.nn.softmax}[kind]
            ops.append(lambda x, th, fn=fn: fn(x))
    return shape, tensors, ops


def cost(name, a, y):
    if name == "quadratic": return 0.5 * jnp.sum((a - y) ** 2)
    if name == "mse": return jnp.mean((a - y) ** 2)
    if name == "cross-entropy": return -jnp.sum(y * jnp.log(a) + (1 - y) * jnp.log(1 - a))
    return -jnp.sum(y * jnp.log(a))


def main():
    for text, cname, m, seed in NETS:
        rng = np.random.default_rng(seed)
        shape, tensors, ops = build(text)
        theta = [rng.normal(size=s) * (0.5 if len(s) == 1 else 1 / np.sqrt(np.prod(s[1:])))
                 for s in tensors]
        xs = [rng.normal(size=shape) for _ in range(m)]
        n_out = None
        def total(theta):
            out = 0.0
            for x, y in zip(xs, ys):
                a = x
                for op in ops: a = op(a, theta)
                out = out + cost(cname, a, y)
            return out / m
        a = xs[0]
        for op in ops: a = op(a, theta)
        n_out = a.shape[0]
        if cname == "categorical-cross-entropy":
            ys = [np.eye(n_out)[rng.integers(n_out)] for _ in range(m)]
        elif cname == "cross-entropy":
            ys = [rng.integers(0, 2, size=n_out).astype(float) for _ in range(m)]
        else:
            ys = [rng.uniform(size=n_out) for _ in range(m)]
        c = total(theta)
        g = jax.grad(total)(theta)
        flat = lambda arrs: [float(v) for arr in arrs for v in np.asarray(arr).reshape(-1)]
        print("  LayerJAXFixture(")
        print(f"    architecture: \"{text}\",")
        print(f"    cost: .{ {'quadratic': 'quadratic', 'mse': 'mse', 'cross-entropy': 'crossEntropy', 'categorical-cross-entropy': 'categoricalCrossEntropy'}[cname] },")
        print(f"    parameters: {flat(theta)!r},")
        print(f"    inputs: {[flat([x]) for x in xs]!r},")
        print(f"    targets: {[flat([y]) for y in ys]!r},")
        print(f"    meanCost: {float(c)!r},")
        print(f"    gradients: {flat(g)!r}),")


if __name__ == "__main__":
    main()
