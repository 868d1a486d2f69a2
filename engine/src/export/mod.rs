//! Read models written out as documents for people outside the service: the consolidated
//! monitoring report as a Word document ([`progress_docx`]). Like the rest of the engine, an
//! export knows nothing of HTTP; the server and the command line only hand the bytes on.

mod docx;

pub use docx::progress_docx;
