import { plainToInstance } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min, MinLength, validateSync } from 'class-validator';
import { fieldProblems, isMoney } from './validation';

class Sample {
  @IsOptional() @IsInt({ message: 'expectedVersion must be a whole number' }) @Min(1)
  expectedVersion?: number;

  @IsString() @MinLength(2) @MaxLength(5)
  name!: string;
}

const problems = (body: object) => fieldProblems(validateSync(plainToInstance(Sample, body)));

describe('validation problems, one clear message per broken rule', () => {
  it('names the type rule alone when a value has the wrong type', () => {
    expect(problems({ expectedVersion: '7', name: 42 })).toEqual([
      { field: 'expectedVersion', rule: 'isInt', message: 'expectedVersion must be a whole number' },
      { field: 'name', rule: 'isString', message: 'name must be a string' },
    ]);
  });

  it('names every range rule broken by a value of the right type', () => {
    expect(problems({ expectedVersion: 0, name: 'x' })).toEqual([
      { field: 'expectedVersion', rule: 'min', message: 'expectedVersion must not be less than 1' },
      { field: 'name', rule: 'minLength', message: 'name must be longer than or equal to 2 characters' },
    ]);
  });
});

describe('isMoney', () => {
  it('takes cents and refuses what is finer, written plainly or with an exponent', () => {
    for (const ok of [0, 1, 0.1, 12.34, 1e3, 999_999_999_999.99]) expect(isMoney(ok)).toBe(true);
    for (const no of [0.001, 1e-7, 1e-9, 12.345, Number.NaN, Number.POSITIVE_INFINITY, '12.34', null]) expect(isMoney(no)).toBe(false);
  });
});
