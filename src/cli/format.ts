/**
 * Terminal text rendering lives in report/terminalTable.ts (shared by cli and tui, which must not
 * import each other). Kept as a re-export for the commands that still import it from here.
 */
export { colorEnabled, table } from '../report/terminalTable.js';
