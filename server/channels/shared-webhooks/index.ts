export { assertAccepted, postSigned, type SignedPostResponse } from './post.ts';
export { registerSignedRoutes, type SignedChannel, type SignedInbox } from './signed-routes.ts';
export {
  DELIVERY_HEADER,
  MAX_SKEW_SECONDS,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  hmacSignature,
  requestSigningBase,
  verifySignedRequest,
  webhookSigningBase,
} from './signature.ts';
