/**
 * Names the audit writes into every output. One place, so SARIF's tool.driver, the in-toto
 * predicate type and the report's header agree. The project URI is neutral (it names the project,
 * not a hosting organisation): replace it here if the blueprint is published under another one.
 */
export const TOOL_NAME = "ai-supply-chain-blueprint";

/** Where the blueprint lives; SARIF tool.driver.informationUri. */
export const PROJECT_URI = "https://github.com/ai-supply-chain-blueprint/ai-supply-chain-blueprint";

/** predicateType of evidence.json: versioned, so a consumer can tell a changed predicate shape. */
export const EVIDENCE_PREDICATE_TYPE = `${PROJECT_URI}/audit/v1`;

/** The in-toto Statement layer evidence.json follows (in-toto Attestation Framework, Statement v1). */
export const IN_TOTO_STATEMENT_TYPE = "https://in-toto.io/Statement/v1";

/** `version` of report.json (docs/report-schema.json): bump on any incompatible change. */
export const REPORT_VERSION = "1";
