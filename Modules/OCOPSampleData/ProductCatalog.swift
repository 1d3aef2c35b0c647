import OCOPDomain

/// Words for one product set: product names (a place is appended), the trade a cooperative of
/// that set names itself after, ingredients and packaging. `{item}` stands for the product name
/// in lower case. Product words listed in ``Ingredients/byBase`` use that entry instead of
/// these templates.
struct ProductCatalog: Sendable {
    let bases: [String]
    let trades: [String]
    let ingredients: [String]
    let packaging: [String]

    static func of(_ set: ProductSet) -> ProductCatalog {
        switch set {
        case .freshProduce:
            ProductCatalog(
                bases: ["Bưởi", "Bưởi da xanh", "Cam sành", "Vải thiều", "Nhãn lồng", "Xoài cát", "Thanh long ruột đỏ",
                        "Sầu riêng", "Chuối tiêu hồng", "Dưa lưới", "Rau an toàn", "Khoai lang mật", "Su su", "Măng tây",
                        "Ổi lê", "Mít ruột đỏ", "Na dai", "Hồng giòn", "Mận hậu", "Cà chua", "Dứa", "Chanh leo", "Bơ sáp"],
                trades: ["Nông nghiệp", "Rau quả sạch", "Cây ăn quả", "Nông nghiệp công nghệ cao"],
                ingredients: ["100% {item} tươi", "{item} trồng theo tiêu chuẩn VietGAP", "{item} canh tác hữu cơ"],
                packaging: ["Thùng carton 10 kg, tem truy xuất nguồn gốc QR", "Túi lưới 2 kg, nhãn mác", "Hộp nhựa 500 g, tem QR", "Giỏ quà 5 kg"])
        case .freshAnimalProducts:
            ProductCatalog(
                bases: ["Gà đồi", "Gà Mía", "Lợn đen", "Bò vàng", "Trứng gà", "Trứng vịt", "Cá trắm", "Tôm càng xanh",
                        "Cua đồng", "Sữa bò tươi", "Vịt bầu", "Cá lăng", "Ốc nhồi", "Ngao", "Chim bồ câu", "Gà ri"],
                trades: ["Chăn nuôi", "Thủy sản", "Chăn nuôi an toàn sinh học", "Nuôi trồng thủy sản"],
                ingredients: ["{item} nuôi thả tự nhiên", "100% {item}", "{item} nuôi theo tiêu chuẩn VietGAHP"],
                packaging: ["Túi hút chân không 1 kg, tem truy xuất nguồn gốc", "Hộp xốp giữ lạnh, nhãn mác", "Khay 10 quả, màng co"])
        case .grains:
            ProductCatalog(
                bases: ["Gạo ST25", "Gạo tám thơm", "Gạo nếp cái hoa vàng", "Gạo lứt đỏ", "Gạo Bắc Hương", "Gạo Séng Cù",
                        "Gạo hữu cơ", "Gạo nàng hoa", "Gạo Đài Thơm 8", "Lạc đỏ", "Đậu tương", "Vừng đen", "Ngô nếp", "Đỗ xanh"],
                trades: ["Nông nghiệp", "Dịch vụ nông nghiệp", "Sản xuất lúa gạo", "Lúa gạo chất lượng cao"],
                ingredients: ["100% {item}", "{item} canh tác hữu cơ"],
                packaging: ["Túi hút chân không 2 kg", "Túi vải 5 kg, tem truy xuất nguồn gốc QR", "Bao 10 kg, nhãn mác đầy đủ"])
        case .honeyAndOtherFoods:
            ProductCatalog(
                bases: ["Mật ong rừng", "Mật ong hoa nhãn", "Mật ong bạc hà", "Mật ong hoa cà phê", "Mật mía", "Nấm hương",
                        "Mộc nhĩ", "Nấm sò", "Yến sào", "Tinh bột nghệ", "Mật hoa dừa", "Măng khô"],
                trades: ["Nuôi ong", "Nông lâm sản", "Nấm và nông sản", "Nông nghiệp"],
                ingredients: ["100% {item} nguyên chất", "{item} khai thác tự nhiên", "{item}"],
                packaging: ["Chai thủy tinh 500 ml", "Hũ thủy tinh 300 g, tem chống hàng giả", "Túi zip 200 g", "Hộp quà 2 chai"])
        case .fastFood:
            ProductCatalog(
                bases: ["Bánh chưng", "Bánh tét", "Giò lụa", "Nem chua", "Chả cá", "Cơm cháy chà bông", "Xôi xéo", "Bánh giầy",
                        "Chả mực", "Bánh đa cua", "Bánh gối"],
                trades: ["Chế biến thực phẩm", "Dịch vụ ăn uống", "Thực phẩm truyền thống"],
                ingredients: ["Nguyên liệu địa phương, gia vị"],
                packaging: ["Hộp giấy, bảo quản lạnh", "Túi hút chân không 500 g", "Khay nhựa, màng co, nhãn mác"])
        case .processedGrains:
            ProductCatalog(
                bases: ["Bún khô", "Miến dong", "Phở khô", "Bánh đa nem", "Bánh phở", "Bánh đa", "Cốm", "Bột sắn dây", "Bánh gai",
                        "Bánh cáy", "Mỳ gạo", "Hủ tiếu", "Bánh tráng", "Bánh phồng"],
                trades: ["Chế biến nông sản", "Làng nghề", "Chế biến lương thực"],
                ingredients: ["Gạo, nước"],
                packaging: ["Túi nilon 500 g, nhãn mác", "Hộp giấy 300 g", "Túi zip 1 kg, tem truy xuất nguồn gốc"])
        case .processedProduce:
            ProductCatalog(
                bases: ["Mứt gừng", "Ô mai", "Vải sấy", "Nhãn sấy", "Chuối sấy", "Mít sấy", "Xoài sấy dẻo", "Hạt điều rang muối",
                        "Lạc rang", "Kẹo lạc", "Kẹo dừa", "Dưa chuột muối", "Mơ ngâm", "Mận sấy dẻo", "Bột ngũ cốc", "Kẹo cu đơ"],
                trades: ["Chế biến nông sản", "Nông sản sạch", "Thực phẩm"],
                ingredients: ["{item} 100%, không chất bảo quản", "Quả tươi, đường kính"],
                packaging: ["Hộp giấy 250 g", "Túi zip 500 g", "Hũ nhựa 300 g, tem QR", "Hộp quà Tết"])
        case .processedAnimalProducts:
            ProductCatalog(
                bases: ["Ruốc", "Giò bò", "Thịt trâu gác bếp", "Lạp xưởng", "Mực một nắng", "Cá khô", "Tôm khô", "Chà bông",
                        "Sữa chua", "Trứng vịt muối", "Xúc xích", "Cá kho", "Sữa chua mật ong", "Chả cốm"],
                trades: ["Chế biến thực phẩm", "Chế biến thủy sản", "Chăn nuôi và chế biến"],
                ingredients: ["Nguyên liệu tươi, gia vị"],
                packaging: ["Túi hút chân không 500 g", "Hộp giấy 200 g", "Hũ nhựa 300 g", "Túi zip 250 g, bảo quản lạnh"])
        case .liquidSeasonings:
            ProductCatalog(
                bases: ["Nước mắm", "Nước mắm cốt", "Tương bần", "Tương nếp", "Nước tương", "Mắm tôm", "Mắm tép", "Giấm gạo",
                        "Mắm ruốc", "Tương ớt"],
                trades: ["Chế biến nước mắm", "Chế biến thủy sản", "Làng nghề"],
                ingredients: ["Nguyên liệu địa phương, muối"],
                packaging: ["Chai thủy tinh 500 ml", "Chai nhựa PET 1 lít", "Hũ sành 2 lít", "Thùng 6 chai"])
        case .otherSeasonings:
            ProductCatalog(
                bases: ["Muối tôm", "Muối ớt", "Hạt tiêu", "Tỏi", "Hành tím", "Ớt bột", "Sả", "Muối hồng", "Bột nghệ", "Gừng",
                        "Quế", "Hoa hồi", "Muối vừng", "Tỏi cô đơn"],
                trades: ["Gia vị", "Nông nghiệp", "Chế biến gia vị"],
                ingredients: ["{item} 100%", "{item} sấy khô"],
                packaging: ["Hũ thủy tinh 100 g", "Túi zip 200 g", "Hộp giấy 150 g"])
        case .tea:
            ProductCatalog(
                bases: ["Chè Shan tuyết", "Chè búp", "Trà xanh", "Chè móc câu", "Trà Ô long", "Chè đinh", "Trà sen", "Hồng trà",
                        "Chè tôm nõn", "Trà nhài"],
                trades: ["Chè", "Chè an toàn", "Sản xuất và chế biến chè"],
                ingredients: ["Búp chè tươi một tôm hai lá", "Lá chè Shan tuyết cổ thụ"],
                packaging: ["Hộp thiếc 100 g", "Túi hút chân không 200 g", "Hộp giấy 500 g, tem truy xuất nguồn gốc", "Hộp quà 2 hũ"])
        case .otherPlantTeas:
            ProductCatalog(
                bases: ["Trà hoa vàng", "Trà atiso", "Trà túi lọc thảo mộc", "Trà gạo lứt", "Trà gừng", "Trà hoa cúc",
                        "Trà lá vối", "Trà đinh lăng", "Trà mãng cầu", "Trà hoa đậu biếc", "Trà dây"],
                trades: ["Dược liệu", "Thảo mộc", "Nông nghiệp"],
                ingredients: ["{item}", "Hoa, lá thảo mộc sấy khô", "Gạo lứt rang, đỗ đen"],
                packaging: ["Hộp 20 túi lọc", "Túi zip 100 g", "Hộp giấy 200 g"])
        case .coffeeAndCocoa:
            ProductCatalog(
                bases: ["Cà phê rang xay", "Cà phê Robusta", "Cà phê Arabica", "Cà phê hòa tan", "Ca cao nguyên chất",
                        "Sô cô la", "Cà phê phin", "Bột ca cao"],
                trades: ["Cà phê", "Nông nghiệp", "Cà phê và ca cao"],
                ingredients: ["Hạt cà phê Robusta rang mộc", "Hạt cà phê Robusta và Arabica"],
                packaging: ["Túi van một chiều 500 g", "Hộp giấy 250 g", "Hộp 10 gói"])
        case .whiteSpirits:
            ProductCatalog(
                bases: ["Rượu nếp", "Rượu ngô", "Rượu men lá", "Rượu nếp cái hoa vàng", "Rượu gạo", "Rượu sắn", "Rượu thóc",
                        "Rượu nếp cẩm"],
                trades: ["Sản xuất rượu", "Làng nghề", "Rượu truyền thống"],
                ingredients: ["Gạo nếp, men lá"],
                packaging: ["Chai thủy tinh 500 ml", "Bình gốm 1 lít", "Hộp quà 2 chai"])
        case .otherAlcoholicDrinks:
            ProductCatalog(
                bases: ["Rượu vang sim", "Rượu mơ", "Rượu táo mèo", "Rượu chuối hột", "Rượu dâu", "Rượu ba kích", "Rượu mận", "Bia thủ công"],
                trades: ["Đồ uống", "Sản xuất rượu", "Nông lâm sản"],
                ingredients: ["Quả chín, rượu nếp"],
                packaging: ["Chai thủy tinh 750 ml", "Bình thủy tinh 2 lít", "Hộp quà"])
        case .bottledWater:
            ProductCatalog(
                bases: ["Nước khoáng", "Nước uống tinh khiết", "Nước khoáng thiên nhiên", "Nước suối"],
                trades: ["Nước sạch", "Đồ uống", "Dịch vụ"],
                ingredients: ["Nước khoáng thiên nhiên", "Nước giếng khoan lọc RO"],
                packaging: ["Chai PET 500 ml", "Bình 20 lít", "Thùng 24 chai"])
        case .otherNonAlcoholicDrinks:
            ProductCatalog(
                bases: ["Nước cốt chanh leo", "Nước ép trái cây", "Nước mía", "Sữa đậu nành", "Nước dừa", "Nước yến", "Nước sâm",
                        "Siro", "Nước cam", "Sữa hạt"],
                trades: ["Đồ uống", "Chế biến nông sản", "Thực phẩm"],
                ingredients: ["{item}, đường, nước", "Quả tươi ép, không chất bảo quản"],
                packaging: ["Chai thủy tinh 330 ml", "Chai PET 1 lít", "Hộp giấy 200 ml", "Lon 250 ml"])
        case .herbalMedicines:
            ProductCatalog(
                bases: ["Cao atiso", "Tinh bột nghệ nano", "Viên đông trùng hạ thảo", "Cao xương khớp", "Nấm linh chi",
                        "Đông trùng hạ thảo", "Hà thủ ô", "Cao ích mẫu", "Viên hoàn tiêu thực", "Cao đinh lăng", "Sâm"],
                trades: ["Dược liệu", "Trồng và chế biến dược liệu", "Nông lâm nghiệp"],
                ingredients: ["{item}", "{item}, mật ong"],
                packaging: ["Lọ thủy tinh 100 g", "Hộp 30 viên", "Hộp giấy 10 gói", "Lọ nhựa 250 ml"])
        case .herbalCosmetics:
            ProductCatalog(
                bases: ["Dầu gội thảo dược", "Xà phòng thiên nhiên", "Tinh dầu bưởi dưỡng tóc", "Son dưỡng môi", "Kem nghệ",
                        "Sữa rửa mặt thảo dược", "Bột tắm thảo dược", "Nước hoa hồng", "Muối tắm thảo dược", "Dầu dừa"],
                trades: ["Dược liệu", "Mỹ phẩm thiên nhiên", "Thảo dược"],
                ingredients: ["Thảo dược thiên nhiên", "Dầu dừa, thảo dược"],
                packaging: ["Chai nhựa 300 ml", "Hộp giấy 100 g", "Lọ thủy tinh 50 ml"])
        case .essentialOilsAndHerbs:
            ProductCatalog(
                bases: ["Tinh dầu sả chanh", "Tinh dầu quế", "Tinh dầu tràm", "Tinh dầu bưởi", "Tinh dầu hồi", "Tinh dầu bạc hà",
                        "Tinh dầu gừng", "Lá tắm người Dao", "Ngải cứu", "Dầu gió", "Túi chườm thảo dược"],
                trades: ["Tinh dầu", "Dược liệu", "Lâm nghiệp"],
                ingredients: ["{item}"],
                packaging: ["Lọ thủy tinh 10 ml", "Chai 100 ml", "Túi 500 g"])
        case .householdHandicrafts:
            ProductCatalog(
                bases: ["Gốm", "Gốm men lam", "Mây tre đan", "Giỏ cói", "Chiếu cói", "Sơn mài", "Tranh khảm trai", "Đồ gỗ mỹ nghệ",
                        "Tượng gỗ", "Nón lá", "Quạt giấy", "Tranh thêu", "Đèn lồng", "Chổi đót", "Thảm bèo", "Đồ đồng",
                        "Khay sơn mài", "Lục bình đan", "Tranh giấy dó"],
                trades: ["Mây tre đan", "Gốm sứ", "Thủ công mỹ nghệ", "Làng nghề", "Mỹ nghệ"],
                ingredients: ["Nguyên liệu tự nhiên"],
                packaging: ["Hộp carton, tem nhãn song ngữ", "Hộp gỗ", "Túi vải, thẻ giới thiệu sản phẩm"])
        case .textiles:
            ProductCatalog(
                bases: ["Thổ cẩm", "Lụa tơ tằm", "Khăn lụa", "Áo dài lụa", "Khăn piêu", "Vải lanh", "Túi thổ cẩm", "Khăn thêu",
                        "Vải dệt thủ công", "Áo thổ cẩm"],
                trades: ["Dệt may", "Dệt thổ cẩm", "Ươm tơ dệt lụa", "Thủ công mỹ nghệ"],
                ingredients: ["Sợi tự nhiên"],
                packaging: ["Hộp giấy, tem nhãn", "Túi vải", "Hộp quà"])
        case .flowers:
            ProductCatalog(
                bases: ["Hoa lan", "Lan hồ điệp", "Hoa đào", "Hoa cúc", "Hoa hồng", "Hoa ly", "Hoa sen", "Hoa mai", "Hoa đồng tiền",
                        "Hoa lay ơn"],
                trades: ["Hoa cây cảnh", "Nông nghiệp", "Sinh vật cảnh"],
                ingredients: [],
                packaging: ["Chậu sứ, thẻ thông tin", "Bó 10 cành, giấy bọc", "Thùng carton giữ ẩm"])
        case .ornamentalPlants:
            ProductCatalog(
                bases: ["Cây cảnh", "Bonsai", "Quất cảnh", "Đào thế", "Mai vàng", "Cây sanh", "Sen đá", "Cây si", "Tùng la hán",
                        "Bưởi cảnh"],
                trades: ["Hoa cây cảnh", "Sinh vật cảnh", "Nông nghiệp"],
                ingredients: [],
                packaging: ["Chậu sứ, thẻ thông tin cây", "Chậu xi măng", "Bầu đất, thẻ truy xuất nguồn gốc"])
        case .ornamentalAnimals:
            ProductCatalog(
                bases: ["Cá Koi", "Cá cảnh", "Chim chào mào", "Gà tre", "Cá vàng", "Chim yến phụng", "Rùa cảnh"],
                trades: ["Sinh vật cảnh", "Thủy sản", "Chăn nuôi"],
                ingredients: [],
                packaging: ["Túi oxy, thùng xốp", "Lồng tre", "Bể kính"])
        case .ruralTourism:
            ProductCatalog(
                bases: ["Du lịch cộng đồng", "Điểm du lịch sinh thái", "Homestay", "Làng nghề truyền thống", "Khu du lịch sinh thái",
                        "Trải nghiệm làng quê", "Du lịch nông nghiệp", "Điểm du lịch làng cổ"],
                trades: ["Du lịch cộng đồng", "Du lịch sinh thái", "Dịch vụ du lịch"],
                ingredients: [],
                packaging: [])
        }
    }
}
