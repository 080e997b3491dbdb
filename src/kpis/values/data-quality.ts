/** The U4SSC six-level data-quality scale (Data Collection Template, column T). */
export const DATA_QUALITY = {
  accurate_measurement: 'Based on accurate measurements',
  survey_extrapolation: 'Extrapolated from a survey of inhabitants',
  higher_level_extrapolation: 'Extrapolated from higher-level data',
  assumption_estimate: 'Estimation based on certain assumptions',
  personal_estimate: 'Personal estimation',
  unknown_methodology: 'Unknown methodology, not traceable',
} as const;

export type DataQuality = keyof typeof DATA_QUALITY;

export const DATA_QUALITY_KEYS = Object.keys(DATA_QUALITY) as DataQuality[];
