/// Max pooling: each output is the largest entry of its k × k window (windows s apart,
/// s = k by default), channel by channel.
///
/// The gradient goes to the entry that won; on a tie (two equal largest entries) the first
/// in row order wins. A tie is a kink: the function is not differentiable there, and the
/// one-sided derivatives differ; any gradient between them (such as an even split) is a
/// valid subgradient. A tie among entries that cannot move apart (relu outputs stuck at 0)
/// is no kink (`pinnedTies(_:pinned:)`).
public struct MaxPoolLayer: PoolingLayer {
  let windows: PoolWindows

  /// Creates the layer (input rank 3, at least `size` × `size`).
  public init(input: TensorShape, size: Int, stride: Int) {
    windows = PoolWindows(input: input, size: size, stride: stride)
  }

  /// `maxpool k`.
  public var spec: LayerSpec { .maxPool(size: windows.size, stride: windows.stride) }

  /// The input index that wins each window (first largest real part), and the windows
  /// that tie.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  @_specialize(where T == Complex)
  func winners<T: NetworkScalar>(_ x: [T]) -> (picks: [Int], ties: [Int]) {
    var picks: [Int] = []
    var ties: [Int] = []
    for out in 0..<windows.outputCount {
      let w = windows.window(out)
      var best = w[0]
      var tied = false
      for k in w.dropFirst() {
        let (v, b) = (x[k].realPart, x[best].realPart)
        if v > b {
          best = k
          tied = false
        } else if v == b {
          tied = true
        }
      }
      picks.append(best)
      if tied { ties.append(out) }
    }
    return (picks, ties)
  }

  /// The winners' values; records each window's winner and counts ties.
  @_specialize(where T == Double)
  @_specialize(where T == Float)
  @_specialize(where T == Complex)
  public func forward<T: NetworkScalar>(_ x: [T], parameters p: [T], kinks: inout KinkRecord)
    -> [T]
  {
    let (picks, ties) = winners(x)
    kinks.onKink += ties.map { kinks.branches.count + $0 }
    kinks.branches += picks
    kinks.atKink += ties.count
    return picks.map { x[$0] }
  }

  /// How many windows of `x` tie only among pinned entries, entries that no small change of
  /// the parameters moves (`pinned(i)`, such as relu outputs with z < 0, stuck at 0).
  ///
  /// Such a tie is no kink: the tied entries cannot move apart, so the cost is locally
  /// smooth through the window. A tie with one entry free to move is a kink.
  /// - Complexity: O(x.count).
  public func pinnedTies(_ x: [Double], pinned: (Int) -> Bool) -> Int {
    let (picks, ties) = winners(x)
    return ties.filter { out in
      let top = x[picks[out]]
      return windows.window(out).allSatisfy { x[$0] != top || pinned($0) }
    }.count
  }

  /// Routes each output's gradient to its window's winner.
  public func backward(_ x: [Double], parameters p: [Double], outputGradient g: [Double])
    -> LayerVJP
  {
    var dx = [Double](repeating: 0, count: x.count)
    for (out, k) in winners(x).picks.enumerated() { dx[k] += g[out] }
    return LayerVJP(input: dx, parameters: [])
  }

  /// A selection: row i is 1 at its window's winner.
  public func jacobian(_ x: [Double], parameters p: [Double], output: Quantity, input: Quantity)
    -> Jacobian
  {
    Jacobian(
      of: output, withRespectTo: input, .selection(columns: x.count, picks: winners(x).picks))
  }
}
