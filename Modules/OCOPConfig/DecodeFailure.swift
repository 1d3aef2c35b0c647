/// The error thrown through `Decodable` initializers while decoding.
///
/// The id tells one failure from another, so that after decoding we know
/// which failed attempts were abandoned by the fatal error (their finished
/// parts are still worth checking for unknown keys) and which were caught
/// by user code such as `try?` (their work is discarded).
struct DecodeFailure: Error, Sendable {
    let id: Int
    let error: ConfigError
    /// A failure the diagnostic pass caused itself (a type's own check
    /// tripping over a stand-in value); it stops decoding but is not shown.
    var silent = false
}
