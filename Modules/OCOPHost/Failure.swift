import ArgumentParser
import Foundation

/// Prints each problem on its own line to standard error and exits with status 1: operators
/// get located, one-line messages instead of stack traces.
enum Failure {
    static func exit(_ lines: [String]) -> ExitCode {
        for line in lines { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        return ExitCode(1)
    }

    static func exit(_ error: any Error) -> ExitCode {
        exit(String(describing: error).split(separator: "\n").map(String.init))
    }
}
