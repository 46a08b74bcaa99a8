// Latency histograms for the faces (the TUI's CDF charts): the engine's log-bucketed histogram
// through run/, so tui/ never reaches into engine/.
export { LogHistogram, type LogHistogramState } from '../engine/stats/logHistogram.js';
