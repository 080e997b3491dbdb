import type { Band, TargetSpec, ValueStatus } from './types';

/** Lower edges of the scored bands, as fractions of the target reached (the official 95 / 66 / 33 %). */
export const BAND_EDGES = { reached: 0.95, above_two_thirds: 0.66, one_to_two_thirds: 0.33 } as const;

const BAND_POINTS: Record<Band, number | null> = {
  reached: 4,
  above_two_thirds: 3,
  one_to_two_thirds: 2,
  below_one_third: 1,
  no_target: null,
  no_data: null,
};

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** Removes float noise, so that 95 % computed as 0.9499999999999999 still counts as 95 %. */
export const tidy = (x: number): number => Math.round(x * 1e9) / 1e9;

/** A target can be scored against only with a start that differs from it. */
export function hasTarget(spec: TargetSpec): boolean {
  return spec.target !== null && spec.start !== null && spec.target !== spec.start;
}

/**
 * Share of the way from `start` (0) to `target` (1), clamped to [0, 1] and rounded to 1e-9.
 * For `band`: 1 − |value − target| / |target − start|. Null when there is no target
 * (target or start missing, or target = start).
 */
export function progress(value: number, spec: TargetSpec): number | null {
  const { target, start, direction } = spec;
  if (target === null || start === null || target === start || !Number.isFinite(value)) return null;
  const share =
    direction === 'band'
      ? 1 - Math.abs(value - target) / Math.abs(target - start)
      : (value - start) / (target - start);
  return tidy(clamp01(share));
}

/** The band of a progress fraction (0–1); the edges belong to the upper band. */
export function bandOf(fraction: number): Band {
  const p = tidy(fraction);
  if (p >= BAND_EDGES.reached) return 'reached';
  if (p >= BAND_EDGES.above_two_thirds) return 'above_two_thirds';
  if (p >= BAND_EDGES.one_to_two_thirds) return 'one_to_two_thirds';
  return 'below_one_third';
}

/** 4, 3, 2, 1 points for the scored bands; null for `no_target` and `no_data` (left out). */
export function pointsOf(band: Band): number | null {
  return BAND_POINTS[band];
}

/** A value counts once the city has submitted it; drafts, rejected and not-available values do not. */
export function isReported(status: ValueStatus): boolean {
  return status === 'submitted' || status === 'verified';
}
