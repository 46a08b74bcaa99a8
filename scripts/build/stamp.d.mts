// Types of stamp.mjs for the tests that import it (test/scripts/build/stamp.test.ts).
export declare const INPUT_DIRS: readonly string[];
export declare const INPUT_FILES: readonly string[];
export declare const CODE_CACHE: string;
export declare function inputsDigest(root: string, runtime?: string): string;
export declare function outputsSummary(dist: string): { files: number; bytes: number };
export declare function upToDate(root: string, runtime?: string): boolean;
export declare function buildIfStale(root: string, build: () => number, options?: { force?: boolean; runtime?: string }): { status: number; skipped: boolean };
