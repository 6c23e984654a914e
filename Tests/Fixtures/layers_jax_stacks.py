#!/usr/bin/env python3
"""More reference gradients for layered networks, by JAX reverse mode in float64.

Writes the fixtures embedded in Tests/BackpropTests/Layers/LayerJAXStackFixtures+*.swift:
    python3 Tests/Fixtures/layers_jax_stacks.py > /tmp/stacks.swift
Networks the first fixtures (layers_jax.py, whose forward pass, costs and printing this
script uses) do not cover: stacked convolutions, even and 4x4 kernels with `same` padding
(uneven padding, the smaller half on top and left, as JAX's "SAME"), strides with `same`,
overlapping and uneven pools, leaky-relu, elu and softplus layers, an LSTM and an RNN after
an activation, an LSTM as the output layer, three samples each. Not used by the package or
its tests at run time."""
from layers_jax import print_fixtures

SAMPLES = 3

# (architecture, cost, samples, seed)
NETS = [
    ("input 2x6x5, conv 3 2x2 same, leaky-relu, maxpool 2 stride 1, conv 2 3x3 stride 2, elu, "
     "flatten, dense 3, softmax", "categorical-cross-entropy", SAMPLES, 21),
    ("input 3x5x5, conv 2 3x3 stride 2 same, softplus, avgpool 2 stride 1, flatten, dense 2, "
     "tanh, dense 2, sigmoid", "cross-entropy", SAMPLES, 22),
    ("input 1x7x7, conv 2 4x4 same, relu, avgpool 3 stride 2, flatten, dense 2, identity",
     "mse", SAMPLES, 23),
    ("input 1x6x6, conv 2 3x2 stride 2 same, tanh, maxpool 3, flatten, dense 2, identity",
     "quadratic", SAMPLES, 24),
    ("input 5x2, lstm 3, dense 2, tanh, dense 1, identity", "quadratic", SAMPLES, 25),
    ("input 6x2, tanh, rnn 2, dense 3, softmax", "categorical-cross-entropy", SAMPLES, 26),
    ("input 4x3, lstm 2", "quadratic", SAMPLES, 27),
    ("input 3x4, sigmoid, lstm 2, dense 2, sigmoid", "cross-entropy", SAMPLES, 28),
]

if __name__ == "__main__":
    print_fixtures(NETS)
