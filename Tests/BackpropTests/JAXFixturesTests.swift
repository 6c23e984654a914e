import Backprop
import TestSupport
import XCTest

// Networks and reference gradients from JAX (reverse-mode autodiff in float64), made with
// /work/shared/tools (nnjson.py, oracle.py), which the Swift code does not share:
//
//   python3 -c 'from nnjson import random_net; import json; json.dump(random_net(...), ...)'
//   python3 oracle.py NET.json > GRADS.json
//
// The JSON text is pasted verbatim (re-wrapped between tokens). The cost of the first was
// re-checked with plain numpy. The last network was written by this library's writer.

/// One network file with the gradients JAX computed for it.
private struct JAXFixture {
  var name: String
  var network: String
  var gradients: String
}

private let jaxFixtures: [JAXFixture] = [
  // random_net([3, 4, 2], ["tanh", "sigmoid"], "cross-entropy", 3, 21)
  JAXFixture(
    name: "tanh-sigmoid-cross-entropy",
    network: #"""
      {"layers": [3, 4, 2], "activations": ["tanh", "sigmoid"], "cost": "cross-entropy",
      "weights": [[[0.20713792368913927, 0.8721899505152844, -1.0313388207234484],
      [0.9737667632470313, -0.027318605175648658, -0.4618678510349305],
      [-0.46358727751029405, -0.6251644073319318, -0.12912170787955204],
      [0.48144325553740835, 0.33720935268796626, 0.3685146079242832]],
      [[-0.8474041958845064, -0.7854810588457022, 0.776901587144826, 0.48444268272833],
      [1.09160700073632, 0.6049079174493073, -0.5121956675272783, 0.6426362274061368]]],
      "biases": [[0.3141971321351656, 0.10741246383945967, -0.40993666128594164,
      0.0013901109036119777], [-0.07349935089021392, 0.44626755580741106]],
      "samples": [{"input": [0.12449694399871385, 1.5847459143396285, -0.7744857532181485],
      "target": [0.0, 1.0]}, {"input": [-0.864338539814181, -1.1812660464710163,
      1.013579500325613], "target": [1.0, 0.0]}, {"input": [0.3943673986045515,
      -0.6753440287843157, 0.2383482020485698], "target": [0.0, 0.0]}]}
      """#,
    gradients: #"""
      {"cost": 0.7000168635486586, "weights": [[[0.01991039856223132, -0.05963135513149806,
      0.026447280998408592], [-0.026855496297010766, -0.08974361892162816,
      0.05474913711125285], [0.05248465250655507, 0.0655649706816999, -0.05584565651999729],
      [0.07405263398551058, -0.13497622337561235, 0.05040192497256886]],
      [[0.03532146455346977, 0.1272876745577167, -0.10076039178318047, 0.04479362057018169],
      [-0.15879352506317754, 0.016997289101144092, 0.01288484719540708,
      -0.02015767976877065]]], "biases": [[0.07622431325394367, -0.016495882793597153,
      -0.020924147751782057, 0.21169710709127065], [0.14414580422223197,
      0.22441030732461864]]}
      """#),
  // random_net([2, 3, 3, 3], ["relu", "leaky-relu", "softmax"], "categorical-cross-entropy", 4, 12)
  JAXFixture(
    name: "relu-leaky-relu-softmax-categorical-cross-entropy",
    network: #"""
      {"layers": [2, 3, 3, 3], "activations": ["relu", "leaky-relu", "softmax"],
      "cost": "categorical-cross-entropy", "weights": [[[-0.004827262336579227,
      0.7397350160816171], [0.5243822015425124, 0.5119145798850695], [1.1446476447430745,
      -0.8524583377798782]], [[-0.36197290999585274, -0.7624852607290548,
      -0.062210939469652345], [0.5766364652540976, -0.01267161804634733,
      0.28629648985888795], [-1.103182802621489, 0.08490753575800025, -0.5236239302542691]],
      [[1.0250215406429641, 0.5120225530240549, 0.5481071797140579], [-0.03340257817389043,
      0.35383619903177826, 0.3798330621593723], [-0.19884097216753704, -0.2871578785809243,
      -0.06626409739559895]]], "biases": [[-0.3027260046752174, -0.2971697087524269,
      -0.1416876878019789], [-0.3642088635917264, 0.38316389297270026, -0.7980431668977168],
      [0.41178106430784595, -0.31278323512922535, -0.2729699778470554]],
      "samples": [{"input": [-1.35084714186579, -0.14424211884897012], "target": [0.0, 1.0,
      0.0]}, {"input": [0.19145583053805643, -0.5337742959249345], "target": [0.0, 0.0,
      1.0]}, {"input": [0.09375617930346658, 1.8196918381290936], "target": [1.0, 0.0,
      0.0]}, {"input": [-0.5736900371557184, 0.9531095952386714], "target": [0.0, 1.0,
      0.0]}]}
      """#,
    gradients: #"""
      {"cost": 1.2369673178697778, "weights": [[[0.0002851218887465331,
      -0.04299444109488065], [0.00012273244862814268, 0.0023820854977392603],
      [0.00822482050995701, -0.022930603703597355]], [[-0.0005776585042005849,
      -0.0007593246041399756, 0.0009705407790734837], [-0.04273255019452813,
      -0.02641829390401025, 0.0812243475788178], [-0.00032411891199075665,
      -0.00022337558042015014, 0.0006087850302419285]], [[-0.0005274293264197914,
      0.11835073798252657, -0.002495310570478748], [0.0005847544468304956,
      -0.09138166087442587, 0.0019438428296322651], [-5.732512041070419e-05,
      -0.026969077108100682, 0.0005514677408464828]]], "biases": [[-0.02553920792231633,
      0.0013090598352017606, 0.042959362934220646], [0.0035047264541148175,
      0.09672265492967239, 0.0008592594171704138], [0.3198800056243054,
      -0.24792613781836587, -0.0719538678059396]]}
      """#),
  // random_net([4, 3, 2], ["elu", "softplus"], "mse", 2, 13)
  JAXFixture(
    name: "elu-softplus-mse",
    network: #"""
      {"layers": [4, 3, 2], "activations": ["elu", "softplus"], "cost": "mse",
      "weights": [[[0.9133782799787116, -1.5391659550990169, 0.47903198765442345,
      0.03481861383047241], [0.6591250120905342, 0.1928146249991945, 0.9136293137930876,
      0.0158718795758832], [-0.2581147222462404, 0.2902424606698589, 0.21605343066886942,
      -0.17841967870167547]], [[-0.14278092819650165, 0.41536926921626594,
      0.40663702865078083], [-0.285173060788252, -0.21229961754766463,
      -1.0431509177970133]]], "biases": [[0.8396037337442352, -0.11214543919643845,
      0.6686387152477055], [0.2087327969035932, 0.9719813873124579]],
      "samples": [{"input": [1.537109976128164, 0.318298439352904, 1.480763419858435,
      -0.9501235216099734], "target": [0.11733657384331686, 0.2231014949939203]},
      {"input": [0.3432363675742628, 1.064876469210243, 0.22363214164877185,
      -0.3671374972389881], "target": [0.0515388294743615, 0.7392297121947433]}]}
      """#,
    gradients: #"""
      {"cost": 0.782382506645719, "weights": [[[-0.12610275522123304, -0.061731365235550395,
      -0.11764440065504758, 0.08350147237015113], [0.3789043401649177, 0.2542030587167263,
      0.34608916558011105, -0.2616150022257243], [0.36685080114021973, 0.2660167990306611,
      0.33293646774878893, -0.2563959157635182]], [[1.0866640576183122, 1.3705679976794733,
      0.8448560849783906], [0.026531513090339607, 0.007230467814016397,
      -0.014899492099174445]]], "biases": [[-0.10987635578018878, 0.3838540250482957,
      0.38719604524288886], [0.9171445833487681, -0.013661587008794142]]}
      """#),
  // Written by this library (NetworkFile.random(sizes [2, 3, 3], softplus then softmax,
  // cross-entropy, 3 samples, seed 2026).json.pretty), then read by oracle.py: the writer's
  // format is also what an outside reader expects.
  JAXFixture(
    name: "softplus-softmax-cross-entropy (written by NetworkFile.json)",
    network: #"""
      {
        "layers": [2, 3, 3],
        "activations": ["softplus", "softmax"],
        "cost": "cross-entropy",
        "weights": [
          [
            [-1.3746111602507358, -0.785971106701729],
            [-0.18498619271135394, 0.5876491314848824],
            [0.07977590542585473, 0.5212432423139819]
          ],
          [
            [-0.6950846231987178, -0.4748118474696194, 0.50782217289792],
            [-0.5514533489384406, 0.8234272757251533, 0.01839631113185692],
            [-0.6533667734145514, -0.5892529395476561, 0.6224983393532801]
          ]
        ],
        "biases": [
          [-0.08394896159277447, 0.3957448454968864, -0.13512134556495867],
          [-0.8219662143128575, 0.5249683814155885, -0.5274205826090861]
        ],
        "samples": [
          {
            "input": [-0.44627720183308967, -0.05610923236403092],
            "target": [1, 1, 1]
          },
          {
            "input": [0.22919455288891424, -0.5490936098134738],
            "target": [0, 1, 1]
          },
          {
            "input": [-0.1005944538618718, 0.6748232514221464],
            "target": [1, 0, 0]
          }
        ]
      }
      """#,
    gradients: #"""
      {"cost": 4.072102599225789, "weights": [[[-0.018848496384048726,
      0.013242733800256238], [-0.20384500033203423, 0.2432878012569687],
      [0.059442096859976326, -0.07216221837765693]], [[-0.4091698298575632,
      -0.6913819196210631, -0.4572056033564891], [0.8775947095852866, 1.2121675843244244,
      0.8093826448611448], [-0.4684248797277234, -0.5207856647033613,
      -0.3521770415046557]]], "biases": [[0.07340325287651042, 1.0191417443195507,
      -0.31578661781223183], [-0.6017408273995083, 1.1919428792686388,
      -0.5902020518691306]]}
      """#),
]

final class JAXFixturesTests: XCTestCase {
  /// Backprop gradients and cost agree with JAX to 1e-12 relative; the absolute term
  /// 1e-15 · max(1, ‖g‖∞) is for entries tiny next to the largest one.
  func testBackpropMatchesJAX() throws {
    for fixture in jaxFixtures {
      let file = try NetworkFile(json: fixture.network)
      let reference = try GradientFile.read(json: fixture.gradients, for: file.network)
      let g = file.network.gradients(over: file.samples)
      let atol = 1e-15 * max(1, maxAbs(reference.flattened))
      assertClose(g.flattened, reference.flattened, rtol: 1e-12, atol: atol, fixture.name)
      let cost = try XCTUnwrap(reference.cost, fixture.name)
      assertClose(g.cost ?? .nan, cost, rtol: 1e-13, atol: 0, "\(fixture.name): cost")
    }
  }

  /// The same networks through the `_Differentiation` oracle agree with JAX too, which
  /// checks the oracle itself.
  func testDifferentiationOracleMatchesJAX() throws {
    for fixture in jaxFixtures {
      let file = try NetworkFile(json: fixture.network)
      let reference = try GradientFile.read(json: fixture.gradients, for: file.network)
      let (cost, g) = oracleValueWithGradient(file)
      let atol = 1e-15 * max(1, maxAbs(reference.flattened))
      assertClose(g, reference.flattened, rtol: 1e-12, atol: atol, fixture.name)
      assertClose(cost, reference.cost ?? .nan, rtol: 1e-13, atol: 0, "\(fixture.name): cost")
    }
  }

  /// The fixtures are what they claim: shapes, names and sample counts.
  func testFixturesAreTheDescribedNetworks() throws {
    let expected: [([Int], [Activation], Cost, Int)] = [
      ([3, 4, 2], [.tanh, .sigmoid], .crossEntropy, 3),
      ([2, 3, 3, 3], [.relu, .leakyReLU, .softmax], .categoricalCrossEntropy, 4),
      ([4, 3, 2], [.elu, .softplus], .mse, 2),
      ([2, 3, 3], [.softplus, .softmax], .crossEntropy, 3),
    ]
    XCTAssertEqual(jaxFixtures.count, expected.count)
    for (fixture, (sizes, activations, cost, count)) in zip(jaxFixtures, expected) {
      let file = try NetworkFile(json: fixture.network)
      XCTAssertEqual(file.network.sizes, sizes, fixture.name)
      XCTAssertEqual(file.network.activations, activations, fixture.name)
      XCTAssertEqual(file.network.cost, cost, fixture.name)
      XCTAssertEqual(file.samples.count, count, fixture.name)
    }
  }
}
