import HaiPhong
import OCOPPluginKit
import Testing

@Test func manifestNamesTheCity() {
    #expect(HaiPhongPlugin.manifest.id == "vn.hai-phong")
}
