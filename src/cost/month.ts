/** Month = 730 h, as cloud price sheets use. */
export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
export const BYTES_PER_GB = 1e9;
