//! Plan texts, one per province, in the layout of `data/ke-hoach-cnsh-lao-cai-2026.txt` as a
//! PDF converts to text: a body with numbered parts, PHỤ LỤC 01 (targets) and PHỤ LỤC 02
//! (task rows), table cells wrapped at their column's width and separated by blank lines.
//!
//! Agencies are the province's departments named after it ("Sở Y tế thành phố Hải Phòng"),
//! so that the agencies of 34 plans are 34 sets of nodes, not one; a cell never breaks a line
//! inside the province's name.

use super::stream;
use super::words::{chance, pick};
use biokg_search::synthetic::Rng;

/// What a plan of one province is made of, for the caller's report and the tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanShape {
    /// Target rows of PHỤ LỤC 01.
    pub targets: usize,
    /// Task rows of PHỤ LỤC 02 (groups not counted).
    pub tasks: usize,
    /// The agency names the plan uses.
    pub agencies: Vec<String>,
}

/// Department names, without the province.
const DEPARTMENTS: &[&str] = &[
    "Sở Khoa học và Công nghệ",
    "Sở Nông nghiệp và Môi trường",
    "Sở Y tế",
    "Sở Công Thương",
    "Sở Tài chính",
    "Sở Giáo dục và Đào tạo",
    "Sở Nội vụ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Xây dựng",
];
/// Index of the department that leads the plan and collects the reports.
const LEAD: usize = 0;

/// Targets: the title, how the value is drawn, the leading department.
const TARGETS: &[(&str, Value, usize)] = &[
    (
        "Tỷ lệ doanh nghiệp, hợp tác xã ứng dụng công nghệ sinh học trong sản xuất, kinh doanh.",
        Value::Percent(10, 40),
        0,
    ),
    (
        "Diện tích cây dược liệu được trồng theo quy trình GACP-WHO.",
        Value::Hectares(50, 500),
        1,
    ),
    (
        "Số phòng thí nghiệm đạt chuẩn an toàn sinh học cấp 1, cấp 2.",
        Value::AtLeast(2, 10),
        2,
    ),
    (
        "Số mô hình sản xuất nông nghiệp ứng dụng công nghệ sinh học được nhân rộng.",
        Value::AtLeast(5, 30),
        1,
    ),
    (
        "Tỷ lệ chất thải chăn nuôi được xử lý bằng chế phẩm sinh học.",
        Value::Percent(50, 90),
        1,
    ),
    (
        "Số sản phẩm đạt chứng nhận VietGAP, hữu cơ hoặc GACP-WHO.",
        Value::AtLeast(10, 100),
        1,
    ),
    (
        "Số giống cây trồng, vật nuôi mới được chọn tạo bằng công nghệ sinh học.",
        Value::AtLeast(2, 8),
        0,
    ),
    (
        "Tỷ lệ cơ sở y tế công lập ứng dụng kỹ thuật sinh học phân tử trong chẩn đoán.",
        Value::Percent(20, 60),
        2,
    ),
    (
        "Số doanh nghiệp công nghệ sinh học được thành lập mới.",
        Value::AtLeast(3, 20),
        4,
    ),
    (
        "Số nguồn gen bản địa được bảo tồn, lưu giữ và khai thác.",
        Value::AtLeast(10, 50),
        0,
    ),
    (
        "Tỷ lệ sản phẩm dược liệu chủ lực có mã truy xuất nguồn gốc.",
        Value::All,
        3,
    ),
    (
        "Số nhiệm vụ khoa học và công nghệ về công nghệ sinh học được triển khai.",
        Value::AtLeast(5, 25),
        0,
    ),
];

#[derive(Debug, Clone, Copy)]
enum Value {
    Percent(usize, usize),
    Hectares(usize, usize),
    AtLeast(usize, usize),
    All,
}

impl Value {
    fn draw(self, rng: &mut Rng) -> String {
        let between = |rng: &mut Rng, a: usize, b: usize| a + rng.below(b - a + 1);
        match self {
            Value::Percent(a, b) => format!("≥ {}%", between(rng, a, b)),
            Value::Hectares(a, b) => format!("≥ {} ha", between(rng, a, b) / 10 * 10),
            Value::AtLeast(a, b) => format!("≥ {}", between(rng, a, b)),
            Value::All => "100%".to_owned(),
        }
    }
}

/// Section I: tasks to start at once (text, lead, deliverable).
const FIRST: &[TaskTemplate] = &[
    (
        "Tổ chức quán triệt, tuyên truyền Nghị quyết số 36-NQ/TW và Kế hoạch này đến cán bộ, công chức, viên chức và Nhân dân trên địa bàn.",
        7,
        "Kế hoạch tuyên truyền được ban hành",
    ),
    (
        "Rà soát, đánh giá thực trạng ứng dụng công nghệ sinh học của các ngành, lĩnh vực và địa phương.",
        0,
        "Báo cáo đánh giá thực trạng",
    ),
    (
        "Xây dựng cơ sở dữ liệu về doanh nghiệp, phòng thí nghiệm và nguồn gen phục vụ phát triển công nghệ sinh học.",
        0,
        "Cơ sở dữ liệu được vận hành",
    ),
    (
        "Ban hành danh mục sản phẩm công nghệ sinh học chủ lực giai đoạn 2026 - 2030.",
        3,
        "Danh mục sản phẩm chủ lực",
    ),
    (
        "Rà soát, đề xuất sửa đổi cơ chế, chính sách hỗ trợ doanh nghiệp đầu tư vào công nghệ sinh học.",
        4,
        "Văn bản đề xuất chính sách",
    ),
];

/// A task: its text, its lead (an index into the province's agencies) and its deliverable.
type TaskTemplate = (&'static str, usize, &'static str);

/// Section II: groups of tasks for 2026-2030 (title, tasks as text, lead, deliverable).
const GROUPS: &[(&str, &[TaskTemplate])] = &[
    (
        "Trong lĩnh vực nông nghiệp",
        &[
            (
                "Ứng dụng công nghệ nuôi cấy mô tế bào trong nhân giống cây trồng có giá trị kinh tế cao, cây dược liệu quý.",
                1,
                "Mô hình nhân giống nuôi cấy mô",
            ),
            (
                "Chọn tạo, phục tráng các giống cây trồng, vật nuôi bản địa có năng suất, chất lượng cao bằng công nghệ sinh học.",
                1,
                "Giống cây trồng, vật nuôi được công nhận",
            ),
            (
                "Sản xuất và sử dụng phân bón hữu cơ vi sinh, thuốc bảo vệ thực vật sinh học thay thế dần sản phẩm hóa học.",
                1,
                "Mô hình sử dụng chế phẩm sinh học",
            ),
            (
                "Phát triển vùng trồng dược liệu tập trung theo quy trình GACP-WHO gắn với chế biến sâu.",
                1,
                "Vùng trồng dược liệu đạt GACP-WHO",
            ),
            (
                "Ứng dụng chế phẩm sinh học trong chăn nuôi, nuôi trồng thủy sản và phòng, chống dịch bệnh.",
                1,
                "Quy trình kỹ thuật được chuyển giao",
            ),
            (
                "Bảo tồn, lưu giữ và khai thác nguồn gen cây trồng, vật nuôi, vi sinh vật bản địa.",
                0,
                "Cơ sở dữ liệu nguồn gen",
            ),
            (
                "Xây dựng mô hình nông nghiệp sinh học, kinh tế tuần hoàn trong sản xuất trồng trọt và chăn nuôi.",
                1,
                "Mô hình kinh tế tuần hoàn",
            ),
        ],
    ),
    (
        "Trong lĩnh vực y dược",
        &[
            (
                "Nâng cao năng lực xét nghiệm sinh học phân tử cho các cơ sở y tế công lập trên địa bàn.",
                2,
                "Kỹ thuật xét nghiệm được áp dụng",
            ),
            (
                "Đầu tư nâng cấp phòng xét nghiệm đạt chuẩn an toàn sinh học cấp 2.",
                2,
                "Phòng xét nghiệm đạt chuẩn",
            ),
            (
                "Nghiên cứu, phát triển sản phẩm từ dược liệu bản địa theo tiêu chuẩn GMP-WHO.",
                2,
                "Sản phẩm dược liệu được cấp phép",
            ),
            (
                "Ứng dụng công nghệ sinh học trong sản xuất vắc xin, chế phẩm chẩn đoán thú y.",
                1,
                "Chế phẩm được đưa vào sử dụng",
            ),
            (
                "Phát triển thực phẩm chức năng, sản phẩm chăm sóc sức khỏe từ nguồn dược liệu của địa phương.",
                3,
                "Sản phẩm được công bố",
            ),
            (
                "Tăng cường kiểm nghiệm chất lượng dược liệu, thực phẩm bằng phương pháp sinh học.",
                2,
                "Báo cáo kết quả kiểm nghiệm",
            ),
        ],
    ),
    (
        "Trong lĩnh vực công nghiệp chế biến",
        &[
            (
                "Hỗ trợ doanh nghiệp đổi mới công nghệ chế biến, bảo quản nông sản sau thu hoạch bằng công nghệ sinh học.",
                3,
                "Dự án đổi mới công nghệ",
            ),
            (
                "Ứng dụng công nghệ enzyme, lên men trong chế biến thực phẩm và đồ uống.",
                3,
                "Quy trình công nghệ được áp dụng",
            ),
            (
                "Phát triển sản phẩm OCOP từ nguyên liệu sinh học của địa phương.",
                3,
                "Sản phẩm OCOP được công nhận",
            ),
            (
                "Xây dựng chuỗi liên kết sản xuất, chế biến và tiêu thụ sản phẩm dược liệu.",
                1,
                "Chuỗi liên kết được hình thành",
            ),
            (
                "Truy xuất nguồn gốc sản phẩm nông sản, dược liệu chủ lực bằng mã số vùng trồng.",
                3,
                "Mã truy xuất nguồn gốc",
            ),
            (
                "Phát triển cụm công nghiệp chế biến nông sản, dược liệu ứng dụng công nghệ sinh học.",
                8,
                "Hạ tầng cụm công nghiệp",
            ),
        ],
    ),
    (
        "Trong lĩnh vực bảo vệ môi trường",
        &[
            (
                "Ứng dụng chế phẩm vi sinh xử lý chất thải rắn sinh hoạt, chất thải chăn nuôi và phụ phẩm nông nghiệp.",
                1,
                "Mô hình xử lý chất thải",
            ),
            (
                "Xử lý nước thải làng nghề, khu công nghiệp bằng công nghệ sinh học.",
                8,
                "Hạ tầng xử lý nước thải",
            ),
            (
                "Phục hồi đất thoái hóa, ô nhiễm bằng biện pháp sinh học.",
                1,
                "Mô hình phục hồi đất",
            ),
            (
                "Quan trắc đa dạng sinh học và đánh giá tác động của sinh vật biến đổi gen.",
                1,
                "Báo cáo quan trắc",
            ),
            (
                "Ứng dụng công nghệ sinh học trong bảo vệ, phát triển rừng và phòng, chống cháy rừng.",
                1,
                "Mô hình bảo vệ rừng",
            ),
            (
                "Sản xuất khí sinh học, năng lượng sinh học từ phụ phẩm nông nghiệp.",
                3,
                "Dự án năng lượng sinh học",
            ),
        ],
    ),
    (
        "Phát triển nguồn nhân lực và tiềm lực khoa học",
        &[
            (
                "Đào tạo, bồi dưỡng nguồn nhân lực công nghệ sinh học cho cơ quan, doanh nghiệp và hợp tác xã.",
                5,
                "Lớp đào tạo, bồi dưỡng",
            ),
            (
                "Đưa nội dung công nghệ sinh học vào hoạt động giáo dục hướng nghiệp tại các trường học.",
                5,
                "Tài liệu hướng dẫn",
            ),
            (
                "Đầu tư trang thiết bị cho các phòng thí nghiệm công nghệ sinh học của địa phương.",
                0,
                "Phòng thí nghiệm được nâng cấp",
            ),
            (
                "Triển khai các nhiệm vụ khoa học và công nghệ về công nghệ sinh học theo đặt hàng.",
                0,
                "Đề tài, dự án được nghiệm thu",
            ),
            (
                "Thu hút chuyên gia, nhà khoa học về công nghệ sinh học đến làm việc tại địa phương.",
                6,
                "Chương trình thu hút chuyên gia",
            ),
        ],
    ),
    (
        "Thu hút đầu tư và hợp tác",
        &[
            (
                "Xúc tiến đầu tư vào các dự án công nghệ sinh học trong nông nghiệp và y dược.",
                4,
                "Dự án đầu tư được chấp thuận",
            ),
            (
                "Hợp tác với viện nghiên cứu, trường đại học trong chuyển giao công nghệ sinh học.",
                0,
                "Thỏa thuận hợp tác được ký kết",
            ),
            (
                "Hỗ trợ doanh nghiệp khởi nghiệp đổi mới sáng tạo trong lĩnh vực công nghệ sinh học.",
                0,
                "Doanh nghiệp khởi nghiệp được hỗ trợ",
            ),
            (
                "Tổ chức hội chợ, triển lãm giới thiệu sản phẩm công nghệ sinh học của địa phương.",
                3,
                "Hội nghị, hội chợ được tổ chức",
            ),
            (
                "Kết nối doanh nghiệp với quỹ đầu tư, tổ chức tín dụng để phát triển sản phẩm sinh học.",
                4,
                "Chương trình kết nối đầu tư",
            ),
            (
                "Mở rộng hợp tác quốc tế về chuyển giao công nghệ sinh học trong nông nghiệp.",
                0,
                "Thỏa thuận hợp tác quốc tế",
            ),
        ],
    ),
];

/// Section III: regular tasks (text, lead, deliverable).
const REGULAR: &[TaskTemplate] = &[
    (
        "Theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch; tổng hợp báo cáo định kỳ.",
        0,
        "Báo cáo định kỳ",
    ),
    (
        "Bố trí kinh phí thực hiện các nhiệm vụ của Kế hoạch trong dự toán ngân sách hằng năm.",
        4,
        "Quyết định giao dự toán",
    ),
    (
        "Tuyên truyền các mô hình ứng dụng công nghệ sinh học hiệu quả trên các phương tiện thông tin đại chúng.",
        7,
        "Tin bài tuyên truyền",
    ),
    (
        "Lồng ghép nhiệm vụ phát triển công nghệ sinh học vào các chương trình mục tiêu quốc gia.",
        1,
        "Kế hoạch lồng ghép",
    ),
    (
        "Kiểm tra việc chấp hành quy định về an toàn sinh học tại các cơ sở sản xuất, phòng thí nghiệm.",
        2,
        "Báo cáo kết quả kiểm tra",
    ),
    (
        "Sơ kết, tổng kết, khen thưởng tập thể, cá nhân có thành tích trong thực hiện Kế hoạch.",
        6,
        "Báo cáo sơ kết, tổng kết",
    ),
];

/// Records an agency name the plan uses, and gives it back.
fn used(name: String, agencies: &mut Vec<String>) -> String {
    if !agencies.contains(&name) {
        agencies.push(name.clone());
    }
    name
}

/// The province as the plan writes it after a department: `tỉnh Lào Cai`, `thành phố Huế`.
fn located(full_name: &str) -> String {
    let mut c = full_name.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// Words of `text` in lines of at most `width` characters; a line longer than `width` only
/// when one token is. Tokens are the words, but `keep` (the province's name) is one token.
fn wrap(text: &str, width: usize, keep: &str) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if !keep.is_empty() && rest.starts_with(keep) {
            tokens.push(keep.to_owned());
            rest = rest[keep.len()..].trim_start();
            continue;
        }
        let end = rest.find(' ').unwrap_or(rest.len());
        tokens.push(rest[..end].to_owned());
        rest = rest[end..].trim_start();
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for t in tokens {
        if !line.is_empty() && line.chars().count() + 1 + t.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&t);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// One plan text for a province (`full_name` as in the national list: `Thành phố Hải Phòng`).
/// Returns the text and its shape.
pub fn plan_text(full_name: &str, province_code: &str, seed: u64) -> (String, PlanShape) {
    let code: u64 = province_code.parse().unwrap_or(0);
    let mut rng = stream(seed, 100 + code);
    // The rows, drawn first so that the body and the appendices agree.
    let rows = Rows::draw(&mut rng);
    let mut plan = PlanWriter::new(full_name, rng);
    plan.title_and_preamble();
    plan.purpose_and_targets(&rows);
    plan.tasks(&rows);
    plan.funding_and_organisation();
    plan.targets_appendix(&rows);
    plan.tasks_appendix(&rows);
    plan.line("./.");
    let shape = PlanShape {
        targets: rows.targets.len(),
        tasks: plan.tasks,
        agencies: plan.agencies,
    };
    (plan.out, shape)
}

/// The rows of a plan: which targets and tasks it has, with the values and partners drawn for
/// them.
struct Rows {
    /// Per target of [`TARGETS`], in order: its index, its value, its lead department and a
    /// partner department.
    targets: Vec<(usize, String, usize, usize)>,
    /// How many of [`FIRST`] the plan starts at once.
    first_n: usize,
    /// Per group of [`GROUPS`], in order: its index and the indices of its chosen tasks.
    groups: Vec<(usize, Vec<usize>)>,
}

impl Rows {
    fn draw(rng: &mut Rng) -> Rows {
        let targets = TARGETS
            .iter()
            .enumerate()
            .map(|(i, (_, v, lead))| {
                let partner = (lead + 1 + rng.below(DEPARTMENTS.len() - 1)) % DEPARTMENTS.len();
                (i, v.draw(rng), *lead, partner)
            })
            .collect();
        let first_n = 4 + rng.below(2);
        let groups = GROUPS
            .iter()
            .enumerate()
            .map(|(g, (_, tasks))| {
                let n = (5 + rng.below(2)).min(tasks.len());
                let mut chosen: Vec<usize> = Vec::new();
                while chosen.len() < n {
                    let t = rng.below(tasks.len());
                    if !chosen.contains(&t) {
                        chosen.push(t);
                    }
                }
                chosen.sort_unstable();
                (g, chosen)
            })
            .collect();
        Rows {
            targets,
            first_n,
            groups,
        }
    }
}

/// Writes a plan's text section after section. The sections draw from one stream in the
/// order they are written, so the order of the calls is part of the output.
struct PlanWriter {
    out: String,
    rng: Rng,
    /// The province after a department: `tỉnh Lào Cai`.
    loc: String,
    /// `Ủy ban nhân dân tỉnh Lào Cai`.
    committee: String,
    /// The agency names used so far, in the order of their first use.
    agencies: Vec<String>,
    /// Task rows written so far.
    tasks: usize,
}

impl PlanWriter {
    fn new(full_name: &str, rng: Rng) -> PlanWriter {
        let loc = located(full_name);
        PlanWriter {
            out: String::new(),
            rng,
            committee: format!("Ủy ban nhân dân {loc}"),
            loc,
            agencies: Vec::new(),
            tasks: 0,
        }
    }

    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    /// `text` wrapped at `width`.
    fn wrapped(&mut self, text: &str, width: usize) {
        for l in wrap(text, width, "") {
            self.line(&l);
        }
    }

    /// `text` wrapped at `width`, never inside the province's name.
    fn wrapped_keeping_province(&mut self, text: &str, width: usize) {
        for l in wrap(text, width, &self.loc) {
            self.line(&l);
        }
    }

    /// The name of department `i` of the province, recorded as used.
    fn agency(&mut self, i: usize) -> String {
        used(
            format!("{} {}", DEPARTMENTS[i], self.loc),
            &mut self.agencies,
        )
    }

    fn title_and_preamble(&mut self) {
        let (loc, committee) = (self.loc.clone(), self.committee.clone());
        self.line(" KẾ HOẠCH");
        self.wrapped_keeping_province(
            &format!(
                "Triển khai thực hiện Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ Chính trị về phát triển và ứng dụng công nghệ sinh học trên địa bàn {loc} năm 2026"
            ),
            76,
        );
        self.line("");
        self.wrapped_keeping_province(
            &format!(
                "Thực hiện Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ Chính trị về phát triển và ứng dụng công nghệ sinh học phục vụ phát triển bền vững đất nước trong tình hình mới; Nghị quyết số 189/NQ-CP ngày 16/11/2023 của Chính phủ, {committee} ban hành Kế hoạch triển khai thực hiện, như sau:"
            ),
            76,
        );
        self.line("");
    }

    /// Parts I (purpose) and II (targets).
    fn purpose_and_targets(&mut self, rows: &Rows) {
        self.line("I. MỤC ĐÍCH, YÊU CẦU");
        self.line("1. Mục đích");
        self.line(
            "- Cụ thể hóa các nhiệm vụ của Nghị quyết số 36-NQ/TW phù hợp với tiềm năng, lợi thế",
        );
        self.line("của địa phương.");
        self.line(
            "- Xác định rõ trách nhiệm của các sở, ban, ngành và địa phương trong triển khai",
        );
        self.line("ứng dụng công nghệ sinh học.");
        self.line("2. Yêu cầu");
        self.line("- Phân công cụ thể, rõ người, rõ việc, rõ thời hạn, rõ sản phẩm.");
        self.line("- Thường xuyên theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch.");
        self.line(" II. MỤC TIÊU");
        self.line("1. Mục tiêu chung");
        self.wrapped(
            "Phát triển và ứng dụng rộng rãi công nghệ sinh học vào sản xuất và đời sống, nâng cao năng suất, chất lượng và giá trị gia tăng của sản phẩm, góp phần phát triển kinh tế - xã hội bền vững.",
            76,
        );
        self.line("2. Mục tiêu cụ thể đến năm 2030");
        for (i, value, _, _) in &rows.targets {
            let title = TARGETS[*i].0.trim_end_matches('.');
            self.wrapped(&format!("({}) {title}: {value}.", i + 1), 76);
        }
    }

    /// Part III: the tasks as numbered text.
    fn tasks(&mut self, rows: &Rows) {
        self.line(" III. NHIỆM VỤ, GIẢI PHÁP");
        self.line("1. Các nhiệm vụ triển khai ngay");
        for (k, (text, _, _)) in FIRST[..rows.first_n].iter().enumerate() {
            self.wrapped(&format!("1.{}. {text}", k + 1), 76);
        }
        self.line("2. Các nhiệm vụ giai đoạn 2026 - 2030");
        for (n, (g, chosen)) in rows.groups.iter().enumerate() {
            let (title, tasks) = GROUPS[*g];
            self.line(&format!("2.{}. {title}", n + 1));
            for (k, t) in chosen.iter().enumerate() {
                self.wrapped(&format!("({}) {}", k + 1, tasks[*t].0), 76);
            }
        }
        self.line("3. Nhiệm vụ thường xuyên");
        for (k, (text, _, _)) in REGULAR.iter().enumerate() {
            self.wrapped(&format!("3.{}. {text}", k + 1), 76);
        }
        self.line("");
    }

    /// Parts IV (funding) and V (organisation), the recipients and the chair's signature.
    fn funding_and_organisation(&mut self) {
        let committee = self.committee.clone();
        self.line("IV. KINH PHÍ THỰC HIỆN");
        self.line(
            "Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách nhà nước theo phân cấp, lồng ghép",
        );
        self.line("các chương trình, dự án và huy động từ các tổ chức, cá nhân.");
        self.line("");
        self.line("V. TỔ CHỨC THỰC HIỆN");
        let lead = self.agency(LEAD);
        self.wrapped_keeping_province(
            &format!(
                "1. {lead} chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp kết quả báo cáo {committee}."
            ),
            76,
        );
        self.wrapped_keeping_province(
            &format!(
                "2. Các sở, ban, ngành theo chức năng, nhiệm vụ tổ chức thực hiện Kế hoạch này. Định kỳ hằng năm báo cáo kết quả thực hiện về {lead} trước ngày 15/12 để tổng hợp, báo cáo {committee}."
            ),
            76,
        );
        self.line("");
        self.line("Nơi nhận:");
        self.line("- Bộ Khoa học và Công nghệ;");
        self.line("- Các sở, ban, ngành;");
        self.line("- Lưu: VT.");
        self.line("");
        self.line("TM. ỦY BAN NHÂN DÂN");
        self.line("CHỦ TỊCH");
        self.line("");
        let chair = format!(
            "{} {} {}",
            pick(&mut self.rng, super::words::FAMILY_NAMES),
            pick(&mut self.rng, super::words::MIDDLE_NAMES),
            super::words::proper(&mut self.rng, 1)
        );
        self.line(&chair);
    }

    /// PHỤ LỤC 01: the targets as a table.
    fn targets_appendix(&mut self, rows: &Rows) {
        self.line(" PHỤ LỤC 01");
        self.line("");
        self.line("MỤC TIÊU CỤ THỂ VỀ ỨNG DỤNG CÔNG NGHỆ SINH HỌC");
        self.appendix_reference();
        let header = [
            "STT Mục tiêu",
            "",
            "Mục ",
            "tiêu ",
            "đến ",
            "năm ",
            "2030",
            "",
            "Cơ quan, đơn vị, chủ trì ",
            "thực hiện",
            "",
            "Cơ quan ",
            "theo dõi, ",
            "tổng hợp",
            "",
        ];
        for l in header {
            self.line(l);
        }
        for (i, value, lead_i, partner_i) in &rows.targets {
            self.line(&(i + 1).to_string());
            self.line("");
            self.wrapped(TARGETS[*i].0, 30);
            self.line("");
            self.line(value);
            self.line("");
            let lead_cell = if chance(&mut self.rng, 40) {
                format!("{}; {}", self.agency(*lead_i), self.agency(*partner_i))
            } else {
                self.agency(*lead_i)
            };
            self.wrapped_keeping_province(&lead_cell, 24);
            self.line("");
            let monitor = self.agency(LEAD);
            self.wrapped_keeping_province(&monitor, 24);
            self.line("");
        }
        self.line("");
    }

    /// `(Kèm theo Kế hoạch số: …)` and a blank line, under an appendix's title.
    fn appendix_reference(&mut self) {
        let reference = format!(
            "(Kèm theo Kế hoạch số:      /KH-UBND ngày      /3/2026 của {})",
            self.committee
        );
        self.line(&reference);
        self.line("");
    }

    /// PHỤ LỤC 02: every task as a row, with its lead, partners, timeline and deliverable.
    fn tasks_appendix(&mut self, rows: &Rows) {
        self.line("PHỤ LỤC 02: BIỂU PHÂN CÔNG NHIỆM VỤ CỤ THỂ");
        self.appendix_reference();
        let header = [
            "STT Nhiệm vụ cụ thể Cơ quan chủ ",
            "trì Cơ quan phối hợp Thời gian ",
            "",
            "thực hiện",
            "Sản phẩm/Kết ",
            "",
            "quả",
            "",
        ];
        for l in header {
            self.line(l);
        }
        self.line("I Các nhiệm vụ triển khai ngay");
        self.line("");
        for (k, task) in FIRST[..rows.first_n].iter().enumerate() {
            let timeline = format!("Trước ngày {}/{}/2026.", 30, 4 + k % 3);
            self.task_row(&(k + 1).to_string(), *task, &timeline);
        }
        self.line("II Các nhiệm vụ giai đoạn 2026-2030");
        self.line("");
        for (n, (g, chosen)) in rows.groups.iter().enumerate() {
            let (title, list) = GROUPS[*g];
            self.line(&(n + 1).to_string());
            self.line(title);
            self.line("");
            for (k, t) in chosen.iter().enumerate() {
                let timeline = match self.rng.below(3) {
                    0 => "2026-2030".to_owned(),
                    1 => format!("Hằng năm từ tháng {}/2026", 4 + self.rng.below(6)),
                    _ => format!("Từ năm {}", 2026 + self.rng.below(3)),
                };
                self.task_row(&format!("{}.{}", n + 1, k + 1), list[*t], &timeline);
            }
        }
        self.line("III Nhiệm vụ thường xuyên");
        self.line("");
        for (k, task) in REGULAR.iter().enumerate() {
            let timeline = if k == 1 {
                "Hằng năm"
            } else {
                "Thường xuyên"
            };
            self.task_row(&(k + 1).to_string(), *task, timeline);
        }
    }

    /// One row of PHỤ LỤC 02, its partners drawn: one or two departments other than the lead.
    fn task_row(&mut self, number: &str, task: TaskTemplate, timeline: &str) {
        let (text, lead_i, deliverable) = task;
        self.line(number);
        self.line("");
        self.wrapped(text, 56);
        self.line("");
        let lead = self.agency(lead_i);
        self.wrapped_keeping_province(&lead, 24);
        self.line("");
        let p1 = (lead_i + 1 + self.rng.below(DEPARTMENTS.len() - 1)) % DEPARTMENTS.len();
        let partners = if chance(&mut self.rng, 50) {
            let p2 = (p1 + 1 + self.rng.below(DEPARTMENTS.len() - 1)) % DEPARTMENTS.len();
            if p2 == lead_i {
                self.agency(p1)
            } else {
                format!("{}; {}", self.agency(p1), self.agency(p2))
            }
        } else {
            self.agency(p1)
        };
        self.wrapped_keeping_province(&partners, 24);
        self.line("");
        self.wrapped(timeline, 10);
        self.line("");
        self.wrapped(deliverable, 18);
        self.line("");
        self.tasks += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_wrap_at_their_width_but_never_inside_the_province() {
        let loc = "thành phố Hải Phòng";
        let lines = wrap(
            "Sở Văn hóa, Thể thao và Du lịch thành phố Hải Phòng",
            24,
            loc,
        );
        assert_eq!(
            lines,
            ["Sở Văn hóa, Thể thao và", "Du lịch", "thành phố Hải Phòng"]
        );
        assert_eq!(located("Thành phố Hải Phòng"), loc);
        assert_eq!(located("Tỉnh Lào Cai"), "tỉnh Lào Cai");
    }
}
