// Types of stamp.mjs for the tests that import it (test/scripts/build/stamp.test.ts).
export declare const INPUT_DIRS: readonly string[];
export declare const INPUT_FILES: readonly string[];
export declare function inputsDigest(root: string): string;
export declare function outputsSummary(dist: string): { files: number; bytes: number };
export declare function upToDate(root: string): boolean;
export declare function removeStamp(root: string): void;
export declare function writeStamp(root: string): void;
