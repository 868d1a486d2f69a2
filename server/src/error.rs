//! The one error type of the HTTP API: stable codes, JSON bodies, no internal details.

use axum::Json;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// A machine-readable error code. The string of each is part of the API: never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// A request parameter is missing.
    MissingParameter,
    /// A request parameter has a bad value.
    InvalidParameter,
    /// The request is malformed or its parts conflict.
    BadRequest,
    /// The SPARQL text does not parse.
    SparqlSyntax,
    /// The SPARQL query fails at run time.
    QueryFailed,
    /// The query ran past its time limit and was cancelled.
    QueryTimeout,
    /// The body's media type is not one this route reads.
    UnsupportedMediaType,
    /// No result format the client accepts fits this result.
    NotAcceptable,
    /// No such resource.
    NotFound,
    /// The route does not take this method.
    MethodNotAllowed,
    /// Writes are not enabled on this server.
    WritesDisabled,
    /// The request body is too large.
    PayloadTooLarge,
    /// A write came without a bearer token.
    Unauthorized,
    /// A write came with a token that is not the configured one.
    InvalidToken,
    /// A write would change a graph the server maintains (the ontology, the ingest log).
    ProtectedGraph,
    /// Every SPARQL slot stayed busy for the whole queue wait.
    TooBusy,
    /// The client sent more requests than its rate allows.
    RateLimited,
    /// The store or the index is not ready to serve (they are not in step).
    NotReady,
    /// An uploaded report has problems (each listed in `problems`); nothing was loaded.
    InvalidReport,
    /// An agency's token was used to file a report in another agency's name.
    ForbiddenAgency,
    /// Something failed on our side; details are in the server log.
    Internal,
}

impl Code {
    /// The code as sent to clients.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MissingParameter => "missing_parameter",
            Self::InvalidParameter => "invalid_parameter",
            Self::BadRequest => "bad_request",
            Self::SparqlSyntax => "sparql_syntax_error",
            Self::QueryFailed => "query_failed",
            Self::QueryTimeout => "query_timeout",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::NotAcceptable => "not_acceptable",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::WritesDisabled => "writes_disabled",
            Self::PayloadTooLarge => "payload_too_large",
            Self::Unauthorized => "unauthorized",
            Self::InvalidToken => "invalid_token",
            Self::ProtectedGraph => "protected_graph",
            Self::TooBusy => "too_busy",
            Self::RateLimited => "rate_limited",
            Self::NotReady => "not_ready",
            Self::InvalidReport => "invalid_report",
            Self::ForbiddenAgency => "forbidden_agency",
            Self::Internal => "internal",
        }
    }

    /// The HTTP status of the code.
    pub fn status(self) -> StatusCode {
        match self {
            Self::MissingParameter
            | Self::InvalidParameter
            | Self::BadRequest
            | Self::SparqlSyntax
            | Self::QueryFailed
            | Self::InvalidReport => StatusCode::BAD_REQUEST,
            Self::QueryTimeout | Self::TooBusy | Self::NotReady => StatusCode::SERVICE_UNAVAILABLE,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::InvalidToken | Self::ProtectedGraph | Self::ForbiddenAgency => {
                StatusCode::FORBIDDEN
            }
            Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::WritesDisabled => StatusCode::FORBIDDEN,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// An error answered as `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug)]
pub struct ApiError {
    code: Code,
    message: String,
    /// Every problem of an input, each `file:line: field: reason` (`invalid_report`).
    problems: Vec<String>,
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`).
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl ApiError {
    /// An error with a message for the client.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            problems: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// The same error listing the problems of an input, sent as `problems`.
    #[must_use]
    pub fn with_problems(mut self, problems: Vec<String>) -> Self {
        self.problems = problems;
        self
    }

    /// The same error with a response header added.
    #[must_use]
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The same error telling the client to retry after `seconds`.
    #[must_use]
    pub fn retry_after(self, seconds: u64) -> Self {
        self.with_header(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)))
    }

    /// A missing request parameter.
    pub fn missing(name: &str) -> Self {
        Self::new(
            Code::MissingParameter,
            format!("missing parameter {name:?}"),
        )
    }

    /// A parameter with a bad value.
    pub fn invalid(name: &str, why: impl std::fmt::Display) -> Self {
        Self::new(Code::InvalidParameter, format!("parameter {name:?}: {why}"))
    }

    /// A failure on our side: logged in full, answered without details.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "internal error");
        Self::new(Code::Internal, "internal error; see the server log")
    }

    /// The error's code.
    pub fn code(&self) -> Code {
        self.code
    }

    /// The message for the client.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = if self.problems.is_empty() {
            json!({"error": {"code": self.code.as_str(), "message": self.message}})
        } else {
            json!({"error": {"code": self.code.as_str(), "message": self.message, "problems": self.problems}})
        };
        let mut response = (self.code.status(), Json(body)).into_response();
        for (name, value) in self.headers {
            response.headers_mut().append(name, value);
        }
        // For the metrics middleware, which counts timeouts and refusals by code.
        response.extensions_mut().insert(self.code);
        response
    }
}

impl From<biokg_graph::Error> for ApiError {
    fn from(e: biokg_graph::Error) -> Self {
        use biokg_graph::Error as E;
        match e {
            E::Syntax(e) => Self::new(Code::SparqlSyntax, e.to_string()),
            E::Evaluation(m) => Self::new(Code::QueryFailed, m),
            E::BadGraphIri { .. } => Self::new(Code::InvalidParameter, e.to_string()),
            E::Protected { .. } => Self::new(Code::ProtectedGraph, e.to_string()),
            E::Refused(m) => Self::new(Code::BadRequest, m),
            E::BadPayload(_) => Self::new(Code::BadRequest, e.to_string()),
            E::Timeout(d) => Self::new(
                Code::QueryTimeout,
                format!(
                    "the query ran past its time limit of {} s and was cancelled",
                    d.as_secs_f64()
                ),
            ),
            other => Self::internal(other),
        }
    }
}

impl From<biokg_search::Error> for ApiError {
    fn from(e: biokg_search::Error) -> Self {
        if e.is_user_error() {
            Self::new(Code::InvalidParameter, e.to_string())
        } else {
            Self::internal(e)
        }
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        Self::internal(e)
    }
}

impl From<biokg_engine::Error> for ApiError {
    fn from(e: biokg_engine::Error) -> Self {
        match e {
            biokg_engine::Error::Graph(e) => e.into(),
            biokg_engine::Error::Search(e) => e.into(),
            other => Self::internal(other),
        }
    }
}

/// Results of handlers.
pub type ApiResult<T> = Result<T, ApiError>;
