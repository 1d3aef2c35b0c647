/// An error raised by the plugin registry or a plugin.
///
/// Modelled on ServiceLifecycle's errors: a struct with an extensible `Code`, so new
/// codes never break callers that switch on the ones they know.
public struct PluginError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let unknownPlugin = Code("unknown-plugin")
        public static let missingDependency = Code("missing-dependency")
        public static let duplicatePlugin = Code("duplicate-plugin")
        public static let dependencyCycle = Code("dependency-cycle")
        public static let invalidConfig = Code("invalid-config")
        public static let registrationClosed = Code("registration-closed")
        public static let duplicateContribution = Code("duplicate-contribution")
        public static let startFailed = Code("start-failed")
        public static let invalidManifest = Code("invalid-manifest")
        /// A contribution to an extension point no enabled plugin owns.
        public static let unownedExtensionPoint = Code("unowned-extension-point")
        /// A contribution its point's owner refused (wrong type, invalid value, duplicate).
        public static let invalidContribution = Code("invalid-contribution")
        /// A service provided or used without being declared in the manifest.
        public static let undeclaredService = Code("undeclared-service")
        /// A required plugin or service that no enabled plugin satisfies.
        public static let unmetRequirement = Code("unmet-requirement")
        /// A required plugin enabled in a version outside the accepted range.
        public static let versionMismatch = Code("version-mismatch")
        /// The plugin's `init` or `register` threw.
        public static let pluginFailed = Code("plugin-failed")
    }

    public var code: Code
    public var pluginID: PluginID?
    /// Where the problem is, e.g. a config key path (`plugins.vn.ha-noi`); nil if not applicable.
    public var path: String?
    /// `file:line:col` of the configuration that enabled the plugin, when known.
    public var location: String?
    public var message: String

    public init(_ code: Code, pluginID: PluginID? = nil, path: String? = nil, location: String? = nil, message: String) {
        self.code = code
        self.pluginID = pluginID
        self.path = path
        self.location = location
        self.message = message
    }

    public var description: String {
        var prefix = ""
        if let location { prefix += "\(location): " }
        if let path { prefix += "\(path): " } else if let pluginID { prefix += "plugin \(pluginID): " }
        return prefix + message
    }
}

/// Several plugin errors reported together, so an operator fixes them in one pass.
public struct PluginErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [PluginError]
    public init(_ errors: [PluginError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
