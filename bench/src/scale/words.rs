//! The vocabulary of the generated records: legal-form prefixes, trades, products, person
//! names, genera. Syllables of proper names come from [`biokg_search::synthetic::Rng`]; the
//! lists here give the records the words a national registry would use.

use biokg_search::synthetic::{Rng, capitalised};

/// Picks one item of `items`.
pub(crate) fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len())]
}

/// `true` with probability `percent` / 100.
pub(crate) fn chance(rng: &mut Rng, percent: usize) -> bool {
    rng.below(100) < percent
}

/// Between `min` and `max` distinct items of `items`, in the list's order.
pub(crate) fn some<'a>(rng: &mut Rng, items: &[&'a str], min: usize, max: usize) -> Vec<&'a str> {
    let n = min + rng.below(max - min + 1);
    let mut chosen: Vec<usize> = Vec::with_capacity(n);
    while chosen.len() < n.min(items.len()) {
        let i = rng.below(items.len());
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    chosen.into_iter().map(|i| items[i]).collect()
}

/// A proper name of `n` capitalised syllables (`Tân Phát`).
pub(crate) fn proper(rng: &mut Rng, n: usize) -> String {
    capitalised(&rng.words(n))
}

/// Legal forms (keys of the `legal-form` scheme) with their weight in 100 and the prefix of
/// their names.
pub(crate) const LEGAL_FORMS: &[(&str, usize, &str)] = &[
    ("company", 34, "Công ty TNHH"),
    ("joint-stock-company", 14, "Công ty Cổ phần"),
    ("private-enterprise", 5, "Doanh nghiệp tư nhân"),
    ("cooperative", 20, "Hợp tác xã"),
    ("cooperative-group", 5, "Tổ hợp tác"),
    ("household-business", 13, "Hộ kinh doanh"),
    ("branch", 6, "Chi nhánh"),
    ("research-institute", 3, "Trung tâm Nghiên cứu"),
];

/// The trade a name announces, with the sectors it belongs to.
pub(crate) const TRADES: &[(&str, &[&str])] = &[
    ("Dược liệu", &["medicinal-plants", "processing"]),
    ("Nông nghiệp Công nghệ cao", &["agriculture", "research"]),
    ("Công nghệ Sinh học", &["research", "agriculture"]),
    ("Chè", &["agriculture", "processing"]),
    ("Nấm", &["agriculture"]),
    ("Giống cây trồng", &["agriculture"]),
    ("Thực phẩm", &["processing"]),
    ("Phân bón Hữu cơ", &["agriculture", "environment"]),
    ("Môi trường Xanh", &["environment"]),
    ("Dược phẩm", &["health", "medicinal-plants"]),
    ("Thủy sản", &["agriculture"]),
    ("Lâm nghiệp", &["agriculture", "environment"]),
    ("Du lịch Sinh thái", &["tourism"]),
    ("Chăn nuôi", &["agriculture"]),
    ("Xuất nhập khẩu Nông sản", &["processing"]),
    ("Thương mại và Dịch vụ", &["processing"]),
];

/// Products and services, as a registry names them.
pub(crate) const PRODUCTS: &[&str] = &[
    "Trà túi lọc",
    "Cao dược liệu",
    "Tinh dầu",
    "Cây giống nuôi cấy mô",
    "Nấm linh chi",
    "Nấm hương",
    "Phân bón hữu cơ vi sinh",
    "Chế phẩm vi sinh xử lý chất thải",
    "Thuốc bảo vệ thực vật sinh học",
    "Rau an toàn",
    "Chè shan tuyết",
    "Mật ong",
    "Gạo hữu cơ",
    "Thực phẩm chức năng",
    "Dược liệu sấy khô",
    "Rượu thuốc",
    "Cao xương",
    "Giống lúa",
    "Thức ăn chăn nuôi sinh học",
    "Dịch vụ xét nghiệm",
    "Men vi sinh",
    "Hạt giống rau",
    "Cá giống",
    "Tôm giống",
    "Bột nghệ",
    "Sâm",
    "Túi thuốc tắm",
    "Dịch vụ du lịch cộng đồng",
];

/// Family names, by how often they are borne (most common first, repeated for weight).
pub(crate) const FAMILY_NAMES: &[&str] = &[
    "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh",
    "Vũ", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ", "Dương", "Đinh", "Lý", "Lò",
    "Giàng", "Sùng", "Tẩn", "Hà", "Lương", "Mai", "Cao", "Triệu",
];
/// Middle names.
pub(crate) const MIDDLE_NAMES: &[&str] = &[
    "Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Ngọc", "Quang", "Thu", "Xuân", "Anh", "A", "Kim",
    "Hồng", "Công",
];
/// Roles of a representative.
pub(crate) const ROLES: &[&str] = &[
    "giám đốc",
    "chủ tịch",
    "chủ nhiệm",
    "chủ hộ",
    "tổng giám đốc",
];

/// A person's name with a role: `Nguyễn Văn Tuấn (giám đốc)`.
pub(crate) fn person(rng: &mut Rng) -> String {
    let family = pick(rng, FAMILY_NAMES);
    let middle = pick(rng, MIDDLE_NAMES);
    let given = proper(rng, 1);
    let role = pick(rng, ROLES);
    format!("{family} {middle} {given} ({role})")
}

/// Street words of addresses.
pub(crate) const STREETS: &[&str] = &["đường", "phố", "thôn", "tổ dân phố", "bản", "khu"];

/// Genera of medicinal plants, with their family.
pub(crate) const GENERA: &[(&str, &str)] = &[
    ("Panax", "Araliaceae"),
    ("Angelica", "Apiaceae"),
    ("Amomum", "Zingiberaceae"),
    ("Paris", "Melanthiaceae"),
    ("Coptis", "Ranunculaceae"),
    ("Gynostemma", "Cucurbitaceae"),
    ("Fallopia", "Polygonaceae"),
    ("Codonopsis", "Campanulaceae"),
    ("Ligusticum", "Apiaceae"),
    ("Curcuma", "Zingiberaceae"),
    ("Zingiber", "Zingiberaceae"),
    ("Anoectochilus", "Orchidaceae"),
    ("Dendrobium", "Orchidaceae"),
    ("Morinda", "Rubiaceae"),
    ("Polygonum", "Polygonaceae"),
    ("Artemisia", "Asteraceae"),
    ("Chrysanthemum", "Asteraceae"),
    ("Cinnamomum", "Lauraceae"),
    ("Illicium", "Schisandraceae"),
    ("Smilax", "Smilacaceae"),
    ("Dioscorea", "Dioscoreaceae"),
    ("Stephania", "Menispermaceae"),
    ("Tinospora", "Menispermaceae"),
    ("Ardisia", "Primulaceae"),
    ("Rehmannia", "Orobanchaceae"),
    ("Platycodon", "Campanulaceae"),
    ("Ophiopogon", "Asparagaceae"),
    ("Polygonatum", "Asparagaceae"),
    ("Acanthopanax", "Araliaceae"),
    ("Schefflera", "Araliaceae"),
    ("Eurycoma", "Simaroubaceae"),
    ("Andrographis", "Acanthaceae"),
];
/// Syllables of specific epithets (ASCII, Latin-looking).
pub(crate) const EPITHET_PARTS: &[&str] = &[
    "al", "ba", "ca", "den", "fo", "gi", "la", "ma", "nu", "ri", "sa", "ta", "vi", "xa", "lo",
    "phy", "ther", "gon", "mon", "cor", "tri", "ru", "pe", "sti", "co", "di", "mi", "lan",
];
/// Endings of specific epithets.
pub(crate) const EPITHET_ENDS: &[&str] = &["a", "us", "um", "is", "ensis", "ii", "ata", "ifolia"];
/// Authorships, as botanists abbreviate them.
pub(crate) const AUTHORS: &[&str] = &[
    "L.",
    "Lour.",
    "Wall.",
    "Roxb.",
    "Blume",
    "Merr.",
    "Gagnep.",
    "Hook.f.",
    "Benth.",
    "Franch.",
    "(Burkill) F.H.Chen",
    "(Oliv.) Diels",
    "Thunb.",
    "Makino",
];
/// Heads of Vietnamese plant names.
pub(crate) const PLANT_HEADS: &[&str] = &[
    "Sâm", "Trà", "Cỏ", "Dây", "Hoa", "Lan", "Nghệ", "Gừng", "Quế", "Hồi", "Thảo", "Xuyên", "Bạch",
    "Hoàng", "Kim", "Cây",
];

/// Heads of lab names.
pub(crate) const LAB_HEADS: &[&str] = &[
    "Phòng thí nghiệm",
    "Phòng Xét nghiệm",
    "Trung tâm Kiểm nghiệm",
    "Phòng Nuôi cấy mô",
    "Trạm Thực nghiệm",
    "Ngân hàng Gen",
];
