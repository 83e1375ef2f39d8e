/** Types of bin/cdktf-app.js (plain CommonJS, so it runs before anything is compiled). */

/** Inputs outside the bundle's own sources whose change must rebuild it (paths from the root). */
export declare const EXTRA_INPUTS: readonly string[];

/** Where the bundles and the record of their inputs (inputs.json) live below `root`. */
export declare function cachePaths(root: string): { dir: string; inputs: string };

/** True when the bundle exists and every input it was built from still has the recorded hash. */
export declare function isFresh(root: string): boolean;

/** Returns the path of a bundle built from the current sources, building it when needed. */
export declare function ensureBundle(root: string): Promise<{ bundle: string; rebuilt: boolean }>;
