import OCOPPluginKit
import OCOPWeb

extension TestHost {
    /// The core modules, promotion, reporting and the web pages (`coreConfig + promotionConfig + webConfig`).
    public static let withWeb = withPromotion + [PluginFactory(WebPlugin.self)]
    /// The `plugins:` entry that adds the web pages; sessions and sign-in limits as given.
    public static func webConfig(secureCookies: Bool = false, idleSeconds: Int = 1800, loginFailures: Int = 5,
                                 trustForwardedFor: Bool = false) -> String {
        """

          ocop.web: {secure_cookies: \(secureCookies), session_idle_seconds: \(idleSeconds), login_failures: \(loginFailures), trust_forwarded_for: \(trustForwardedFor)}
        """
    }
}
