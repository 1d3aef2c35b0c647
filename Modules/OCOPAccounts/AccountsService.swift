import OCOPPluginKit

/// The accounts module's shared state, offered in the service directory as
/// `AccountsService.self`: the configured password hasher and the in-process token cache.
///
/// The command line resolves it to learn whether `ocop.accounts` is enabled and with which
/// settings; tests use it to make users. Every `AccountStore` it makes shares the cache, so a
/// revocation or deactivation through any of them takes effect at once in this process.
public final class AccountsService: Sendable {
    public let config: AccountsConfig
    let hasher: PasswordHasher
    let cache: PrincipalCache
    let throttle = SignInThrottle()
    let usernameProbes = AccountStore.makeProbeThrottle()

    public init(config: AccountsConfig) {
        self.config = config
        hasher = PasswordHasher(cost: config.bcryptCost)
        cache = PrincipalCache()
    }

    /// A store over `database` with this service's settings and cache.
    public func store(database: any SQLStore) -> AccountStore {
        AccountStore(database: database, hasher: hasher, cache: cache, tokenTTLDays: config.tokenTTLDays, throttle: throttle,
                     usernameProbes: usernameProbes)
    }
}
