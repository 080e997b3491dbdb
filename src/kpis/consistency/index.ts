/** The consistency checks of the U4SSC KPIs Verification Manual: the rule file's reader and the engine. Pure. */
export * from './types';
export { loadConsistencyRules, parseConsistencyRules, RULE_FILE } from './rules';
export { checkConsistency, formatNumber, isPercentageUnit, sourceText } from './check';
