import BackpropExample
import Foundation

exit(ExampleProgram.main(Array(CommandLine.arguments.dropFirst())))
