//! The RDF syntaxes the ingestor reads, told from a file's extension or a media type.

use crate::{Error, Result};

/// An RDF syntax: the one type for it in the ingestors, whether it comes from a file's
/// extension ([`RdfSyntax::from_extension`]) or a Content-Type ([`RdfSyntax::from_media_type`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RdfSyntax {
    /// Turtle: `.ttl`, `text/turtle`.
    Turtle,
    /// N-Triples: `.nt`, `application/n-triples`.
    NTriples,
    /// N-Quads: `.nq`, `application/n-quads`.
    NQuads,
    /// TriG: `.trig`, `application/trig`.
    TriG,
    /// RDF/XML: `.rdf`, `.xml`, `.owl`, `application/rdf+xml`.
    RdfXml,
    /// JSON-LD: `.jsonld`, `.json`, `application/ld+json`.
    JsonLd,
}

impl RdfSyntax {
    /// The syntax of a file extension (without the dot, any case).
    pub fn from_extension(ext: &str) -> Option<Self> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "ttl" => RdfSyntax::Turtle,
            "nt" => RdfSyntax::NTriples,
            "nq" => RdfSyntax::NQuads,
            "trig" => RdfSyntax::TriG,
            "rdf" | "xml" | "owl" => RdfSyntax::RdfXml,
            "jsonld" | "json" => RdfSyntax::JsonLd,
            _ => return None,
        })
    }

    /// The syntax of a file name, by its extension.
    pub fn from_file_name(name: &str) -> Option<Self> {
        Self::from_extension(name.rsplit_once('.')?.1)
    }

    /// The syntax of a file name, or the error that names the extensions read.
    ///
    /// # Errors
    /// [`Error::Format`] when the extension names no RDF syntax.
    pub fn of_file(name: &str) -> Result<Self> {
        Self::from_file_name(name).ok_or_else(|| Error::Format {
            file: name.to_owned(),
        })
    }

    /// The syntax of a file on disk, by its extension, or the error that names the extensions
    /// read (with the file's name, without its folder).
    ///
    /// # Errors
    /// [`Error::Format`] when the extension names no RDF syntax.
    pub fn of_path(path: &std::path::Path) -> Result<Self> {
        Self::of_file(&crate::read::file_name(path))
    }

    /// The syntax of a media type (lowercase, without parameters).
    pub fn from_media_type(media_type: &str) -> Option<Self> {
        Some(match media_type {
            "text/turtle" | "application/x-turtle" => RdfSyntax::Turtle,
            "application/n-triples" => RdfSyntax::NTriples,
            "application/n-quads" | "text/x-nquads" => RdfSyntax::NQuads,
            "application/trig" => RdfSyntax::TriG,
            "application/rdf+xml" => RdfSyntax::RdfXml,
            "application/ld+json" => RdfSyntax::JsonLd,
            _ => return None,
        })
    }

    /// The registered media type of the syntax.
    pub fn media_type(self) -> &'static str {
        match self {
            RdfSyntax::Turtle => "text/turtle",
            RdfSyntax::NTriples => "application/n-triples",
            RdfSyntax::NQuads => "application/n-quads",
            RdfSyntax::TriG => "application/trig",
            RdfSyntax::RdfXml => "application/rdf+xml",
            RdfSyntax::JsonLd => "application/ld+json",
        }
    }

    /// The usual extension of a file in the syntax, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            RdfSyntax::Turtle => "ttl",
            RdfSyntax::NTriples => "nt",
            RdfSyntax::NQuads => "nq",
            RdfSyntax::TriG => "trig",
            RdfSyntax::RdfXml => "rdf",
            RdfSyntax::JsonLd => "jsonld",
        }
    }
}
