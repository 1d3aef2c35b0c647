/// A problem the client should retry after a while (429 Too Many Requests, 503 Service
/// Unavailable): the server renders `problem` with a `Retry-After` header of `seconds`.
public struct RetryLater: Error, Sendable, Equatable {
    public var problem: Problem
    public var seconds: Int

    public init(_ problem: Problem, seconds: Int) {
        self.problem = problem
        self.seconds = max(1, seconds)
    }

    public static func tooManyRequests(_ detail: String, seconds: Int) -> RetryLater {
        RetryLater(Problem(status: 429, title: "Too Many Requests", detail: detail), seconds: seconds)
    }

    public static func unavailable(_ detail: String, seconds: Int) -> RetryLater {
        RetryLater(Problem(status: 503, title: "Service Unavailable", detail: detail), seconds: seconds)
    }
}

extension RetryLater: CustomStringConvertible {
    public var description: String { problem.detail ?? problem.title }
}
