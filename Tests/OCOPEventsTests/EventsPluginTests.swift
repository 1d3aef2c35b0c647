import OCOPEvents
import OCOPPluginKit
import Testing

@Test func manifestNamesTheModule() {
    #expect(EventsPlugin.manifest.id == "ocop.events")
}
