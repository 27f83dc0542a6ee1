//! The answers the endpoint gives before a call reaches the simulator: the API gateway's own
//! errors (docs/endpoint.md lists each code with its source) and the HTTP limits.

/// Why a request was refused before the simulated service saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A required common parameter (`Action`, `Version`, `AccessKeyId`, `Signature`,
    /// `SignatureNonce`, `Timestamp`) is missing; holds its name.
    MissingParameter(&'static str),
    /// `Version` is not `2014-05-26`.
    InvalidVersion,
    /// `Action` is not an action of the simulated ECS API.
    InvalidActionNotFound,
    /// The AccessKey ID is not configured.
    InvalidAccessKeyIdNotFound,
    /// The signature is wrong; holds the server's string to sign.
    SignatureDoesNotMatch(String),
    /// An `Authorization` header that names `ACS3-HMAC-SHA256` but lacks `Credential`,
    /// `SignedHeaders` or `Signature`.
    IncompleteSignature,
    /// `SignatureMethod` is not `HMAC-SHA1` (V1 only).
    InvalidSignatureMethod,
    /// The `Timestamp` / `x-acs-date` is more than 15 minutes away from the server's time, or
    /// not an ISO 8601 UTC time.
    TimestampExpired,
    /// The nonce was used within the last 15 minutes.
    SignatureNonceUsed,
    /// `x-acs-content-sha256` is not the SHA-256 of the body.
    ContentSha256Mismatch,
    /// The query or form body is not valid percent-encoded UTF-8.
    MalformedQuery(String),
    /// The request body is larger than the limit (bytes).
    BodyTooLarge(usize),
    /// Too many requests are in flight (the limit).
    Busy(usize),
    /// An unknown path.
    NotFound(String),
    /// A clock control call that cannot be done (why).
    BadClockMove(String),
    /// The durable journal could not be written (the call was not accepted).
    JournalFailed(String),
}

impl Refusal {
    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            Refusal::InvalidActionNotFound
            | Refusal::InvalidAccessKeyIdNotFound
            | Refusal::NotFound(_) => 404,
            Refusal::BodyTooLarge(_) => 413,
            Refusal::Busy(_) => 503,
            Refusal::JournalFailed(_) => 500,
            _ => 400,
        }
    }

    /// The error `Code`.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::MissingParameter(_) => "MissingParameter",
            Refusal::InvalidVersion => "InvalidVersion",
            Refusal::InvalidActionNotFound => "InvalidAction.NotFound",
            Refusal::InvalidAccessKeyIdNotFound => "InvalidAccessKeyId.NotFound",
            Refusal::SignatureDoesNotMatch(_) => "SignatureDoesNotMatch",
            Refusal::IncompleteSignature => "IncompleteSignature",
            Refusal::InvalidSignatureMethod => "InvalidParameter",
            Refusal::TimestampExpired => "InvalidTimeStamp.Expired",
            Refusal::SignatureNonceUsed => "SignatureNonceUsed",
            Refusal::ContentSha256Mismatch => "SignatureDoesNotMatch",
            Refusal::MalformedQuery(_) => "InvalidParameter",
            Refusal::BodyTooLarge(_) => "RequestEntityTooLarge",
            Refusal::Busy(_) => "ServiceUnavailable",
            Refusal::NotFound(_) => "InvalidAction.NotFound",
            Refusal::BadClockMove(_) => "InvalidParameter",
            Refusal::JournalFailed(_) => "InternalError",
        }
    }

    /// The error `Message`.
    pub fn message(&self) -> String {
        match self {
            Refusal::MissingParameter(name) => format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            ),
            Refusal::InvalidVersion => "Specified parameter Version is not valid.".into(),
            Refusal::InvalidActionNotFound => {
                "Specified api is not found, please check your url and method.".into()
            }
            Refusal::InvalidAccessKeyIdNotFound => "Specified access key is not found.".into(),
            Refusal::SignatureDoesNotMatch(sts) => format!(
                "Specified signature is not matched with our calculation. server string to sign is:{sts}"
            ),
            Refusal::IncompleteSignature => {
                "The request signature does not conform to Aliyun standards.".into()
            }
            Refusal::InvalidSignatureMethod => {
                "The specified parameter \"SignatureMethod\" is not valid.".into()
            }
            Refusal::TimestampExpired => "Specified time stamp or date value is expired.".into(),
            Refusal::SignatureNonceUsed => "Specified signature nonce was used already.".into(),
            Refusal::ContentSha256Mismatch => {
                "The x-acs-content-sha256 header is not the SHA-256 of the request body.".into()
            }
            Refusal::MalformedQuery(what) => {
                format!("The parameter \"{what}\" is not valid percent-encoded UTF-8.")
            }
            Refusal::BodyTooLarge(limit) => {
                format!("The request body is larger than the limit of {limit} bytes.")
            }
            Refusal::Busy(limit) => format!(
                "The simulator is already serving {limit} requests; retry in a moment."
            ),
            Refusal::NotFound(path) => {
                format!("No such path `{path}`: RPC calls go to `/`, clock control to `/_simulator/clock`.")
            }
            Refusal::BadClockMove(why) => why.clone(),
            Refusal::JournalFailed(why) => {
                format!("The call was not accepted: the state file cannot be written ({why}).")
            }
        }
    }
}
