/// Ingredients or materials of the product words that need their own (a "Bánh chưng" is not
/// made of whatever its set's generic list says); others use their set's templates.
enum Ingredients {
    static let byBase: [String: String] = [
        // Handicrafts and textiles
        "Gốm": "Đất sét, men tro", "Gốm men lam": "Đất sét trắng, men lam", "Mây tre đan": "Mây, tre, nứa",
        "Giỏ cói": "Cói, sợi đay", "Chiếu cói": "Cói, sợi đay", "Sơn mài": "Gỗ, sơn ta, vỏ trứng",
        "Tranh khảm trai": "Vỏ trai, gỗ, sơn ta", "Đồ gỗ mỹ nghệ": "Gỗ mít, gỗ xoan", "Tượng gỗ": "Gỗ mít",
        "Nón lá": "Lá cọ, tre, chỉ cước", "Quạt giấy": "Giấy dó, nan tre", "Tranh thêu": "Vải lụa, chỉ thêu",
        "Đèn lồng": "Khung tre, vải lụa", "Chổi đót": "Bông đót, dây mây", "Thảm bèo": "Bèo tây phơi khô",
        "Đồ đồng": "Đồng nguyên chất", "Khay sơn mài": "Gỗ, sơn ta", "Lục bình đan": "Cây lục bình phơi khô",
        "Tranh giấy dó": "Giấy dó, màu tự nhiên", "Thổ cẩm": "Sợi bông, chàm", "Lụa tơ tằm": "Tơ tằm",
        "Khăn lụa": "Tơ tằm", "Áo dài lụa": "Lụa tơ tằm", "Khăn piêu": "Sợi bông, chỉ màu", "Vải lanh": "Sợi lanh, sáp ong",
        "Túi thổ cẩm": "Vải thổ cẩm", "Khăn thêu": "Vải bông, chỉ thêu", "Vải dệt thủ công": "Sợi bông",
        "Áo thổ cẩm": "Vải thổ cẩm, chỉ màu",
        // Fast food and processed food
        "Bánh chưng": "Gạo nếp, đậu xanh, thịt lợn, lá dong", "Bánh tét": "Gạo nếp, đậu xanh, thịt lợn, lá chuối",
        "Giò lụa": "Thịt lợn nạc, nước mắm", "Nem chua": "Thịt lợn, bì lợn, thính gạo, lá đinh lăng",
        "Chả cá": "Cá thu, thì là, gia vị", "Cơm cháy chà bông": "Gạo, chà bông, mỡ hành", "Xôi xéo": "Gạo nếp, đậu xanh, hành phi",
        "Bánh giầy": "Gạo nếp, đậu xanh", "Chả mực": "Mực tươi, tiêu", "Bánh đa cua": "Bánh đa đỏ, cua đồng",
        "Bánh gối": "Bột mì, thịt lợn, miến, mộc nhĩ", "Bún khô": "Gạo tẻ, nước", "Miến dong": "Tinh bột dong riềng 100%",
        "Phở khô": "Gạo tẻ", "Bánh đa nem": "Bột gạo, muối", "Bánh phở": "Gạo tẻ", "Bánh đa": "Gạo, vừng",
        "Cốm": "Lúa nếp non", "Bột sắn dây": "Củ sắn dây 100%", "Bánh gai": "Lá gai, gạo nếp, đậu xanh",
        "Bánh cáy": "Gạo nếp, mật mía, lạc, vừng", "Mỳ gạo": "Gạo tẻ", "Hủ tiếu": "Bột gạo", "Bánh tráng": "Bột gạo, muối",
        "Bánh phồng": "Bột nếp, đường", "Hạt điều rang muối": "Hạt điều, muối", "Lạc rang": "Lạc, muối",
        "Kẹo lạc": "Lạc, mạch nha, gừng", "Kẹo dừa": "Cơm dừa, đường, mạch nha", "Kẹo cu đơ": "Lạc, mật mía, bánh đa",
        "Ô mai": "Quả mơ, đường, gừng, cam thảo", "Mứt gừng": "Gừng, đường kính", "Bột ngũ cốc": "Đậu, gạo lứt, vừng, óc chó",
        "Ruốc": "Thịt lợn nạc, nước mắm", "Giò bò": "Thịt bò, gia vị", "Thịt trâu gác bếp": "Thịt trâu, mắc khén, gừng",
        "Lạp xưởng": "Thịt lợn, rượu, đường", "Mực một nắng": "Mực tươi", "Cá khô": "Cá tươi, muối", "Tôm khô": "Tôm tươi, muối",
        "Chà bông": "Thịt lợn, gia vị", "Sữa chua": "Sữa bò tươi, men", "Trứng vịt muối": "Trứng vịt, muối",
        "Xúc xích": "Thịt lợn, gia vị", "Cá kho": "Cá trắm, nước mắm, riềng", "Sữa chua mật ong": "Sữa bò tươi, mật ong, men",
        "Chả cốm": "Thịt lợn, cốm",
        // Seasonings
        "Nước mắm": "Cá cơm, muối biển", "Nước mắm cốt": "Cá cơm than, muối hạt", "Tương bần": "Đậu tương, gạo nếp, muối",
        "Tương nếp": "Gạo nếp, đậu tương, muối", "Nước tương": "Đậu tương, muối", "Mắm tôm": "Tôm, muối", "Mắm tép": "Tép, muối",
        "Giấm gạo": "Gạo, men", "Mắm ruốc": "Ruốc biển, muối", "Tương ớt": "Ớt, tỏi, giấm", "Muối tôm": "Muối, tôm khô, ớt",
        "Muối ớt": "Muối, ớt", "Muối vừng": "Vừng, muối",
        // Tea, coffee, drinks
        "Trà sen": "Chè búp, gạo sen", "Trà nhài": "Chè xanh, hoa nhài", "Ca cao nguyên chất": "Hạt ca cao lên men",
        "Bột ca cao": "Hạt ca cao lên men", "Sô cô la": "Ca cao, bơ ca cao, đường", "Cà phê Arabica": "Hạt cà phê Arabica",
        "Rượu nếp": "Gạo nếp, men lá, nước giếng", "Rượu ngô": "Ngô, men lá", "Rượu men lá": "Gạo, men lá",
        "Rượu nếp cái hoa vàng": "Gạo nếp cái hoa vàng, men thuốc bắc", "Rượu gạo": "Gạo tẻ, men", "Rượu sắn": "Sắn, men lá",
        "Rượu thóc": "Thóc, men lá", "Rượu nếp cẩm": "Gạo nếp cẩm, men", "Rượu vang sim": "Quả sim rừng, đường",
        "Rượu mơ": "Quả mơ, rượu nếp", "Rượu táo mèo": "Táo mèo, rượu gạo", "Rượu chuối hột": "Chuối hột, rượu gạo",
        "Rượu dâu": "Quả dâu tằm, rượu nếp", "Rượu ba kích": "Ba kích, rượu nếp", "Rượu mận": "Quả mận, rượu gạo",
        "Bia thủ công": "Mạch nha, hoa bia, men",
        // Herbal
        "Cao atiso": "Atiso, cỏ ngọt", "Tinh bột nghệ nano": "Nghệ vàng", "Viên đông trùng hạ thảo": "Đông trùng hạ thảo, mật ong",
        "Cao xương khớp": "Cỏ xước, dây đau xương, thiên niên kiện", "Cao đinh lăng": "Rễ đinh lăng",
        "Cao ích mẫu": "Ích mẫu, hương phụ, ngải cứu", "Viên hoàn tiêu thực": "Sơn tra, mạch nha, thần khúc",
        "Dầu gội thảo dược": "Bồ kết, vỏ bưởi, sả, hương nhu", "Xà phòng thiên nhiên": "Dầu dừa, tinh dầu, thảo dược",
        "Tinh dầu bưởi dưỡng tóc": "Vỏ bưởi chưng cất", "Son dưỡng môi": "Sáp ong, dầu dừa, màu tự nhiên",
        "Kem nghệ": "Nghệ, sáp ong, dầu dừa", "Tinh dầu sả chanh": "Lá sả chanh chưng cất", "Tinh dầu quế": "Vỏ quế chưng cất",
        "Tinh dầu tràm": "Lá tràm gió chưng cất", "Tinh dầu bưởi": "Vỏ bưởi chưng cất", "Tinh dầu hồi": "Hoa hồi chưng cất",
        "Tinh dầu bạc hà": "Lá bạc hà chưng cất", "Tinh dầu gừng": "Củ gừng chưng cất", "Lá tắm người Dao": "Hơn 20 loại lá rừng",
        "Dầu gió": "Tinh dầu bạc hà, khuynh diệp, long não", "Túi chườm thảo dược": "Muối hột, ngải cứu, sả, gừng",
    ]
}
