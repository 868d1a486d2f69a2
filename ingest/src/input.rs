//! The one way in: an [`Input`] (what a source is, its content, its name) and a [`Context`]
//! (what the store already knows) go in, a [`Loaded`] comes out.
//!
//! Each format keeps its own reader (`plan`, `places`, `registry`, `rdf`); this module only
//! chooses among them, reads a path into bytes where the reader wants bytes, and settles the
//! source's name, so that every caller (the command line, the bundled sources, uploads, tests)
//! loads a given input the same way.

use crate::load::{Loaded, default_name};
use crate::places::PlaceFile;
use crate::rdf::{RdfSyntax, StreamTo};
use crate::read::file_name;
use crate::registry::{Gazetteer, Known, Registry, RegistryFile, RegistryFiles};
use crate::shacl::{EmptyStore, Store};
use crate::source::SourceType;
use crate::{Error, Result};
use biokg_ontology::iri;
use oxrdf::{NamedNode, Quad};
use std::path::{Path, PathBuf};

/// What an input is, which chooses its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A plan text in the official layout (body, PHỤ LỤC 01 targets, PHỤ LỤC 02 tasks).
    Plan,
    /// A folder of administrative units laid out as `data/places/`.
    Places,
    /// A registry file (CSV or JSON), with the companions of its folder.
    Registry(Registry),
    /// An RDF file in a syntax, validated against the project's SHACL shapes.
    Rdf(RdfSyntax),
    /// An agency's yearly progress report: `.xlsx` (first sheet) or `.csv` (UTF-8), in the
    /// format of `data/README.md` ("Progress reports").
    Report,
}

impl Format {
    /// What a source read in this format is.
    pub fn source_type(self) -> SourceType {
        match self {
            Format::Plan => SourceType::Plan,
            Format::Places => SourceType::Places,
            Format::Registry(r) => r.source_type(),
            Format::Rdf(_) => SourceType::Rdf,
            Format::Report => SourceType::Report,
        }
    }
}

/// Where an input's content is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Content {
    /// A file, or the folder of a places source; a registry's companions are read from beside
    /// it.
    Path(PathBuf),
    /// The bytes of one file called `file` (a registry's main file, without companions).
    Bytes { file: String, bytes: Vec<u8> },
    /// The files of a places folder called `folder`, in memory.
    Places {
        folder: String,
        files: Vec<PlaceFile>,
    },
    /// A registry's files in memory.
    Registry(RegistryFiles),
}

/// A source to ingest: what it is ([`Format`]), its content (a path, or bytes in memory), and
/// the name its graph and IRIs take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    format: Format,
    content: Content,
    name: Option<String>,
    uploaded_by: Option<String>,
}

impl Input {
    /// A file (for [`Format::Places`], a folder) on disk.
    pub fn path(format: Format, path: impl Into<PathBuf>) -> Self {
        Self::new(format, Content::Path(path.into()))
    }

    /// The bytes of a file called `file` (the bundled plan, an upload, a download). A places
    /// source is a folder and cannot be given so: see [`Input::places`].
    pub fn bytes(format: Format, file: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self::new(
            format,
            Content::Bytes {
                file: file.into(),
                bytes: bytes.into(),
            },
        )
    }

    /// The files of a places folder, in memory; `folder` names it in messages and provenance.
    pub fn places(folder: impl Into<String>, files: Vec<PlaceFile>) -> Self {
        Self::new(
            Format::Places,
            Content::Places {
                folder: folder.into(),
                files,
            },
        )
    }

    /// A registry's main file and companions, in memory.
    pub fn registry(registry: Registry, files: RegistryFiles) -> Self {
        Self::new(Format::Registry(registry), Content::Registry(files))
    }

    fn new(format: Format, content: Content) -> Self {
        Input {
            format,
            content,
            name: None,
            uploaded_by: None,
        }
    }

    /// The same input, recorded as loaded by `credential` (for a report: `lcb:uploadedBy`, an
    /// agency key, `admin` or the default `cli`).
    #[must_use]
    pub fn uploaded_by(mut self, credential: &str) -> Self {
        self.uploaded_by = Some(credential.to_owned());
        self
    }

    /// The same input under the source name `name` (letters, digits and `-`).
    #[must_use]
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// As [`Input::named`], keeping the default name for `None`.
    #[must_use]
    pub fn with_name(mut self, name: Option<&str>) -> Self {
        self.name = name.map(str::to_owned);
        self
    }

    /// What the input is.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The file (or folder) on disk, for an input given by its path.
    pub fn file_path(&self) -> Option<&Path> {
        match &self.content {
            Content::Path(p) => Some(p),
            _ => None,
        }
    }

    /// The source's name in IRIs and graph names: the one given, else the type's key for places
    /// and registries (one graph per type), else the file stem, slugged. A report's default
    /// name is its identity, `{agency key}-{year}-{submitted}`, which only reading it tells:
    /// the [`Loaded::source`] of [`ingest`] has it; before, this gives the type's key.
    pub fn name(&self) -> String {
        if let Some(name) = &self.name {
            return name.clone();
        }
        match (self.format, &self.content) {
            (Format::Places | Format::Registry(_) | Format::Report, _) => {
                self.format.source_type().key().to_owned()
            }
            (_, Content::Path(path)) => default_name(path),
            (_, Content::Bytes { file, .. }) => default_name(Path::new(file)),
            (_, Content::Places { folder, .. }) => default_name(Path::new(folder)),
            (_, Content::Registry(files)) => default_name(Path::new(&files.main.name)),
        }
    }

    /// The graph the input replaces: `…/graph/{source type}/{name}`.
    pub fn graph(&self) -> NamedNode {
        iri::source_graph(self.format.source_type().key(), &self.name())
    }
}

/// What the store already knows that an input may refer to, or be checked against.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// Ids of organisations, labs and taxa and the plans' agency keys, for registries.
    pub known: &'a Known,
    /// The communes and provinces registry addresses may name.
    pub gazetteer: &'a Gazetteer,
    /// The store as the SHACL validation of an RDF input sees it: every graph but the one the
    /// input replaces ([`Input::graph`]).
    pub store: &'a dyn Store,
}

impl Context<'static> {
    /// A store that knows nothing, with the bundled gazetteer: for a source that refers to
    /// nothing (a plan, places) or a test.
    pub fn standalone() -> Self {
        static NOTHING: Known = Known {
            orgs: std::collections::BTreeMap::new(),
            labs: std::collections::BTreeMap::new(),
            taxa: std::collections::BTreeMap::new(),
            agencies: std::collections::BTreeSet::new(),
            tasks: std::collections::BTreeMap::new(),
            agency_names: std::collections::BTreeMap::new(),
            targets: std::collections::BTreeMap::new(),
        };
        Context {
            known: &NOTHING,
            gazetteer: Gazetteer::bundled(),
            store: &EmptyStore,
        }
    }
}

/// Reads and validates an input: the quads of its graph and a report, or an error that says
/// which file, which line and why (every problem at once for places, registries and RDF).
/// Nothing is written: the caller replaces the source's graph with [`Loaded::quads`] in one
/// transaction, or only prints the report (`biokg check`).
///
/// # Errors
/// [`Error::Read`] for a path that cannot be read, [`Error::BadName`] for an unusable name,
/// [`Error::Encoding`], and by format: [`Error::Plan`] for a plan; [`Error::Folder`] or
/// [`Error::Invalid`] for places and registries; [`Error::Syntax`] (the first syntax error) or
/// [`Error::Invalid`] (every SHACL violation) for RDF. [`Error::Folder`] also for places given
/// as the bytes of one file.
pub fn ingest(input: &Input, ctx: &Context<'_>) -> Result<Loaded> {
    read(input, ctx, None)
}

/// As [`ingest`], giving an RDF file's own quads to `sink` in batches of `batch` as soon as
/// they are parsed, so that the caller can write them (unseen) while the rest of the file is
/// parsed and validated ([`crate::rdf::STREAM_BATCH`] suits Oxigraph's bulk loader). The last
/// quads of the file, fewer than a batch, are not given to `sink`: they are kept for the
/// result, so that the caller does not wait on them before the validation. The [`Loaded`]
/// returned holds the quads `sink` did not get (for other formats, all of them); its report
/// counts them all. On an error the caller must discard what `sink` got: nothing is loaded.
///
/// # Errors
/// As [`ingest`].
///
/// # Panics
/// If `batch` is 0.
pub fn ingest_streaming(
    input: &Input,
    ctx: &Context<'_>,
    batch: usize,
    sink: &mut dyn FnMut(Vec<Quad>),
) -> Result<Loaded> {
    assert!(batch > 0, "a stream batch holds at least one quad");
    read(input, ctx, Some((batch, sink)))
}

fn read(input: &Input, ctx: &Context<'_>, sink: Option<StreamTo<'_>>) -> Result<Loaded> {
    let name = input.name();
    let registry = |r: Registry, files: &RegistryFiles| {
        crate::registry::load_registry_files(r, files, &name, ctx.gazetteer, ctx.known)
    };
    match (input.format, &input.content) {
        (Format::Places, Content::Path(dir)) => crate::places::load_places(dir, &name),
        (Format::Places, Content::Places { folder, files }) => {
            crate::places::load_places_from(folder, files, &name)
        }
        (Format::Registry(r), Content::Path(path)) => registry(r, &RegistryFiles::read(r, path)?),
        (Format::Registry(r), Content::Registry(files)) => registry(r, files),
        (Format::Registry(r), Content::Bytes { file, bytes }) => {
            let main = RegistryFile {
                name: file.clone(),
                bytes: bytes.clone(),
            };
            registry(
                r,
                &RegistryFiles {
                    main,
                    companions: Vec::new(),
                },
            )
        }
        (format, content) => {
            let (file, bytes) = one_file(content)?;
            match format {
                Format::Plan => crate::load::load_plan_bytes(&file, &bytes, &name),
                Format::Rdf(syntax) => {
                    crate::rdf::load(&file, &bytes, &name, syntax, ctx.store, sink)
                }
                Format::Report => crate::report::load(
                    &file,
                    &bytes,
                    &crate::report::Options {
                        name: input.name.as_deref(),
                        uploaded_by: input.uploaded_by.as_deref().unwrap_or("cli"),
                    },
                    ctx.known,
                ),
                Format::Places | Format::Registry(_) => Err(Error::Folder {
                    folder: file,
                    reason: format!(
                        "a {} source is not given as one file's bytes",
                        format.source_type()
                    ),
                }),
            }
        }
    }
}

/// The name and bytes of a one-file input: read from disk, or as given.
fn one_file(content: &Content) -> Result<(String, std::borrow::Cow<'_, [u8]>)> {
    match content {
        Content::Path(path) => {
            let bytes = std::fs::read(path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            Ok((file_name(path), bytes.into()))
        }
        Content::Bytes { file, bytes } => Ok((file.clone(), bytes.as_slice().into())),
        Content::Places { folder, .. } => Err(Error::Folder {
            folder: folder.clone(),
            reason: "a folder is not one file".into(),
        }),
        Content::Registry(files) => {
            Ok((files.main.name.clone(), files.main.bytes.as_slice().into()))
        }
    }
}
