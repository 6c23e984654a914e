#!/usr/bin/env python3
"""Reference gradients for layered networks by JAX reverse mode in float64.

Writes the Swift fixtures embedded in Tests/BackpropTests/Layers/LayerJAXFixturesTests.swift:
    python3 Tests/Fixtures/layers_jax.py > /tmp/fixtures.swift
and holds what Tests/Fixtures/layers_jax_stacks.py (the fixtures of
LayerJAXStackFixtures+*.swift) shares with it: the forward pass, the costs and the printing.
Each network is written out in the toolkit's conventions (flat parameters, tensors in layer
order, each row-major: K as F x C x kh x kw, W as n x m; an LSTM's gates i, f, g, o each with
W, U, b; an RNN's Wx, Wh, b), but the forward pass here is JAX's own:
lax.conv_general_dilated (its "SAME" puts the smaller half of the padding on top and left, as
the toolkit does), lax.reduce_window, and the recurrences written out. Not used by the
package or its tests at run time."""
import jax
jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp
import numpy as np
from jax import lax

# (architecture, cost, samples, seed)
NETS = [
    ("input 1x6x6, conv 2 3x3, relu, maxpool 2, flatten, dense 3, softmax",
     "categorical-cross-entropy", 2, 11),
    ("input 2x5x5, conv 3 3x3 stride 2 same, tanh, avgpool 2 stride 1, flatten, dense 2, sigmoid",
     "cross-entropy", 2, 12),
    ("input 4x3, lstm 2, dense 1, sigmoid", "quadratic", 2, 13),
    ("input 4x3, rnn 3, dense 2, identity", "mse", 2, 14),
]

ACTIVATIONS = {
    "relu": jax.nn.relu, "tanh": jnp.tanh, "sigmoid": jax.nn.sigmoid, "identity": lambda z: z,
    "softmax": jax.nn.softmax, "elu": jax.nn.elu, "softplus": jax.nn.softplus,
    "leaky-relu": lambda z: jnp.where(z > 0, z, 0.01 * z),
}


def layers_of(text):
    parts = [p.split() for p in text.split(",")]
    return tuple(int(s) for s in parts[0][1].split("x")), parts[1:]


def build(text):
    """The input shape, the parameter tensors' shapes, the layer functions (x, theta) and the
    output shape."""
    shape, layers = layers_of(text)
    tensors, ops, cur = [], [], shape
    for words in layers:
        kind = words[0]
        if kind == "conv":
            f = int(words[1])
            kh, kw = (int(v) for v in words[2].split("x"))
            stride = int(words[words.index("stride") + 1]) if "stride" in words else 1
            pad = "SAME" if "same" in words else "VALID"
            k0 = len(tensors)
            tensors += [(f, cur[0], kh, kw), (f,)]

            def op(x, th, k0=k0, s=stride, pad=pad):
                y = lax.conv_general_dilated(x[None], th[k0], (s, s), pad)[0]
                return y + th[k0 + 1][:, None, None]
        elif kind in ("maxpool", "avgpool"):
            k = int(words[1])
            s = int(words[words.index("stride") + 1]) if "stride" in words else k
            if kind == "maxpool":
                def op(x, th, k=k, s=s):
                    return lax.reduce_window(x, -jnp.inf, lax.max, (1, k, k), (1, s, s), "VALID")
            else:
                def op(x, th, k=k, s=s):
                    total = lax.reduce_window(x, 0.0, lax.add, (1, k, k), (1, s, s), "VALID")
                    return total / (k * k)
        elif kind == "flatten":
            def op(x, th):
                return x.reshape(-1)
        elif kind == "dense":
            n, k0 = int(words[1]), len(tensors)
            tensors += [(n, int(np.prod(cur))), (n,)]

            def op(x, th, k0=k0):
                return th[k0] @ x + th[k0 + 1]
        elif kind == "rnn":
            n, (T, F), k0 = int(words[1]), cur, len(tensors)
            tensors += [(n, F), (n, n), (n,)]

            def op(x, th, k0=k0, n=n, T=T):
                h = jnp.zeros(n)
                for t in range(T):
                    h = jnp.tanh(th[k0] @ x[t] + th[k0 + 1] @ h + th[k0 + 2])
                return h
        elif kind == "lstm":
            n, (T, F), k0 = int(words[1]), cur, len(tensors)
            for _ in range(4):
                tensors += [(n, F), (n, n), (n,)]

            def op(x, th, k0=k0, n=n, T=T):
                h, c = jnp.zeros(n), jnp.zeros(n)
                for t in range(T):
                    pre = [th[k0 + 3 * q] @ x[t] + th[k0 + 3 * q + 1] @ h + th[k0 + 3 * q + 2]
                           for q in range(4)]
                    i, f, o = (jax.nn.sigmoid(pre[q]) for q in (0, 1, 3))
                    c = f * c + i * jnp.tanh(pre[2])
                    h = o * jnp.tanh(c)
                return h
        else:
            def op(x, th, fn=ACTIVATIONS[kind]):
                return fn(x)
        ops.append(op)
        cur = jax.eval_shape(lambda x, op=op: op(x, [jnp.zeros(s) for s in tensors]),
                             jnp.zeros(cur)).shape
    return shape, tensors, ops, cur


def cost(name, a, y):
    if name == "quadratic":
        return 0.5 * jnp.sum((a - y) ** 2)
    if name == "mse":
        return jnp.mean((a - y) ** 2)
    if name == "cross-entropy":
        return -jnp.sum(y * jnp.log(a) + (1 - y) * jnp.log(1 - a))
    return -jnp.sum(y * jnp.log(a))


SWIFT_COST = {"quadratic": "quadratic", "mse": "mse", "cross-entropy": "crossEntropy",
              "categorical-cross-entropy": "categoricalCrossEntropy"}


def print_fixtures(nets):
    """Prints one Swift `LayerJAXFixture` per (architecture, cost, samples, seed) of `nets`:
    seeded parameters, inputs and targets, JAX's mean cost and its gradient."""
    for text, cname, m, seed in nets:
        rng = np.random.default_rng(seed)
        shape, tensors, ops, out = build(text)
        theta = [rng.normal(size=s) * (0.5 if len(s) == 1 else 1 / np.sqrt(np.prod(s[1:])))
                 for s in tensors]
        xs = [rng.normal(size=shape) for _ in range(m)]
        n = int(np.prod(out))
        if cname == "categorical-cross-entropy":
            ys = [np.eye(n)[rng.integers(n)] for _ in range(m)]
        elif cname == "cross-entropy":
            ys = [rng.integers(0, 2, size=n).astype(float) for _ in range(m)]
        else:
            ys = [rng.uniform(size=n) for _ in range(m)]

        def total(theta):
            out = 0.0
            for x, y in zip(xs, ys):
                a = x
                for op in ops:
                    a = op(a, theta)
                out = out + cost(cname, a.reshape(-1), y)
            return out / len(xs)

        value, grad = jax.value_and_grad(total)(theta)

        def flat(arrs):
            return [float(v) for arr in arrs for v in np.asarray(arr).reshape(-1)]

        print("  LayerJAXFixture(")
        print(f"    architecture: \"{text}\",")
        print(f"    cost: .{SWIFT_COST[cname]},")
        print(f"    parameters: {flat(theta)!r},")
        print(f"    inputs: {[flat([x]) for x in xs]!r},")
        print(f"    targets: {[flat([y]) for y in ys]!r},")
        print(f"    meanCost: {float(value)!r},")
        print(f"    gradients: {flat(grad)!r}),")


if __name__ == "__main__":
    print_fixtures(NETS)
