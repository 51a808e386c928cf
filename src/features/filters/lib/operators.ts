/**
 * The contract's operators in words, grouped the way a person chooses them. The operator list itself comes from
 * the contract module; this only names what it has.
 */
import { isListOperator, operatorValueType, type Operator } from '../../../contract/list-query';

export const OPERATOR_LABELS: Record<Operator, string> = {
  eq: 'is',
  'eq:string': 'is (text)',
  'eq:number': 'is (number)',
  'eq:boolean': 'is (true/false)',
  in: 'is one of',
  'in:string': 'is one of (text)',
  'in:number': 'is one of (numbers)',
  gt: 'greater than',
  'gt:number': 'greater than (number)',
  gte: 'at least',
  'gte:number': 'at least (number)',
  lt: 'less than',
  'lt:number': 'less than (number)',
  lte: 'at most',
  'lte:number': 'at most (number)',
};

export interface OperatorGroup {
  label: string;
  operators: readonly Operator[];
}

/**
 * `<optgroup>`s. Untyped `eq` sits with text because that is how it is used most (`status is active`); it also
 * matches numbers and booleans, which its description says.
 */
export const OPERATOR_GROUPS: readonly OperatorGroup[] = [
  { label: 'text', operators: ['eq', 'eq:string'] },
  { label: 'number', operators: ['eq:number'] },
  { label: 'true/false', operators: ['eq:boolean'] },
  { label: 'list', operators: ['in', 'in:string', 'in:number'] },
  { label: 'range', operators: ['gt', 'gte', 'lt', 'lte', 'gt:number', 'gte:number', 'lt:number', 'lte:number'] },
];

/** Every operator of the contract is offered exactly once (checked by a test, so a new operator cannot be missed). */
export const GROUPED_OPERATORS: readonly Operator[] = OPERATOR_GROUPS.flatMap((group) => group.operators);

/** What the value control of an operator is. */
export type ValueControl = 'text' | 'number' | 'boolean' | 'list';

export function valueControl(operator: Operator): ValueControl {
  if (isListOperator(operator)) return 'list';
  const type = operatorValueType(operator);
  return type === 'number' ? 'number' : type === 'boolean' ? 'boolean' : 'text';
}
