import OCOPPluginKit

/// Hải Phòng's own module: the city's OCOP livestream market ("Chợ phiên OCOP"), an event
/// kind with per-session metrics.
public struct HaiPhongPlugin: Plugin {
    public static let manifest = PluginManifest(
        id: "vn.hai-phong",
        version: "0.1.0",
        summary: "Hải Phòng: the OCOP livestream market (Chợ phiên OCOP) as an event kind with per-session metrics",
        requires: [.plugin("ocop.events", "^0.1", why: "the market is a kind of promotion event")]
    )

    public init(config: NoConfig) {}

    public func register(with registrar: Registrar) throws {}
}
