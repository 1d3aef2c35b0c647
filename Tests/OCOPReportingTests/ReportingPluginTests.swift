import OCOPPluginKit
import OCOPReporting
import Testing

@Test func manifestNamesTheModule() {
    #expect(ReportingPlugin.manifest.id == "ocop.reporting")
}
