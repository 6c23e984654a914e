import Backprop

/// A relu network whose first-layer pre-activations for sample 0 sit within 1e-6 of 0.
func reluNetworkNearKink(seed: UInt64 = 21, sizes: [Int] = [3, 4, 2]) throws -> NetworkFile {
  var file = try NetworkFile.random(
    RandomNetworkSpec(
      sizes: sizes, hiddenActivation: .relu, outputActivation: .identity, cost: .quadratic,
      sampleCount: 3, seed: seed))
  let z = file.network.forward(file.samples[0].input).z[1]
  let offsets = [1e-7, -4e-7, 9e-7, -2e-8]
  for j in 0..<z.count { file.network.biases[0][j] += offsets[j % 4] - z[j] }
  return file
}

/// A 12-8-5 network with `activation` hidden units and a sigmoid output, 3 samples.
func mediumSigmoidNetwork(_ activation: Activation = .sigmoid) throws -> NetworkFile {
  try NetworkFile.random(
    RandomNetworkSpec(
      sizes: [12, 8, 5], hiddenActivation: activation, outputActivation: .sigmoid,
      cost: .quadratic, sampleCount: 3, seed: 11))
}
