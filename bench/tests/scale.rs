//! The scale-data generator against the real validators: row counts at a small scale, byte
//! identity for a seed, zero problems from the registry ingestors (with the national
//! gazetteer), and a generated plan read by the plan parser.

use biokg_bench::scale::{Counts, generate, plan_file_name, plan_text};
use biokg_ingest::plan::{AgencyKind, parse_plan};
use biokg_ingest::registry::{Gazetteer, Known, Registry, RegistryFile, RegistryFiles};
use std::path::Path;

const SCALE: f64 = 0.001;

fn rows(path: &Path) -> usize {
    csv::Reader::from_path(path)
        .expect("a CSV file")
        .records()
        .inspect(|r| assert!(r.is_ok(), "a record: {r:?}"))
        .count()
}

fn files(dir: &Path, main: &str, companions: &[&str]) -> RegistryFiles {
    let read = |name: &str| RegistryFile {
        name: name.to_owned(),
        bytes: std::fs::read(dir.join(name)).expect("a generated file"),
    };
    RegistryFiles {
        main: read(main),
        companions: companions.iter().map(|c| read(c)).collect(),
    }
}

/// Registry files through the one entry of the ingestors.
fn load_registry_files(
    kind: Registry,
    files: &RegistryFiles,
    name: &str,
    gazetteer: &Gazetteer,
    known: &Known,
) -> biokg_ingest::Result<biokg_ingest::Loaded> {
    let ctx = biokg_ingest::Context {
        known,
        gazetteer,
        ..biokg_ingest::Context::standalone()
    };
    biokg_ingest::ingest(
        &biokg_ingest::Input::registry(kind, files.clone()).named(name),
        &ctx,
    )
}

/// A plan text through the one entry of the ingestors.
fn load_plan_bytes(
    file: &str,
    bytes: &[u8],
    name: &str,
) -> biokg_ingest::Result<biokg_ingest::Loaded> {
    biokg_ingest::ingest(
        &biokg_ingest::Input::bytes(biokg_ingest::Format::Plan, file, bytes).named(name),
        &biokg_ingest::Context::standalone(),
    )
}

fn count(report: &biokg_ingest::Report, what: &str) -> usize {
    report
        .counts
        .iter()
        .find(|(k, _)| k == what)
        .map(|(_, n)| *n)
        .unwrap_or_else(|| panic!("no count {what:?} in {:?}", report.counts))
}

#[test]
fn counts_scale_linearly_with_at_least_one_of_each() {
    assert_eq!(
        Counts::at(1.0),
        Counts {
            enterprises: 1_000_000,
            certifications: 200_000,
            labs: 20_000,
            plants: 10_000,
            accessions: 40_000
        }
    );
    assert_eq!(Counts::at(0.01).enterprises, 10_000);
    assert_eq!(Counts::at(0.01).accessions, 400);
    let tiny = Counts::at(0.000_001);
    assert_eq!((tiny.enterprises, tiny.labs, tiny.plants), (1, 1, 1));
}

#[test]
fn a_small_scale_has_the_expected_rows_and_passes_the_real_validators() {
    let out = tempfile::tempdir().unwrap();
    let summary = generate(out.path(), SCALE, 7).unwrap();
    let reg = out.path().join("registries");
    let expected = [
        ("enterprises.csv", 1000),
        ("certifications.csv", 200),
        ("labs.csv", 20),
        ("plants.csv", 10),
        ("accessions.csv", 40),
    ];
    for (file, n) in expected {
        assert_eq!(rows(&reg.join(file)), n, "{file}");
    }
    // 5 registry files and one plan per province.
    assert_eq!(summary.files.len(), 5 + 34);
    let plans = std::fs::read_dir(out.path().join("plans")).unwrap().count();
    assert_eq!(plans, 34);

    let gaz = Gazetteer::national();
    let known = Known::default();
    let labs = load_registry_files(
        Registry::Labs,
        &files(&reg, "labs.csv", &["enterprises.csv", "plants.csv"]),
        "labs",
        gaz,
        &known,
    )
    .unwrap_or_else(|e| panic!("labs: {e}"));
    assert_eq!(count(&labs.report, "labs"), 20);
    let plants = load_registry_files(
        Registry::Plants,
        &files(
            &reg,
            "plants.csv",
            &["accessions.csv", "labs.csv", "enterprises.csv"],
        ),
        "plants",
        gaz,
        &known,
    )
    .unwrap_or_else(|e| panic!("plants: {e}"));
    assert_eq!(count(&plants.report, "taxa"), 10);
    assert_eq!(count(&plants.report, "accessions"), 40);
    let enterprise_files = files(
        &reg,
        "enterprises.csv",
        &["certifications.csv", "labs.csv", "plants.csv"],
    );
    let enterprises = load_registry_files(
        Registry::Enterprises,
        &enterprise_files,
        "enterprises",
        gaz,
        &known,
    )
    .unwrap_or_else(|e| panic!("enterprises: {e}"));
    assert_eq!(count(&enterprises.report, "organisations"), 1000);
    assert_eq!(count(&enterprises.report, "certificates"), 200);
    // A registry of the whole country is not one province's: Lào Cai's own gazetteer refuses
    // the communes of the other 33 provinces.
    let err = load_registry_files(
        Registry::Enterprises,
        &enterprise_files,
        "enterprises",
        Gazetteer::bundled(),
        &known,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("is not a commune or ward of Lào Cai (code 15)"),
        "{err}"
    );
}

#[test]
fn the_same_seed_gives_byte_identical_files_and_another_seed_others() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let sa = generate(a.path(), SCALE, 42).unwrap();
    generate(b.path(), SCALE, 42).unwrap();
    generate(c.path(), SCALE, 43).unwrap();
    for f in &sa.files {
        let rel = f.path.strip_prefix(a.path()).unwrap();
        let bytes = std::fs::read(&f.path).unwrap();
        assert!(!bytes.is_empty(), "{}", rel.display());
        assert_eq!(
            bytes,
            std::fs::read(b.path().join(rel)).unwrap(),
            "{} differs between two runs of seed 42",
            rel.display()
        );
    }
    let file = Path::new("registries/enterprises.csv");
    assert_ne!(
        std::fs::read(a.path().join(file)).unwrap(),
        std::fs::read(c.path().join(file)).unwrap()
    );
}

#[test]
fn a_generated_plan_parses_with_its_targets_tasks_and_the_provinces_agencies() {
    let (text, shape) = plan_text("Thành phố Hải Phòng", "31", 1);
    assert_eq!(shape.targets, 12);
    assert!((40..=46).contains(&shape.tasks), "{} tasks", shape.tasks);
    let plan = parse_plan(&text).expect("the generated plan parses");
    assert_eq!(plan.targets.len(), shape.targets);
    assert_eq!(plan.tasks.len(), shape.tasks);
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    assert!(
        plan.tasks
            .iter()
            .all(|t| !t.lead.is_empty() && !t.partners.is_empty())
    );
    // Every agency is one of the city's departments, named in full ("Hải Phòng" is not cut at
    // "Phòng"), and the plan names the ones the generator used.
    let agencies = plan.agencies();
    let names: Vec<&str> = agencies
        .iter()
        .filter(|a| a.kind == AgencyKind::Agency)
        .map(|a| a.name.as_str())
        .collect();
    assert!(names.contains(&"Sở Y tế thành phố Hải Phòng"), "{names:?}");
    for name in &shape.agencies {
        assert!(names.contains(&name.as_str()), "{name} not in {names:?}");
    }
    assert!(
        names
            .iter()
            .all(|n| n.ends_with("thành phố Hải Phòng") || n.starts_with("Ủy ban nhân dân")),
        "{names:?}"
    );
    let task = plan.task("II.1.1").expect("task II.1.1");
    assert!(task.lead[0].key.ends_with("-thanh-pho-hai-phong"));
}

#[test]
fn the_plans_of_two_provinces_live_side_by_side() {
    let (a, _) = plan_text("Thành phố Hải Phòng", "31", 1);
    let (b, _) = plan_text("Tỉnh Lào Cai", "15", 1);
    let name = |code| biokg_ingest::default_name(Path::new(&plan_file_name(code)));
    let la = load_plan_bytes("a.txt", a.as_bytes(), &name("hai_phong")).unwrap();
    let lb = load_plan_bytes("b.txt", b.as_bytes(), &name("lao_cai")).unwrap();
    assert_eq!(name("hai_phong"), "ke-hoach-cnsh-hai-phong-2026-synthetic");
    // The generated plan of Lào Cai does not take the bundled plan's source name.
    let bundled = biokg_ingest::default_name(Path::new("ke-hoach-cnsh-lao-cai-2026.txt"));
    assert_ne!(name("lao_cai"), bundled);
    assert_ne!(la.source.graph(), lb.source.graph());
    // Tasks, targets and clauses are minted under the plan's name and the agencies carry the
    // province: the two plans share only what is national (the documents they cite, the
    // bodies that issued them, the unit ha).
    let subjects = |l: &biokg_ingest::Loaded| -> std::collections::BTreeSet<String> {
        l.quads.iter().map(|q| q.subject.to_string()).collect()
    };
    let (sa, sb) = (subjects(&la), subjects(&lb));
    let shared: Vec<String> = sa
        .intersection(&sb)
        .map(|s| {
            s.trim_start_matches("<https://w3id.org/laocai-biotech/id/")
                .trim_end_matches('>')
                .to_owned()
        })
        .collect();
    assert_eq!(
        shared,
        [
            "agency/bo-chinh-tri",
            "agency/chinh-phu",
            "doc/189-nq-cp-2023",
            "doc/36-nq-tw-2023",
            "unit/ha"
        ]
    );
    assert!(
        sa.len() > 150 && sb.len() > 150,
        "{} and {}",
        sa.len(),
        sb.len()
    );
}

#[test]
fn by_province_each_province_loads_as_its_own_source_after_labs_and_plants() {
    use biokg_bench::scale::{Layout, generate_as};
    let out = tempfile::tempdir().unwrap();
    generate_as(out.path(), SCALE, 7, Layout::ByProvince).unwrap();
    let reg = out.path().join("registries");
    let gaz = Gazetteer::national();
    // Labs and taxa first, from the national files; what they load is what the store then
    // holds for the provinces' references.
    let labs = load_registry_files(
        Registry::Labs,
        &files(&reg, "labs.csv", &[]),
        "scale",
        gaz,
        &Known::default(),
    )
    .unwrap_or_else(|e| panic!("labs: {e}"));
    let plants = load_registry_files(
        Registry::Plants,
        &files(&reg, "plants.csv", &["accessions.csv", "labs.csv"]),
        "scale",
        gaz,
        &Known::default(),
    )
    .unwrap_or_else(|e| panic!("plants: {e}"));
    let known = Known::from_quads(labs.quads.iter().chain(&plants.quads));
    let mut folders: Vec<_> = std::fs::read_dir(reg.join("provinces"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    folders.sort();
    assert_eq!(folders.len(), 34);
    assert!(folders[12].ends_with("31-hai-phong"), "{folders:?}");
    let (mut orgs, mut certs) = (0, 0);
    for dir in &folders {
        let name = format!("scale-{}", dir.file_name().unwrap().to_string_lossy());
        let loaded = load_registry_files(
            Registry::Enterprises,
            &files(dir, "enterprises.csv", &["certifications.csv"]),
            &name,
            gaz,
            &known,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        orgs += count(&loaded.report, "organisations");
        certs += count(&loaded.report, "certificates");
    }
    assert_eq!((orgs, certs), (1000, 200));
}
