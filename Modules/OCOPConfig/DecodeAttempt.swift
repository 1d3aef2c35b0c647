/// One call of a type's `init(from:)`, in a tree that mirrors the call stack.
final class DecodeAttempt {
    enum Outcome {
        case running
        case succeeded
        case failed(id: Int)
    }

    let parent: DecodeAttempt?
    /// Stand-in values handed out before this attempt began.
    let standInsAtStart: Int
    var outcome = Outcome.running

    init(parent: DecodeAttempt?, standInsAtStart: Int) {
        self.parent = parent
        self.standInsAtStart = standInsAtStart
    }

    /// Whether work done in this attempt stands, given the failure that
    /// ended the whole decode (nil if it succeeded): the attempt itself
    /// succeeded, and each enclosing attempt either succeeded or was cut
    /// short by that same fatal failure.
    func stands(fatal: Int?) -> Bool {
        guard case .succeeded = outcome else { return false }
        var current = parent
        while let attempt = current {
            switch attempt.outcome {
            case .succeeded:
                break
            case .failed(let id) where id == fatal:
                break
            case .running, .failed:
                return false
            }
            current = attempt.parent
        }
        return true
    }
}
