import Backprop

/// A relu network in which sample 0 has input 0 and b¹ = 0, so that z¹ = 0 exactly for
/// every unit: each b¹ entry sits on a kink, where relu′(0) may be taken as 0 or 1.
public func exactZeroReluNetwork() throws -> NetworkFile {
  var file = try NetworkFile.random(
    RandomNetworkSpec(
      sizes: [3, 4, 2], hiddenActivation: .relu, outputActivation: .identity,
      cost: .quadratic, sampleCount: 2, seed: 5))
  file.samples[0] = Sample(input: [0, 0, 0], target: file.samples[0].target)
  file.network.biases[0] = [0, 0, 0, 0]
  return file
}
