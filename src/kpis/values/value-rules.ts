import type { FieldProblem } from '../../common/field-problems';
import { validateValue } from '../../scoring/engine';
import type { CatalogueKpi } from '../catalogue/catalogue';
import type { PutKpiValueDto } from './kpi-values.dto';

/** '' and absent mean "no data point" (a single-value KPI). */
export const dataPointOf = (given: string | null | undefined): string | null =>
  given === undefined || given === null || given.trim() === '' ? null : given.trim();

/** Required for a KPI with data points (one of its keys), refused for a single-value KPI. */
export function dataPointProblems(kpi: CatalogueKpi, dataPoint: string | null | undefined): FieldProblem[] {
  return validateValue(kpi, dataPointOf(dataPoint), undefined)
    .filter((p) => p.field === 'dataPoint')
    .map((p) => ({ ...p, rule: 'dataPoint' }));
}

const VALUE_FIELDS = ['value', 'year', 'source', 'dataQuality', 'evidenceUrl', 'dataOrigin'] as const;

/**
 * What the catalogue says about a submission whose fields are well-formed (the DTO checked them):
 * the data point rules and the value's possible range; for `notAvailable`, no value fields (and
 * the data point may be omitted: the whole KPI is not available).
 */
export function submissionProblems(kpi: CatalogueKpi, dto: PutKpiValueDto): FieldProblem[] {
  if (dto.notAvailable === true) {
    const extra = VALUE_FIELDS.filter((field) => dto[field] !== undefined).map((field) => ({
      field,
      rule: 'notAvailable',
      message: `${field} is not allowed when notAvailable is true`,
    }));
    // Without a data point, a KPI with data points is not available as a whole.
    return [...extra, ...(dataPointOf(dto.dataPoint) === null ? [] : dataPointProblems(kpi, dto.dataPoint))];
  }
  const reason: FieldProblem[] =
    dto.reason === undefined ? [] : [{ field: 'reason', rule: 'notAvailable', message: 'reason is given only with notAvailable: true' }];
  const catalogue = validateValue(kpi, dataPointOf(dto.dataPoint), dto.value).map((p) => ({
    ...p,
    rule: p.field === 'value' ? 'range' : 'dataPoint',
  }));
  return [...reason, ...catalogue];
}
