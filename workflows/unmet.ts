/** One condition that does not hold: a stable key and a sentence for the person who can fix it. */
export interface Unmet {
  condition: string;
  message: string;
}
