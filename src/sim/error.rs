//! The RunCommand API errors: every code of the seed's error table with its HTTP status and
//! message, and the Alibaba Cloud error body they are returned in.
//!
//! The table is [`ApiErrorCode`]; [`ApiErrorCode::all_seed`] lists every code of the seed so that
//! tests and docs can check it is complete. A few codes that the seed does not list but that a
//! request can still need (a missing required parameter, a non-numeric `Timeout`, the actions
//! that are not simulated yet) are marked as extras.

use serde::{Deserialize, Serialize};

macro_rules! error_codes {
    ($( $variant:ident => ($status:expr, $code:expr, $message:expr) ),* $(,)?) => {
        /// One error code of the RunCommand error table (seed) or one of the simulator's extras.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ApiErrorCode {
            $(
                #[doc = concat!("`", $code, "` — ", $message)]
                $variant,
            )*
        }

        impl ApiErrorCode {
            /// Every code this module knows, seed and extras, in table order.
            pub const ALL: &'static [ApiErrorCode] = &[$(ApiErrorCode::$variant),*];

            /// The HTTP status the API answers with.
            pub fn http_status(self) -> u16 {
                match self { $(ApiErrorCode::$variant => $status,)* }
            }

            /// The `Code` string, exactly as the error table spells it.
            pub fn code(self) -> &'static str {
                match self { $(ApiErrorCode::$variant => $code,)* }
            }

            /// The `Message` string, exactly as the error table gives it (`%s` / `{}` are
            /// templates filled by [`ApiError`]).
            pub fn message_template(self) -> &'static str {
                match self { $(ApiErrorCode::$variant => $message,)* }
            }
        }
    };
}

error_codes! {
    RegionIdApiNotSupported => (400, "RegionId.ApiNotSupported", "The api is not supported in this region."),
    ResourceBusySlrCreation => (400, "ResourceBusy.SlrCreation", "The ServiceLinkedRole is still being created or has not taken effect yet. Please try again later."),
    MissingParamInstanceId => (400, "MissingParam.InstanceId", "The parameter instanceId is missing or empty."),
    NumberExceedTags => (400, "NumberExceed.Tags", "Ensure the number of tag parameters is not greater than 20."),
    InvalidTagValueMalformed => (400, "InvalidTagValue.Malformed", "The specified Tag.n.Value is not valid."),
    DuplicateTagKey => (400, "Duplicate.TagKey", "The Tag.N.Key contain duplicate key."),
    InvalidTagKeyMalformed => (400, "InvalidTagKey.Malformed", "The specified Tag.n.Key is not valid."),
    MissingParameterTagKey => (400, "MissingParameter.TagKey", "You must specify Tag.N.Key."),
    InvalidContainerIdMalformed => (400, "InvalidContainerId.Malformed", "The specified parameter ContainerId is not valid."),
    InvalidContainerNameMalformed => (400, "InvalidContainerName.Malformed", "The specified parameter ContainerName is not valid."),
    InvalidClientTokenMalformed => (400, "InvalidClientToken.Malformed", "The specified parameter clientToken is not valid."),
    CmdParamEmptyKey => (400, "CmdParam.EmptyKey", "Command parameters can not be empty."),
    CmdParamInvalidParamName => (400, "CmdParam.InvalidParamName", "A command parameter name is invalid."),
    CmdContentDecodeError => (400, "CmdContent.DecodeError", "The CommandContent can not be base64 decoded."),
    InvalidInstanceNotMatch => (400, "InvalidInstance.NotMatch", "The specified instance type does not match the command."),
    MissingParamFrequency => (400, "MissingParam.Frequency", "The frequency must be specified when you create a timed task."),
    InvalidParamFrequency => (400, "InvalidParam.Frequency", "The specified frequency is invalid."),
    ParameterKeyDuplicate => (400, "ParameterKey.Duplicate", "The parameter may not contain duplicate keys."),
    ParameterNotMatched => (400, "Parameter.NotMatched", "The parameters of creation do not match those of invocation."),
    WindowsPasswordNameMissed => (400, "WindowsPasswordName.Missed", "WindowsPasswordName must be specified when you create a Windows task."),
    ParameterDisabled => (400, "Parameter.Disabled", "Parameters should not be passed when CreateCommand.EnableParameter is false."),
    InvalidParameterWorkingDir => (400, "InvalidParameter.WorkingDir", "The specified parameter WorkingDir is not valid."),
    NumberExceedResourceTags => (400, "NumberExceed.ResourceTags", "The maximum number of ResourceTags is exceeded."),
    MissingParameterResourceTagKey => (400, "MissingParameter.ResourceTagKey", "You must specify ResourceTag.N.Key."),
    InvalidResourceTagKeyMalformed => (400, "InvalidResourceTagKey.Malformed", "The specified ResourceTag key is not valid."),
    InvalidResourceTagValueMalformed => (400, "InvalidResourceTagValue.Malformed", "The specified ResourceTag value is not valid."),
    DuplicateResourceTagKey => (400, "Duplicate.ResourceTagKey", "The ResourceTag contains duplicate keys."),
    InvalidResourceTagInstanceNotFound => (400, "InvalidResourceTag.InstanceNotFound", "InstanceIds are not found by the specified ResourceTag."),
    InvalidResourceTagConflictWithInstanceIds => (400, "InvalidResourceTag.ConflictWithInstanceIds", "The specified param ResourceTag conflicts with InstanceId."),
    InvalidOssOutputDeliveryBucketInOtherRegion => (400, "InvalidOssOutputDelivery.BucketInOtherRegion", "The OSS bucket specified in the parameter OssOutputDelivery is in another region."),
    InvalidParameterOssOutputDelivery => (400, "InvalidParameter.OssOutputDelivery", "The specified parameter OssOutputDelivery is not valid."),
    InvalidOssOutputDeliveryKeyPrefixMalformed => (400, "InvalidOssOutputDelivery.KeyPrefixMalformed", "The prefix of the OSS key specified in the parameter OssOutputDelivery is not valid."),
    InternalErrorDispatch => (500, "InternalError.Dispatch", "An error occurred when you dispatched the request."),
    InvalidOssOutputDeliveryBucketAccessDenied => (403, "InvalidOssOutputDelivery.BucketAccessDenied", "The error message returned by the OSS API is: %s"),
    CmdContentExceedLimit => (403, "CmdContent.ExceedLimit", "The length of the command content exceeds the upper limit."),
    CmdNameExceedLimit => (403, "CmdName.ExceedLimit", "The length of the command name exceeds the upper limit."),
    CmdDescExceedLimit => (403, "CmdDesc.ExceedLimit", "The length of the command description exceeds the upper limit."),
    CmdCountExceedQuota => (403, "CmdCount.ExceedQuota", "The total number of commands in the current region exceeds the quota."),
    CmdParamCountExceedLimit => (403, "CmdParamCount.ExceedLimit", "You've reached the limit on the count of command parameters."),
    CmdParamNameExceedLimit => (403, "CmdParamName.ExceedLimit", "The length of the command parameter name exceeds the limit."),
    InstanceIdsExceedLimit => (403, "InstanceIds.ExceedLimit", "The number of instance IDs exceeds the upper limit."),
    InvocationExceedQuota => (403, "Invocation.ExceedQuota", "The invocation quota in the current region has been reached for today."),
    ParameterCountExceedLimit => (403, "ParameterCount.ExceedLimit", "The number of command parameters exceeds the maximum number that can be set."),
    ParameterKeyExceedLimit => (403, "ParameterKey.ExceedLimit", "The length of the specified parameter key exceeds the maximum length that can be set."),
    ParameterTypeNotSupported => (403, "ParameterType.NotSupported", "The type of parameter value is not supported."),
    UsernameExceedLimit => (403, "Username.ExceedLimit", "The length of the username exceeds the upper limit."),
    WindowsPasswordNameExceedLimit => (403, "WindowsPasswordName.ExceedLimit", "The length of the WindowsPasswordName exceeds the upper limit."),
    ParameterStoreNotSupported => (403, "ParameterStore.NotSupported", "Parameter Store is not supported in this region."),
    TemporaryAccessKeyError => (403, "TemporaryAccessKey.Error", "The temporary accessKey is invalid."),
    ParameterStoreInvalidParameters => (403, "ParameterStore.InvalidParameters", "The parameter is invalid in Parameter Store."),
    ParameterStoreNoPermission => (403, "ParameterStore.NoPermission", "You have no access to Parameter Store."),
    OperationDeniedBidOwnResource => (403, "OperationDenied.BidOwnResource", "Bid user can not own resource."),
    OperationForbidden => (403, "Operation.Forbidden", "The operation is not permitted."),
    IdempotentParameterMismatch => (403, "IdempotentParameterMismatch", "The specified parameter has changed while using an already used clientToken."),
    IdempotentProcessing => (403, "IdempotentProcessing", "The previous idempotent request(s) is still processing."),
    InvalidStatusResourceGroup => (403, "InvalidStatus.ResourceGroup", "You cannot perform an operation on a resource group that is being created or deleted."),
    InvalidParameterCharacterCommandName => (403, "InvalidParameterCharacter.CommandName", "The command Name contains illegal characters."),
    InvalidParameterCharacterCommandDescription => (403, "InvalidParameterCharacter.CommandDescription", "The command Description contains illegal characters."),
    InvalidParameterCharacterCommandWorkingDir => (403, "InvalidParameterCharacter.CommandWorkingDir", "The command WorkingDir contains illegal characters."),
    InvalidLauncherLengthLimitExceeded => (403, "InvalidLauncher.LengthLimitExceeded", "The length of the parameter Launcher exceeds the limit of 1 KB characters."),
    InvalidParameterCharsetParameters => (403, "InvalidParameterCharset.Parameters", "The parameter Parameters contains illegal charset."),
    CreateServiceLinkedRoleNoPermission => (403, "CreateServiceLinkedRole.NoPermission", "You do not have permission to create ServiceLinkedRole for output delivery."),
    InvalidTimeoutExceedLimit => (403, "InvalidTimeout.ExceedLimit", "The specified parameter Timeout exceeds the upper limit."),
    InvalidCmdTypeNotFound => (404, "InvalidCmdType.NotFound", "The specified command type does not exist."),
    InvalidRepeatModeNotFound => (404, "InvalidRepeatMode.NotFound", "The specified repeat mode does not exist."),
    InvalidRegionIdNotFound => (404, "InvalidRegionId.NotFound", "The RegionId provided does not exist in our records."),
    InvalidInstanceNotFound => (404, "InvalidInstance.NotFound", "The specified instance does not exist."),
    InvalidCmdIdNotFound => (404, "InvalidCmdId.NotFound", "The specified command ID does not exist."),
    InvalidResourceGroupNotFound => (404, "InvalidResourceGroup.NotFound", "The ResourceGroup provided does not exist in our records."),
    InvalidTerminationModeNotFound => (404, "InvalidTerminationMode.NotFound", "The specified parameter TerminationMode does not exist."),
    InvalidOssOutputDeliveryBucketNotFound => (404, "InvalidOssOutputDelivery.BucketNotFound", "The OSS bucket specified in the parameter OssOutputDelivery does not exist."),
    // ---- extras (not in the seed's table) ----
    MissingParameter => (400, "MissingParameter", "The input parameter \"{}\" that is mandatory for processing this request is not supplied."),
    InvalidParameter => (400, "InvalidParameter", "The specified parameter \"{}\" is not valid."),
    InvalidActionNotFound => (404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."),
    NotSimulated => (501, "Simulator.NotSimulated", "{} is not simulated yet."),
    MalformedInput => (400, "Simulator.MalformedInput", "{}"),
}

impl ApiErrorCode {
    /// The codes of the simulator's own that the seed's table does not list.
    pub const EXTRAS: &'static [ApiErrorCode] = &[
        ApiErrorCode::MissingParameter,
        ApiErrorCode::InvalidParameter,
        ApiErrorCode::InvalidActionNotFound,
        ApiErrorCode::NotSimulated,
        ApiErrorCode::MalformedInput,
    ];

    /// Whether this code is one of the seed's error table.
    pub fn is_seed(self) -> bool {
        !Self::EXTRAS.contains(&self)
    }

    /// Every code of the seed's error table (71 codes), in table order.
    pub fn all_seed() -> impl Iterator<Item = ApiErrorCode> {
        Self::ALL.iter().copied().filter(|c| c.is_seed())
    }

    /// Looks a code up by its `Code` string.
    pub fn from_code(code: &str) -> Option<ApiErrorCode> {
        Self::ALL.iter().copied().find(|c| c.code() == code)
    }
}

/// An API error as a caller sees it: the code plus the filled-in message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// Which row of the error table.
    pub code: ApiErrorCode,
    /// The final message (the table's message with its template filled).
    pub message: String,
}

impl ApiError {
    /// The error with the table's message (templates left as they are unless filled later).
    pub fn new(code: ApiErrorCode) -> Self {
        Self {
            code,
            message: code.message_template().to_string(),
        }
    }

    /// The error with its `%s` / `{}` template filled by `detail`.
    pub fn with_detail(code: ApiErrorCode, detail: &str) -> Self {
        let template = code.message_template();
        let message = if template.contains("%s") {
            template.replacen("%s", detail, 1)
        } else {
            template.replacen("{}", detail, 1)
        };
        Self { code, message }
    }

    /// The HTTP status of this error.
    pub fn http_status(&self) -> u16 {
        self.code.http_status()
    }

    /// The Alibaba Cloud error body for this error.
    pub fn body(&self, request_id: &str) -> ErrorBody {
        ErrorBody {
            request_id: request_id.to_string(),
            host_id: HOST_ID.to_string(),
            code: self.code.code().to_string(),
            message: self.message.clone(),
            recommend: format!(
                "https://api.aliyun.com/troubleshoot?q={}&product=Ecs&requestId={}",
                self.code.code(),
                request_id
            ),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.http_status(),
            self.code.code(),
            self.message
        )
    }
}

impl std::error::Error for ApiError {}

/// The endpoint host every error body names.
pub const HOST_ID: &str = "ecs.aliyuncs.com";

/// The JSON error body of Alibaba Cloud RPC APIs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorBody {
    /// The request id.
    pub request_id: String,
    /// The endpoint host.
    pub host_id: String,
    /// The error code.
    pub code: String,
    /// The error message.
    pub message: String,
    /// A troubleshooting link.
    pub recommend: String,
}
