import OCOPAccounts
import OCOPEvents
import OCOPPluginKit
import OCOPRating
import OCOPRegistry
import OCOPReporting
import OCOPWeb

/// The plugins compiled into this host (like Caddy's `imports.go`): the core modules, listed
/// here, and the province plugins, generated from Package.swift's `provincePlugins`. The
/// configuration decides which of them load.
enum CompiledPlugins {
    static let core: [PluginFactory] = [
        PluginFactory(AccountsPlugin.self),
        PluginFactory(RegistryPlugin.self),
        PluginFactory(RatingPlugin.self),
        PluginFactory(EventsPlugin.self),
        PluginFactory(ReportingPlugin.self),
        PluginFactory(WebPlugin.self),
    ]

    static let all: [PluginFactory] = core + ProvincePlugins.all
}
