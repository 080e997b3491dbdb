import { plainToInstance } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min, MinLength, validateSync } from 'class-validator';
import { fieldProblems } from './validation';

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
