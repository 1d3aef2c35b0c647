/// Reads `limit` and `offset` query parameters the same way on every list endpoint.
public enum Paging {
    public static let defaultLimit = 50
    public static let maxLimit = 500

    public static func limit(_ request: EndpointRequest) throws(Problem) -> Int {
        guard let raw = request.query("limit") else { return defaultLimit }
        guard let value = Int(raw), (1...maxLimit).contains(value) else {
            throw Problem.invalid([.init(path: "/limit", message: "expected an integer from 1 to \(maxLimit), found '\(raw)'")])
        }
        return value
    }

    public static func offset(_ request: EndpointRequest) throws(Problem) -> Int {
        guard let raw = request.query("offset") else { return 0 }
        guard let value = Int(raw), value >= 0 else {
            throw Problem.invalid([.init(path: "/offset", message: "expected a non-negative integer, found '\(raw)'")])
        }
        return value
    }
}
