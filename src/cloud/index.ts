/**
 * The cloud path: the same CreateHighlightTask request sent to Alibaba Cloud IMM (docs/cloud.md).
 */
export {
  createImmClient, resolveEndpoint, listTasksQuery, DEFAULT_RETRY, IMM_VERSION,
  type CloudSettings, type ImmClient, type RequestSigner, type RetryPolicy, type CloudTaskInfo,
  type CloudListTasksResponse, type CallOptions, type ApiCall,
} from './client.ts'
export { runCloudTask, followCloudTask, mapCloudTask, noCancelMessage, DEFAULT_POLL_INTERVAL_MS, type CloudRunInfo, type CloudRunOptions } from './cloud-runner.ts'
export {
  decidePlacement, placementAfterLocalFailure, isCapabilityError, CAPABILITY_CODES, LOCAL_CHECKS,
  type Engine, type Placement, type PlacementEnv,
} from './placement.ts'
export { cloudSettingsFromEnv, CREDENTIAL_ENV, REGION_ENV, type CloudFlags } from './settings.ts'
export { encodeCreateHighlightTask, type WireRequest } from './form.ts'
export { errorFromResponse, isRetryable, CLOUD_CODES, type CloudErrorDetails } from './errors.ts'
export { signRequestV3, type AccessKeyCredentials, type UnsignedRequest, type SignOptions } from './sign-v3.ts'
