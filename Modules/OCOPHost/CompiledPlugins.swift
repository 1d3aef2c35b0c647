import HaNoi
import OCOPAccounts
import OCOPPluginKit
import OCOPRegistry

/// The one explicit list of plugins compiled into this host (like Caddy's `imports.go`).
/// The configuration decides which of them load; adding a plugin means adding a line here
/// and a dependency in Package.swift.
enum CompiledPlugins {
    static let all: [PluginFactory] = [
        PluginFactory(AccountsPlugin.self),
        PluginFactory(RegistryPlugin.self),
        PluginFactory(HaNoiPlugin.self),
    ]
}
