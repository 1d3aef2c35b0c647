import Foundation
import OCOPPluginKit
import Testing

/// A point a core module owns, filled by province plugins.
let greetingsPoint = ExtensionPoint<Greeting>("test.owner.greetings", summary: "greetings in many languages")

struct Greeting: Sendable, Equatable, CustomStringConvertible {
    var language: String
    var text: String
    var description: String { "\(language): \(text)" }
}

/// Owns `greetingsPoint`: refuses empty texts and a second greeting for a language.
struct OwnerPlugin: Plugin {
    static let manifest = PluginManifest(id: "core.owner", version: "2.1.0", summary: "owns greetings")
    static let received = Box<Contributions<Greeting>>()
    init(config: NoConfig) {}
    func register(with registrar: Registrar) throws {
        let list = try registrar.own(greetingsPoint, validate: { new, earlier in
            if new.value.text.isEmpty { throw ContributionRejected("a greeting needs a text") }
            if earlier.contains(where: { $0.value.language == new.value.language }) {
                throw ContributionRejected("language '\(new.value.language)' already has a greeting")
            }
        })
        #expect(!list.isFinal && list.all.isEmpty, "contributions arrive only when registration closes")
        Self.received.value = list
    }
}

/// Contributes whatever its config says.
struct ContributorPlugin: Plugin {
    struct Config: Decodable, Sendable { var greetings: [[String]] = [] }
    static let manifest = PluginManifest(id: "vn.contributor", version: "1.0.0", summary: "contributes",
                                         requires: [.plugin("core.owner", "^2.0")])
    let config: Config
    init(config: Config) { self.config = config }
    func register(with registrar: Registrar) throws {
        for pair in config.greetings { try registrar.contribute(greetingsPoint, Greeting(language: pair[0], text: pair[1])) }
    }
}

/// A second contributor, sorting before the first, without declaring a dependency on the owner.
struct EarlyContributorPlugin: Plugin {
    static let manifest = PluginManifest(id: "vn.a-early", version: "1.0.0", summary: "contributes first")
    init(config: NoConfig) {}
    func register(with registrar: Registrar) throws {
        try registrar.contribute(greetingsPoint, Greeting(language: "en", text: "Hello"))
    }
}

/// Contributes to the greetings point by name with another value type.
struct WrongTypePlugin: Plugin {
    static let manifest = PluginManifest(id: "vn.wrong-type", version: "1.0.0", summary: "wrong type")
    init(config: NoConfig) {}
    func register(with registrar: Registrar) throws {
        try registrar.contribute(ExtensionPoint<Int>("test.owner.greetings", summary: ""), 42)
    }
}

final class Box<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T?
    var value: T? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

func enabled(_ id: PluginID, _ json: String = "{}", line: Int) -> Registry.Enabled {
    Registry.Enabled(id: id, path: "plugins.\(id)", location: "ocop.yaml:\(line):3", config: JSONSource(json: json))
}

@Suite(.serialized) struct ExtensionPointTests {
    let factories = [PluginFactory(OwnerPlugin.self), PluginFactory(ContributorPlugin.self), PluginFactory(EarlyContributorPlugin.self),
                     PluginFactory(WrongTypePlugin.self)]

    @Test func theOwnerReceivesEveryContributionTaggedInPluginOrder() throws {
        let registry = try Registry.load(available: factories, enabled: [
            enabled("vn.contributor", #"{"greetings":[["vi","Xin chào"],["fr","Bonjour"]]}"#, line: 4),
            enabled("core.owner", line: 2),
            enabled("vn.a-early", line: 6),
        ])
        let list = try #require(OwnerPlugin.received.value)
        #expect(list.isFinal)
        // Start order: core.owner, then (ready together) vn.a-early before vn.contributor.
        #expect(registry.plugins.map(\.id) == ["core.owner", "vn.a-early", "vn.contributor"])
        #expect(list.all.map(\.plugin) == ["vn.a-early", "vn.contributor", "vn.contributor"])
        #expect(list.values == [Greeting(language: "en", text: "Hello"), Greeting(language: "vi", text: "Xin chào"),
                                Greeting(language: "fr", text: "Bonjour")])
        #expect(list.all.first?.source.file.hasSuffix("ExtensionPointTests.swift") == true)
        let point = try #require(registry.extensionPoints.first { $0.name == greetingsPoint.name })
        #expect(point.owner == "core.owner")
        #expect(point.contributions.map(\.summary) == ["en: Hello", "vi: Xin chào", "fr: Bonjour"])
        #expect(registry.contributions(of: "vn.contributor").map(\.point.name) == [greetingsPoint.name])
    }

    @Test func aRefusedContributionIsALocatedErrorNamingItsPlugin() {
        do {
            _ = try Registry.load(available: factories, enabled: [
                enabled("core.owner", line: 2),
                enabled("vn.contributor", #"{"greetings":[["vi","Xin chào"],["vi","Chào"],["de",""]]}"#, line: 9),
            ])
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.map(\.code) == [.invalidContribution, .invalidContribution])
            #expect(error.errors.allSatisfy { $0.pluginID == "vn.contributor" && $0.location == "ocop.yaml:9:3" })
            let text = error.description
            #expect(text.contains("ocop.yaml:9:3: plugins.vn.contributor: contribution to 'test.owner.greetings'"), "\(text)")
            #expect(text.contains("refused by core.owner: language 'vi' already has a greeting"), "\(text)")
            #expect(text.contains("a greeting needs a text"), "\(text)")
        }
    }

    @Test func contributingToAPointNobodyOwnsOrWithTheWrongTypeIsAnError() {
        do {
            _ = try Registry.load(available: factories, enabled: [enabled("vn.a-early", line: 3)])
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.code) == [.unownedExtensionPoint])
            #expect(error.description.contains("ocop.yaml:3:3: plugins.vn.a-early: contributes to extension point 'test.owner.greetings'"), "\(error)")
            #expect(error.description.contains("which no enabled plugin owns"))
        }
        do {
            _ = try Registry.load(available: factories, enabled: [enabled("core.owner", line: 2), enabled("vn.wrong-type", line: 5)])
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.code) == [.invalidContribution])
            #expect(error.description.contains("contributes a Int where 'test.owner.greetings' takes Greeting"), "\(error)")
        }
    }
}

// MARK: services and requirements

protocol Clock2: Sendable { func now() -> String }
struct FixedClock: Clock2 { func now() -> String { "12:00" } }

struct ProviderPlugin: Plugin {
    static let manifest = PluginManifest(id: "core.provider", version: "1.4.2", summary: "provides a clock",
                                         provides: [ServiceName((any Clock2).self)])
    init(config: NoConfig) {}
    func register(with registrar: Registrar) throws { try registrar.provide((any Clock2).self, FixedClock()) }
}

/// Declares it provides a clock but forgets to.
struct ForgetfulPlugin: Plugin {
    static let manifest = PluginManifest(id: "core.forgetful", version: "1.0.0", summary: "promises", provides: [ServiceName((any Clock2).self)])
    init(config: NoConfig) {}
    func register(with registrar: Registrar) throws {}
}

struct ConsumerPlugin: Plugin {
    static let manifest = PluginManifest(id: "vn.consumer", version: "1.0.0", summary: "uses a clock",
                                         requires: [.service((any Clock2).self, why: "stamps things")])
    static let reference = Box<ServiceRef<any Clock2>>()
    init(config: NoConfig) {}
    func register(with registrar: Registrar) throws {
        let clock = try registrar.use((any Clock2).self)
        #expect(throws: PluginError.self) { try clock() }   // not bound before registration closes
        Self.reference.value = clock
    }
}

struct OptionalConsumerPlugin: Plugin {
    static let manifest = PluginManifest(id: "vn.optional", version: "1.0.0", summary: "may use a clock",
                                         requires: [.service((any Clock2).self, optional: true, why: "stamps nothing without one")])
    static let reference = Box<ServiceRef<any Clock2>>()
    init(config: NoConfig) {}
    func register(with registrar: Registrar) throws { Self.reference.value = try registrar.use((any Clock2).self) }
}

/// Uses and provides what its manifest does not declare.
struct UndeclaredPlugin: Plugin {
    static let manifest = PluginManifest(id: "vn.undeclared", version: "1.0.0", summary: "sloppy")
    init(config: NoConfig) {}
    func register(with registrar: Registrar) throws {
        _ = try registrar.use((any Clock2).self)
    }
}

struct PickyPlugin: Plugin {
    static let manifest = PluginManifest(id: "vn.picky", version: "1.0.0", summary: "wants a newer provider",
                                         requires: [.plugin("core.provider", ">=1.5.0 <2.0.0")])
    init(config: NoConfig) {}
    func register(with registrar: Registrar) throws {}
}

struct FailingInitPlugin: Plugin {
    struct Broken: Error, CustomStringConvertible { var description: String { "the tariff file is missing" } }
    static let manifest = PluginManifest(id: "vn.failing", version: "1.0.0", summary: "fails")
    init(config: NoConfig) throws { throw Broken() }
    func register(with registrar: Registrar) throws {}
}

@Suite(.serialized) struct RequirementTests {
    let factories = [PluginFactory(ProviderPlugin.self), PluginFactory(ConsumerPlugin.self), PluginFactory(OptionalConsumerPlugin.self),
                     PluginFactory(UndeclaredPlugin.self), PluginFactory(PickyPlugin.self), PluginFactory(ForgetfulPlugin.self),
                     PluginFactory(FailingInitPlugin.self)]

    @Test func servicesAreBoundAfterValidationAndOrderThePlugins() throws {
        let registry = try Registry.load(available: factories, enabled: [enabled("vn.consumer", line: 2), enabled("core.provider", line: 5)])
        #expect(registry.plugins.map(\.id) == ["core.provider", "vn.consumer"], "a provider starts before its users")
        #expect(try ConsumerPlugin.reference.value?().now() == "12:00")
        #expect(registry.serviceUse["vn.consumer"] == [ServiceName((any Clock2).self)])
    }

    @Test func everyUnmetRequirementIsReportedAtOnceAndLocated() {
        do {
            _ = try Registry.load(available: factories, enabled: [
                enabled("vn.consumer", line: 2), enabled("vn.picky", line: 4), enabled("vn.undeclared", line: 6),
            ])
            Issue.record("expected errors")
        } catch {
            let text = error.description
            #expect(text.contains("ocop.yaml:2:3: plugins.vn.consumer: plugin 'vn.consumer' requires service Clock2, which no enabled plugin provides; enable one of: core.forgetful, core.provider"), "\(text)")
            #expect(text.contains("ocop.yaml:4:3: plugins.vn.picky: plugin 'vn.picky' requires 'core.provider', which is not enabled"), "\(text)")
            #expect(error.errors.count == 2, "\(text)")
        }
        do {
            _ = try Registry.load(available: factories, enabled: [enabled("core.provider", line: 1), enabled("vn.picky", line: 4)])
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.code) == [.versionMismatch])
            #expect(error.description.contains("requires 'core.provider' >=1.5.0 <2.0.0, but version 1.4.2 is compiled in"), "\(error)")
        }
    }

    @Test func undeclaredServicesAndBrokenPromisesAreErrors() {
        do {
            _ = try Registry.load(available: factories, enabled: [enabled("core.provider", line: 1), enabled("vn.undeclared", line: 3)])
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.code) == [.undeclaredService])
            #expect(error.description.contains("ocop.yaml:3:3: plugin vn.undeclared: uses service Clock2 without declaring it"), "\(error)")
        }
        do {
            _ = try Registry.load(available: factories, enabled: [enabled("core.forgetful", line: 1)])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("declares that it provides service Clock2 but did not provide it"), "\(error)")
        }
    }

    @Test func anOptionalServiceMayBeAbsent() throws {
        _ = try Registry.load(available: factories, enabled: [enabled("vn.optional", line: 1)])
        let reference = try #require(OptionalConsumerPlugin.reference.value)
        #expect(reference.ifAvailable == nil)
        #expect(throws: PluginError.self) { try reference() }
        _ = try Registry.load(available: factories, enabled: [enabled("vn.optional", line: 1), enabled("core.provider", line: 2)])
        #expect(OptionalConsumerPlugin.reference.value?.ifAvailable?.now() == "12:00")
    }

    @Test func disablingARequiredPluginNamesWhereItWasDisabled() {
        do {
            _ = try Registry.load(available: factories, enabled: [enabled("vn.picky", line: 4)],
                                  disabled: [.init(id: "core.provider", location: "prod.yaml:8:3")])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("requires 'core.provider', which is disabled at prod.yaml:8:3"), "\(error)")
        }
    }

    @Test func errorsFromAPluginsInitNameThePlugin() {
        do {
            _ = try Registry.load(available: factories, enabled: [enabled("vn.failing", line: 7)])
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.code) == [.pluginFailed])
            #expect(error.description == "ocop.yaml:7:3: plugins.vn.failing: plugin 'vn.failing' failed to initialise: the tariff file is missing")
        }
    }
}

@Suite struct VersionTests {
    @Test func semanticVersionsParseAndOrder() {
        #expect(SemanticVersion("1.2.3") == SemanticVersion(1, 2, 3))
        #expect(SemanticVersion("1.2") == nil)
        #expect(SemanticVersion("01.2.3") == nil)
        #expect(SemanticVersion("1.2.3-beta.2+build.5")?.prerelease == ["beta", "2"])
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0", "1.0.1", "1.10.0", "2.0.0"]
            .compactMap(SemanticVersion.init)
        #expect(ordered.count == 9)
        #expect(ordered == ordered.sorted())
        #expect(ordered.shuffled().sorted() == ordered)
    }

    @Test func rangesAdmitWhatTheySay() throws {
        func admits(_ range: String, _ version: String) throws -> Bool {
            try #require(VersionRange(range)).admits(try #require(SemanticVersion(version)))
        }
        #expect(try admits("^1.2", "1.9.0") && !(try admits("^1.2", "2.0.0")) && !(try admits("^1.2", "1.1.9")))
        #expect(try admits("^0.2", "0.2.7") && !(try admits("^0.2", "0.3.0")))
        #expect(try admits("~1.2.3", "1.2.9") && !(try admits("~1.2.3", "1.3.0")))
        #expect(try admits(">=1.0.0 <2.0.0", "1.99.0") && !(try admits(">=1.0.0 <2.0.0", "2.0.0")))
        #expect(try admits("*", "0.0.1") && (try admits("1.2.3", "1.2.3")) && !(try admits("1.2.3", "1.2.4")))
        #expect(VersionRange("^x") == nil && VersionRange(">=1.0") == nil)
    }
}
