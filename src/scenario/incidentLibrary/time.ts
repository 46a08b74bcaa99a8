/** Hours and minutes to seconds, so that a timeline reads like the postmortem it copies. */
export const hm = (hours: number, minutes = 0): number => hours * 3600 + minutes * 60;
