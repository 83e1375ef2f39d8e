/** OpenSSF Model Signing v1.0, `key` method, `files` serialization (ossf/model-signing-spec). */
export { OmsError, OmsErrorCode } from "./errors";
export { ModelFiles, directoryFiles, sha256Stream, rootDigest } from "./digest";
export { preAuthEncoding, decodeBase64Strict, IN_TOTO_PAYLOAD_TYPE } from "./dsse";
export { parseBundle, bundleJson, BUNDLE_MEDIA_TYPE, DEFAULT_MAX_BUNDLE_BYTES } from "./bundle";
export { parseStatement, OmsStatement, OmsResource, OMS_PREDICATE_TYPE } from "./statement";
export { verifyModel, verifyModelDirectory, verifyEnvelope, readBundleFile, VerifyOptions } from "./verify";
export { signModel, signModelDirectory, Signer, SignOptions } from "./sign";
export { LocalPemSigner } from "./local-signer";
export { derFromRS, derFromP1363 } from "./der";
export { publicKeyHint } from "./keys";
