extension Scope {
    /// Producers keep their records where officers put them: a record's commune decides which
    /// officers oversee it, so only officers (already held to their area by `mayWrite`) move it.
    func mayMove(from current: String, to target: String) -> Bool {
        current == target || principal?.role != .producer
    }
}
