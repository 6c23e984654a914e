import CommandLineSupport
import Commands
import Foundation

let console = Console.standard(environment: ProcessInfo.processInfo.environment)
let status = TrainCommand.main(Array(CommandLine.arguments.dropFirst()), console: console)
exit(status.rawValue)
