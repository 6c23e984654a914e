#!/usr/bin/env python3
"""More reference gradients for layered networks, by JAX reverse mode in float64.

Writes the fixtures embedded in Tests/BackpropTests/Layers/LayerJAXStackFixturesTests.swift:
    python3 Tests/Fixtures/layers_jax_stacks.py > /tmp/stacks.swift
Networks the first fixtures (layers_jax.py) do not cover: stacked convolutions, even and
4x4 kernels with `same` padding (uneven padding, the smaller half on top and left, as JAX's
"SAME"), strides with `same`, overlapping and uneven pools, leaky-relu, elu and softplus
layers, an LSTM and an RNN after an activation, an LSTM as the output layer, three samples
each. Parameters are flat in the toolkit's order (tensors in layer order, each row-major:
K as F x C x kh x kw, W as n x m; an LSTM's gates i, f, g, o each with W, U, b; an RNN's Wx,
Wh, b); the forward pass is JAX's own (lax.conv_general_dilated, lax.reduce_window, the
recurrences written out). Not used by the package or its tests at run time."""
import jax
jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp
import numpy as np
from jax import lax

NETS = [
    ("input 2x6x5, conv 3 2x2 same, leaky-relu, maxpool 2 stride 1, conv 2 3x3 stride 2, elu, "
     "flatten, dense 3, softmax", "categorical-cross-entropy", 21),
    ("input 3x5x5, conv 2 3x3 stride 2 same, softplus, avgpool 2 stride 1, flatten, dense 2, "
     "tanh, dense 2, sigmoid", "cross-entropy", 22),
    ("input 1x7x7, conv 2 4x4 same, relu, avgpool 3 stride 2, flatten, dense 2, identity",
     "mse", 23),
    ("input 1x6x6, conv 2 3x2 stride 2 same, tanh, maxpool 3, flatten, dense 2, identity",
     "quadratic", 24),
    ("input 5x2, lstm 3, dense 2, tanh, dense 1, identity", "quadratic", 25),
    ("input 6x2, tanh, rnn 2, dense 3, softmax", "categorical-cross-entropy", 26),
    ("input 4x3, lstm 2", "quadratic", 27),
    ("input 3x4, sigmoid, lstm 2, dense 2, sigmoid", "cross-entropy", 28),
]
SAMPLES = 3

ACTIVATIONS = {
    "relu": jax.nn.relu, "tanh": jnp.tanh, "sigmoid": jax.nn.sigmoid, "identity": lambda z: z,
    "softmax": jax.nn.softmax, "elu": jax.nn.elu, "softplus": jax.nn.softplus,
    "leaky-relu": lambda z: jnp.where(z > 0, z, 0.01 * z),
}


def layers_of(text):
    parts = [p.split() for p in text.split(",")]
    return tuple(int(s) for s in parts[0][1].split("x")), parts[1:]


def build(text):
    """The input shape, the parameter tensors' shapes and the layer functions (x, theta)."""
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


def main():
    for text, cname, seed in NETS:
        rng = np.random.default_rng(seed)
        shape, tensors, ops, out = build(text)
        theta = [rng.normal(size=s) * (0.5 if len(s) == 1 else 1 / np.sqrt(np.prod(s[1:])))
                 for s in tensors]
        xs = [rng.normal(size=shape) for _ in range(SAMPLES)]
        n = int(np.prod(out))
        if cname == "categorical-cross-entropy":
            ys = [np.eye(n)[rng.integers(n)] for _ in range(SAMPLES)]
        elif cname == "cross-entropy":
            ys = [rng.integers(0, 2, size=n).astype(float) for _ in range(SAMPLES)]
        else:
            ys = [rng.uniform(size=n) for _ in range(SAMPLES)]

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

        print("  LayerJAXStackFixture(")
        print(f"    architecture: \"{text}\",")
        print(f"    cost: .{SWIFT_COST[cname]},")
        print(f"    parameters: {flat(theta)!r},")
        print(f"    inputs: {[flat([x]) for x in xs]!r},")
        print(f"    targets: {[flat([y]) for y in ys]!r},")
        print(f"    meanCost: {float(value)!r},")
        print(f"    gradients: {flat(grad)!r}),")


if __name__ == "__main__":
    main()
