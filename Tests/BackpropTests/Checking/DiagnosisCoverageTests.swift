import XCTest

@testable import Backprop

/// A second student backprop, written from scratch in the test for one hidden layer (n → n → k)
/// with relu, elu or sigmoid hidden units and a sigmoid + cross-entropy, softmax + categorical
/// cross-entropy or identity + quadratic output, with a switch for each classic mistake.
private struct Student {
  enum Output { case sigmoidCE, softmaxCCE, identityQuadratic }
  enum Bug { case sign, sum, missingOutput, derivativeOfActivation, bias, typo }

  let hidden: Activation
  let output: Output

  func f(_ z: Double) -> Double {
    switch hidden {
    case .relu: return max(0, z)
    case .elu: return z > 0 ? z : exp(z) - 1
    default: return 1 / (1 + exp(-z))
    }
  }
  func fPrime(_ z: Double) -> Double {
    switch hidden {
    case .relu: return z > 0 ? 1 : 0
    case .elu: return z > 0 ? 1 : exp(z)
    default: return f(z) * (1 - f(z))
    }
  }

  func gradients(_ net: Network, _ samples: [Sample], bug: Bug) -> Gradients {
    let (n, h, k) = (net.sizes[0], net.sizes[1], net.sizes[2])
    var g = Gradients(zerosLike: net)
    let m = Double(samples.count)
    let scale = bug == .sum ? 1 : 1 / m
    for s in samples {
      let x = s.input
      let y = s.target
      var z1 = net.biases[0]
      for j in 0..<h { for i in 0..<n { z1[j] += net.weights[0][j, i] * x[i] } }
      let a1 = z1.map(f)
      var z2 = net.biases[1]
      for c in 0..<k { for j in 0..<h { z2[c] += net.weights[1][c, j] * a1[j] } }
      var a2: [Double]
      var dCda: [Double]
      switch output {
      case .sigmoidCE:
        a2 = z2.map { 1 / (1 + exp(-$0)) }
        dCda = (0..<k).map { (a2[$0] - y[$0]) / (a2[$0] * (1 - a2[$0])) }
      case .softmaxCCE:
        let e = z2.map { exp($0) }
        a2 = e.map { $0 / e.reduce(0, +) }
        dCda = (0..<k).map { -y[$0] / a2[$0] }
      case .identityQuadratic:
        a2 = z2
        dCda = (0..<k).map { a2[$0] - y[$0] }
      }
      var d2 = [Double](repeating: 0, count: k)
      if bug == .missingOutput {
        d2 = dCda
      } else {
        switch output {
        case .sigmoidCE:
          d2 = (0..<k).map { dCda[$0] * a2[$0] * (1 - a2[$0]) }
        case .softmaxCCE:
          for c in 0..<k {
            for d in 0..<k { d2[c] += ((c == d ? a2[c] : 0) - a2[c] * a2[d]) * dCda[d] }
          }
        case .identityQuadratic:
          d2 = dCda
        }
      }
      if bug == .sign { d2 = d2.map { -$0 } }
      var d1 = [Double](repeating: 0, count: h)
      for j in 0..<h {
        for c in 0..<k { d1[j] += net.weights[1][c, j] * d2[c] }
        d1[j] *= bug == .derivativeOfActivation ? fPrime(a1[j]) : fPrime(z1[j])
      }
      for c in 0..<k {
        g.biases[1][c] += d2[c] * scale
        for j in 0..<h { g.weights[1][c, j] += d2[c] * a1[j] * scale }
      }
      for j in 0..<h {
        g.biases[0][j] += d1[j] * scale * (bug == .bias ? 3 : 1)
        for i in 0..<n { g.weights[0][j, i] += d1[j] * x[i] * scale }
      }
    }
    if bug == .typo { g.weights[0][1, 2] *= -1 }
    return g
  }
}

final class DiagnosisCoverageTests: XCTestCase {
  private func network(_ hidden: Activation, _ output: Student.Output, seed: UInt64) throws
    -> NetworkFile
  {
    let (act, cost): (Activation, Cost) =
      switch output {
      case .sigmoidCE: (.sigmoid, .crossEntropy)
      case .softmaxCCE: (.softmax, .categoricalCrossEntropy)
      case .identityQuadratic: (.identity, .quadratic)
      }
    return try NetworkFile.random(
      RandomNetworkSpec(
        sizes: [6, 6, 3], hiddenActivation: hidden, outputActivation: act, cost: cost,
        sampleCount: 4, seed: seed))
  }

  func testMistakesAreNamedOnEveryCostAndActivationUnderSampling() throws {
    let expected: [(Student.Bug, MistakeCause)] = [
      (.sign, .sign), (.sum, .sumInsteadOfMean), (.missingOutput, .missingOutputDerivative),
      (.derivativeOfActivation, .derivativeOfActivation), (.bias, .bias),
      (.typo, .isolatedEntries),
    ]
    var checked = 0
    for hidden in [Activation.relu, .elu, .sigmoid] {
      for output in [Student.Output.sigmoidCE, .softmaxCCE, .identityQuadratic] {
        let file = try network(hidden, output, seed: 7)
        let student = Student(hidden: hidden, output: output)
        let right = student.gradients(file.network, file.samples, bug: .sign)
        let truth = file.network.gradients(over: file.samples)
        // The student's correct code is the library's backprop, negated.
        for i in file.network.parameterIndices {
          XCTAssertEqual(-right[i], truth[i], accuracy: 1e-10, "\(hidden) \(output) \(i)")
        }
        for (bug, cause) in expected {
          // The identity output has no derivative to leave out.
          if bug == .missingOutput && output == .identityQuadratic { continue }
          let g = student.gradients(file.network, file.samples, bug: bug)
          for options in [
            GradientCheckOptions(), GradientCheckOptions(entriesPerBlock: 4, seed: 2),
            GradientCheckOptions(directions: 3, seed: 5),
          ] {
            let report = try GradientCheck.run(
              network: file.network, samples: file.samples, analytic: g, options: options)
            // relu′(a) = relu′(z) away from 0: that mistake changes nothing for relu.
            if report.passed {
              XCTAssertTrue(
                bug == .derivativeOfActivation && hidden == .relu || options.entriesPerBlock != nil,
                "\(hidden) \(output) \(bug) passed")
              continue
            }
            checked += 1
            XCTAssertEqual(
              report.diagnosis.first?.cause, cause,
              "\(hidden) \(output) \(bug) \(options): \(report.diagnosis)")
          }
        }
      }
    }
    XCTAssertGreaterThan(checked, 100)
  }
}
