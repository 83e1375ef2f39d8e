/**
 * The Node.js major version every function of the blueprint runs on, on all three clouds.
 * Node.js 20 left long-term support in April 2026 and Lambda deprecated `nodejs20.x` on the same
 * schedule (Lambda Developer Guide, "Runtime deprecation"; endoflife.date/aws-lambda: Node.js 22
 * supported to 30 April 2027). 22 is a runtime all three offer: Lambda `nodejs22.x`, Cloud
 * Functions `nodejs22` ("Node.js runtime"), Azure Functions Flex Consumption Node 22 ("Supported
 * languages in Azure Functions"). The bundles target Node 20 syntax (functions/bundle/
 * gate-package.ts), which Node 22 runs; the toolchain itself stays on Node 20 (README, cdktf status).
 */
export const FUNCTION_NODE_MAJOR = 22;
