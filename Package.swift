// swift-tools-version:6.0
import PackageDescription

// No package dependencies: the toolkit uses only the Swift toolchain.
let package = Package(
  name: "Backprop",
  products: [
    .library(name: "Backprop", targets: ["Backprop"]),
    .executable(name: "nn-explain", targets: ["nn-explain"]),
    .executable(name: "gradcheck", targets: ["gradcheck"]),
    .executable(name: "nn-train", targets: ["nn-train"]),
    .executable(name: "benchmarks", targets: ["benchmarks"]),
    .executable(name: "backprop-example", targets: ["backprop-example"]),
  ],
  targets: [
    // Plain-text helpers shared by the library and the commands: the one word wrapper,
    // superscripts, padding.
    .target(name: "TextSupport"),
    // The maths: matrices, activations, costs, networks, Jacobians, chain rules, checks.
    .target(name: "Backprop", dependencies: ["TextSupport"]),
    // Our own argument parsing, help screens, exit statuses and terminal handling.
    .target(name: "CommandLineSupport", dependencies: ["TextSupport"]),
    // The commands as library code, so tests and labs run them in-process.
    .target(
      name: "Commands",
      dependencies: ["Backprop", "CommandLineSupport", "TextSupport", "ProgramRunner"]),
    // Runs a program under test: its own process group, pipes, time-outs (gradcheck --exec).
    .target(name: "ProgramRunner"),
    // A student's backprop program with classic mistakes on request, for gradcheck --exec.
    .target(name: "BackpropExample", dependencies: ["Backprop"]),
    .executableTarget(name: "backprop-example", dependencies: ["BackpropExample"]),
    .executableTarget(name: "nn-explain", dependencies: ["Commands"]),
    .executableTarget(name: "gradcheck", dependencies: ["Commands"]),
    .executableTarget(name: "nn-train", dependencies: ["Commands"]),
    .executableTarget(
      name: "benchmarks",
      dependencies: [
        "Backprop", "Commands", "CommandLineSupport", "ProgramRunner", "BackpropExample",
      ]),
    // Helpers shared by the test targets: assertClose, temporary directories, in-process
    // runs of the commands, reference networks.
    .target(
      name: "TestSupport", dependencies: ["Backprop", "CommandLineSupport", "Commands"],
      path: "Tests/TestSupport"),
    .testTarget(name: "TextSupportTests", dependencies: ["TextSupport", "TestSupport"]),
    .testTarget(name: "BackpropTests", dependencies: ["Backprop", "TestSupport"]),
    .testTarget(
      name: "CommandLineSupportTests", dependencies: ["CommandLineSupport", "TestSupport"]),
    .testTarget(
      name: "CommandsTests",
      dependencies: [
        "Commands", "CommandLineSupport", "Backprop", "TestSupport", "ProgramRunner",
        "BackpropExample",
        // Built for the tests of gradcheck --exec, which run it as a program under test.
        "backprop-example",
      ],
      resources: [.copy("Golden")]),
  ]
)
